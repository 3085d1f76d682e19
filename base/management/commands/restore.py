import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from base.backups import BackupError, check_archive, database_holds_data, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive written by `backup`: checks it completely first (manifest, every SHA-256, "
        "format, database engine, migrations), then replaces the database and writes the files. Stop the "
        "site first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .tar.gz written by `manage.py backup`")
        parser.add_argument(
            "--yes", action="store_true", help="replace a database that already holds data without asking"
        )

    def handle(self, *args, **options):
        archive = Path(options["archive"])
        with tempfile.TemporaryDirectory(prefix="cart-restore-") as folder:
            try:
                staged = check_archive(archive, into=Path(folder))
            except BackupError as error:
                raise CommandError(f"restore refused, nothing was changed: {error}") from error
            manifest = staged.manifest
            self.stdout.write(
                f"archive checked: {len(manifest['files'])} files, made {manifest['created_at']} "
                f"({manifest['engine']}, Django {manifest['django']})"
            )
            users = database_holds_data()
            if users and not options["yes"]:
                question = (
                    f"The database holds {users} user accounts; they will be replaced by the archive's. "
                    "Type 'yes' to continue: "
                )
                if not sys.stdin.isatty() or input(question).strip().lower() != "yes":
                    raise CommandError(
                        f"restore refused, nothing was changed: the database holds {users} user accounts; "
                        "pass --yes to replace it"
                    )
            try:
                restored = restore_backup(staged, progress=lambda line: self.stdout.write(f"  {line}"))
            except BackupError as error:
                raise CommandError(f"restore failed: {error}") from error
        files = ", ".join(f"{count} {top} files" for top, count in restored.files.items())
        self.stdout.write(f"restored the {restored.database} database, {files}; signing key: {restored.key}")
        for path in restored.kept_aside:
            self.stdout.write(f"the signing key that was in place is kept as {path}")
        if restored.unapplied:
            self.stdout.write(
                f"the code has newer migrations; run `manage.py migrate` ({', '.join(restored.unapplied)})"
            )
        self.stdout.write(f"audit log: {restored.audit_message}")
        if not restored.audit_ok:
            raise CommandError("restored, but the audit chain does not verify: see the message above")
