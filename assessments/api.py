"""What other apps may use of assessments: quiz outcomes, the one pass rule, news of a finished attempt.

`attempt_finished` is sent (inside the grading transaction) after an attempt is graded, whether submitted
by the trainee or closed at its deadline: `sender` is the `Attempt` class, `attempt` the graded attempt.
Higher apps listen to it (learning re-checks course completion) — assessments never imports them.
"""

from .models import Assessment, Attempt
from .services import AssessmentOutcome, assessment_outcomes, passes
from .signals import attempt_finished

__all__ = ["Assessment", "AssessmentOutcome", "Attempt", "assessment_outcomes", "attempt_finished", "passes"]
