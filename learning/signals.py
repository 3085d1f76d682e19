"""Signals learning sends; documented in `learning/api.py`, where other apps import them from."""

from django.dispatch import Signal

course_completed = Signal()  # sender=Enrolment, user=<trainee>, course=<CoursePage just completed>

DASHBOARD_CONTEXT_HOOK = "learning_dashboard_context"  # wagtail hook: fn(request=, context=) -> dict
