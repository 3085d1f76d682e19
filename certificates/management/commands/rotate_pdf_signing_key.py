from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from certificates import pades
from certificates.models import PdfSigningCertificate


class Command(BaseCommand):
    help = (
        "Create a new PDF signing key (ECDSA P-256) and its self-issued certificate. Without --output it "
        "replaces the key file (the old file is kept beside it as .retired). Every old certificate stays "
        "published at /.well-known/pdf-signing-certificates.pem, so PDFs signed with it remain verifiable. "
        "Stored PDFs are not re-signed; re-render a certificate to sign it with the new key."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="write the new key and certificate here (PEM) instead")

    def handle(self, *args, **options):
        target = Path(options["output"]) if options["output"] else pades.key_file()
        if options["output"] and target.exists():
            raise CommandError(f"{target} exists; choose a new file")
        if not options["output"] and target.exists():
            retired = target.with_suffix(f".{timezone.now():%Y%m%d%H%M%S}.retired")
            target.rename(retired)
            self.stdout.write(f"previous key kept as {retired}")
        _key, certificate = pades.generate_key_file(target)
        fingerprint = pades.fingerprint(certificate)
        PdfSigningCertificate.objects.filter(retired_at__isnull=True).exclude(fingerprint=fingerprint).update(
            retired_at=timezone.now()
        )
        pades.register(certificate)
        pades.reset_cache()
        self.stdout.write(f"new PDF signing certificate SHA-256 {fingerprint} written to {target}")
        if options["output"]:
            self.stdout.write(
                "point CERTIFICATE_PDF_SIGNING_KEY_FILE at it (or paste it into CERTIFICATE_PDF_SIGNING_KEY)"
            )
