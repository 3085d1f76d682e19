"""Signals assessments sends; documented in `assessments/api.py`, where other apps import them from."""

from django.dispatch import Signal

attempt_finished = Signal()  # sender=Attempt, attempt=<the graded attempt>
