"""Signals assessments sends; documented in `assessments/api.py`, where other apps import them from."""

from django.dispatch import Signal

attempt_finished = Signal()  # sender=Attempt, attempt=<the graded attempt>

# Higher apps add to the result page: `fn(request=, attempt=, context=) -> dict`, registered with
# `wagtail.hooks.register` (learning: the next step and the way back to the course; certificates, after it:
# the certificate a pass has just earned).
RESULT_CONTEXT_HOOK = "assessments_result_context"
