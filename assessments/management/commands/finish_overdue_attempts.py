from django.core.management.base import BaseCommand

from assessments.tasks import finish_overdue_attempts_task


class Command(BaseCommand):
    help = (
        "Enqueue the task that grades and closes attempts past their deadline. The scheduler "
        "(`manage.py scheduler`, started by `make run`) already does it every minute; attempts are also "
        "finished lazily when their trainee returns."
    )

    def handle(self, *args, **options):
        result = finish_overdue_attempts_task.enqueue()
        if result.is_finished:
            self.stdout.write(f"finished {result.return_value} overdue attempts")
        else:
            self.stdout.write(f"enqueued task {result.id}")
