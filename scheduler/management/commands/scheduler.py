import signal
import threading

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from scheduler.services import run_due_jobs


class Command(BaseCommand):
    help = (
        "Enqueue the periodic jobs of settings.SCHEDULED_TASKS when their time comes (finishing overdue "
        "attempts, renewal reminders, the employer digest). Start one beside the task worker on each node "
        "if you like: each slot is claimed by one scheduler only. --once checks once and exits (for cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=10.0, help="seconds between checks (10)")
        parser.add_argument("--once", action="store_true", help="check once, then exit")

    def handle(self, *args, interval: float, once: bool, **options):
        stop = threading.Event()
        if not once:
            for signum in (signal.SIGINT, signal.SIGTERM):
                signal.signal(signum, lambda *_: stop.set())
            self.stdout.write(f"scheduler: checking every {interval:g} s (Ctrl-C stops)")
        while True:
            close_old_connections()
            for name in run_due_jobs():
                self.stdout.write(f"enqueued {name}")
            if once or stop.wait(interval):
                break
        close_old_connections()
