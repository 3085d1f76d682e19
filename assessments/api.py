"""What other apps may use of assessments: quiz outcomes, the one pass rule, news of a finished attempt.

`attempt_finished` is sent (inside the grading transaction) after an attempt is graded, whether submitted
by the trainee or closed at its deadline: `sender` is the `Attempt` class, `attempt` the graded attempt.
Higher apps listen to it (learning re-checks course completion) — assessments never imports them.

`RESULT_CONTEXT_HOOK` ("assessments_result_context"): a higher app that adds to a graded attempt's result
page registers `fn(request=, attempt=, context=) -> dict` with `wagtail.hooks.register`; the dicts are merged
in hook order (`back_url` may be replaced; `next_step` and `certificate_moment` are rendered by the page).
"""

from .models import Assessment, Attempt
from .services import AssessmentOutcome, assessment_outcomes, passes
from .signals import RESULT_CONTEXT_HOOK, attempt_finished

__all__ = [
    "RESULT_CONTEXT_HOOK",
    "Assessment",
    "AssessmentOutcome",
    "Attempt",
    "assessment_outcomes",
    "attempt_finished",
    "passes",
]
