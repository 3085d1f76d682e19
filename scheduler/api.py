"""What other parts of the project may use of the scheduler: run the due jobs once (the `scheduler`
command loops over it), and the next slot of a job specification."""

from .services import next_after, run_due_jobs

__all__ = ["next_after", "run_due_jobs"]
