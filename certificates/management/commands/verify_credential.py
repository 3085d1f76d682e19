from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from certificates.inspection import inspect_file


class Command(BaseCommand):
    help = (
        "Check a certificate PDF or a credential file offline, as /verify/upload/ does: the PDF signature, "
        "the signer, the embedded credential and its proof, the printed text. The status is not checked "
        "(it needs the live site). Exit code 0 when every check passes, 1 otherwise."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a certificate PDF or a credential (.json) file")

    def handle(self, *args, **options):
        path = Path(options["file"])
        limit = settings.VERIFY_UPLOAD_MAX_BYTES
        try:
            size = path.stat().st_size
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from error
        if size > limit:
            raise CommandError(f"{path}: larger than {limit // (1024 * 1024)} MB; not a certificate file")
        result = inspect_file(path.read_bytes(), check_status=False)
        for check in result.checks:
            mark = "OK  " if check.ok else ("--  " if check.ok is None else "FAIL")
            self.stdout.write(f"{mark} {check.name}: {check.message}")
        if not result.ok:
            raise CommandError(f"{path}: NOT VERIFIED")
        self.stdout.write(f"{path}: verified")
