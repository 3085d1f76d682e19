from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from base.backups import BackupError, create_backup, default_output


class Command(BaseCommand):
    help = (
        "Write one archive (tar.gz, mode 0600) with the database, MEDIA_ROOT, PRIVATE_MEDIA_ROOT, the "
        "signing key file and a manifest of SHA-256 sums. See docs/operations/backup.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", help="the archive to write (default: var/backups/cart-backup-<time>.tar.gz)"
        )

    def handle(self, *args, **options):
        output = Path(options["output"]) if options["output"] else default_output()
        try:
            manifest = create_backup(output, progress=lambda line: self.stdout.write(f"  {line}"))
        except BackupError as error:
            raise CommandError(f"backup: {error}") from error
        total = sum(entry["size"] for entry in manifest["files"])
        self.stdout.write(
            f"backup written to {output.resolve()}: {len(manifest['files'])} files, {total} bytes before "
            f"compression, {manifest['engine']} database, audit log: {manifest['audit']['message']}"
        )
        if manifest["signing_key"] == "environment":
            self.stderr.write(
                "the signing key comes from CERTIFICATE_SIGNING_KEY and is NOT in the archive: keep it safe "
                "separately (old certificates still verify with the public keys in the database)"
            )
        elif manifest["signing_key"] == "none":
            self.stderr.write("no signing key file was found, so none is in the archive")
