from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from certificates import signing
from certificates.models import SigningKey


class Command(BaseCommand):
    help = (
        "Create a new Ed25519 signing key. Without --output it replaces the key file in "
        "CERTIFICATE_SIGNING_KEY_FILE (the old file is kept beside it as .retired). Old public keys stay "
        "in /.well-known/jwks.json, so certificates signed with them remain verifiable."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="write the new private key here (PEM) instead of the key file")

    def handle(self, *args, **options):
        target = Path(options["output"] or settings.CERTIFICATE_SIGNING_KEY_FILE)
        if options["output"] and target.exists():
            raise CommandError(f"{target} exists; choose a new file")
        if not options["output"] and target.exists():
            retired = target.with_suffix(f".{timezone.now():%Y%m%d%H%M%S}.retired")
            target.rename(retired)
            self.stdout.write(f"previous key kept as {retired}")
        key = signing.generate_key_file(target)
        jwk = signing.public_jwk(key)
        kid = signing.thumbprint(jwk)
        SigningKey.objects.filter(retired_at__isnull=True).exclude(kid=kid).update(retired_at=timezone.now())
        SigningKey.objects.get_or_create(kid=kid, defaults={"public_jwk": jwk})
        signing._cached_private_key.cache_clear()
        self.stdout.write(f"new signing key {kid} written to {target}")
        if options["output"]:
            self.stdout.write(
                "point CERTIFICATE_SIGNING_KEY_FILE at it (or paste it into CERTIFICATE_SIGNING_KEY)"
            )
