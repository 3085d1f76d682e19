from django.core.management.base import BaseCommand, CommandError

from audit.api import verify_chain


class Command(BaseCommand):
    help = "Check the audit trail's hash chain; print OK or the first broken link (exit status 1)."

    def handle(self, *args, **options):
        check = verify_chain()
        if not check.ok:
            raise CommandError(f"audit log: {check.message}")
        self.stdout.write(f"audit log: {check.message}")
