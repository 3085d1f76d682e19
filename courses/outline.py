"""The course outline (course page and lesson sidebar) as markup kept per publish generation, with each
person's own state filled in per request (docs/decisions/0018-page-cache.md, "Signed-in pages").

`courses/includes/outline.html` renders the outline's structure — modules, lessons, quizzes, titles, links —
with a placeholder `<!--ph:KIND:PK:PART-->` wherever a person's state goes. That markup depends only on the
published pages and the language, so it is rendered once per generation for each course, host and
language. `fill` then puts in this person's marks (lessons done, the current lesson, locks for a visitor
who is not enrolled, module counts, quiz and exam states): a few string operations instead of a template
render of the whole outline. Every value put in is built here and escaped (`format_html`); the content
around the placeholders is autoescaped by the template, so no title can contain one.
"""

from __future__ import annotations

import re

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from base.api import cached_for_generation

TEMPLATE = "courses/includes/outline.html"
QUIZ_STATE_TEMPLATE = "courses/includes/quiz_state.html"
PLACEHOLDER = re.compile(r"<!--ph:([lmqe]:\d+:[a-z]+)-->")


def skeleton(*, outline, final_exams, request) -> str:
    """The outline's markup with placeholders, once per generation, course, host and language."""

    def render():
        return render_to_string(
            TEMPLATE, {"outline": outline, "final_exams": final_exams or []}, request=request
        )

    if request is None or getattr(request, "is_preview", False):
        return render()  # a draft's outline is never kept
    return cached_for_generation(
        ("outline-html", outline.course.pk, request.get_host(), translation.get_language()), render
    )


def marks(*, outline, final_exams, current=None, user=None) -> dict[str, str]:
    """This person's state, by placeholder."""
    enrolled = outline.enrolment is not None
    signed_in = bool(getattr(user, "is_authenticated", False))
    current_pk = getattr(current, "pk", None)
    found: dict[str, str] = {}
    for module_index, module in enumerate(outline.modules):
        found[f"m:{module.page.pk}:count"] = (
            format_html('<span class="muted">{}/{}</span>', module.done, module.total) if enrolled else ""
        )
        for lesson_index, lesson in enumerate(module.lessons):
            prefix = f"l:{lesson.page.pk}"
            is_current = current_pk is not None and current_pk == lesson.page.pk
            found[f"{prefix}:class"] = " ".join(
                name for name, on in (("is-done", lesson.done), ("is-current", is_current)) if on
            )
            found[f"{prefix}:state"] = "✓" if lesson.done else str(int(lesson.number))
            found[f"{prefix}:current"] = ' aria-current="page"' if is_current else ""
            if lesson.done:
                found[f"{prefix}:tail"] = format_html(
                    '<span class="visually-hidden">{}</span>', _("(completed)")
                )
            elif not enrolled and module_index and lesson_index:
                label = _("Enrol to open")
                found[f"{prefix}:tail"] = format_html(
                    '<span class="lock" title="{}">🔒<span class="visually-hidden">{}</span></span>',
                    label,
                    label,
                )
        for quiz in module.quizzes:
            found.update(_quiz_marks("q", quiz, pending="?", signed_in=signed_in))
    for exam in final_exams or []:
        found.update(_quiz_marks("e", exam, pending="★", signed_in=signed_in))
    return found


def _quiz_marks(kind: str, quiz, *, pending: str, signed_in: bool) -> dict[str, str]:
    prefix = f"{kind}:{quiz.assessment.pk}"
    return {
        f"{prefix}:class": " is-done" if quiz.passed else "",
        f"{prefix}:mark": "✓" if quiz.passed else pending,
        f"{prefix}:state": " · " + render_to_string(QUIZ_STATE_TEMPLATE, {"quiz": quiz}) if signed_in else "",
    }


def fill(markup: str, values: dict[str, str]) -> SafeString:
    """`markup` with each placeholder replaced by its value ('' when this person has none)."""
    return mark_safe(PLACEHOLDER.sub(lambda match: values.get(match.group(1), ""), markup))  # noqa: S308


def render_outline(*, outline, final_exams=None, current=None, request=None) -> SafeString:
    """The outline for the person making `request`, on the markup kept for this generation."""
    user = getattr(request, "user", None)
    return fill(
        skeleton(outline=outline, final_exams=final_exams, request=request),
        marks(outline=outline, final_exams=final_exams, current=current, user=user),
    )
