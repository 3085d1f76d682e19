"""The extension point for question banks and quizzes: `courses` reads and imports them through hooks.

`courses` must not import `assessments`, so the app that owns questions registers Wagtail hooks (see the
package docstring for their names and signatures); `assessments/wagtail_hooks.py` does.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from .spec import CourseSpec

READ_BANK_HOOK = "course_package_read_bank"
IMPORT_QUIZZES_HOOK = "course_package_import_quizzes"


def quiz_handler(hook: str) -> Callable | None:
    """The function registered for `hook` (the last one, in Wagtail's hook order), or None."""
    from wagtail import hooks

    registered = hooks.get_hooks(hook)
    return registered[-1] if registered else None


def no_handler(hook: str) -> str:
    """The problem reported when a package has question banks or quizzes and nothing handles them."""
    return _(
        "question banks and quizzes need a quiz handler, and none is registered "
        "(Wagtail hook %(hook)s, provided by the assessments app)"
    ) % {"hook": repr(hook)}


def has_quizzes(spec: CourseSpec) -> bool:
    return spec.final_exam is not None or any(module.banks or module.quiz for module in spec.modules)
