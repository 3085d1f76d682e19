from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.loader import DEMO_ACCOUNTS, DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the demo page tree (ru and en) and demo accounts. Safe to run again: it changes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--without-curriculum",
            action="store_true",
            help="skip importing the course packages of site/content (the small demo course only)",
        )

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_CONTENT_ALLOWED", False):
            raise CommandError(
                "load_demo refuses to run with these settings: demo accounts have known passwords."
            )
        report = load_demo(curriculum=not options["without_curriculum"])
        if report.created:
            for item in report.created:
                self.stdout.write(f"  created {item}")
        else:
            self.stdout.write("  nothing to do: the demo content is already there")
        self.stdout.write(self.style.SUCCESS(f"Demo content ready. Accounts (password {DEMO_PASSWORD}):"))
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.role:<20} {account.email}")
        self.stdout.write("Two-factor code of the accounts that need one: python manage.py demo_code")
