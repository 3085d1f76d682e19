import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.loader import DEMO_ACCOUNTS, DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = (
        "Print the current two-factor code of each demo account that has the demo authenticator app "
        "(the code to type after the password). Demo only."
    )

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_CONTENT_ALLOWED", False):
            raise CommandError("demo_code refuses to run with these settings: it is for demo accounts only.")
        now = int(time.time())
        period = mfa_settings.TOTP_PERIOD
        code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, now // period))
        emails = [account.email for account in DEMO_ACCOUNTS]
        with_demo_app = sorted(
            authenticator.user.email
            for authenticator in Authenticator.objects.filter(
                user__email__in=emails, type=Authenticator.Type.TOTP
            ).select_related("user")
            if decrypt(authenticator.data["secret"]) == DEMO_TOTP_SECRET
        )
        if not with_demo_app:
            self.stdout.write("No demo account has the demo authenticator app: run `load_demo` first.")
            return
        self.stdout.write(f"Two-factor codes, valid for {period - now % period} more seconds (each once):")
        for email in with_demo_app:
            self.stdout.write(f"  {email:<32} {code}")
        self.stdout.write(f"Or add the secret {DEMO_TOTP_SECRET} to an authenticator app.")
