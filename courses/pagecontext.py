"""The extension point through which higher apps add to course pages' context (see `courses/api.py`)."""

from wagtail import hooks

PAGE_CONTEXT_HOOK = "courses_page_context"


def added_context(*, page, request, context: dict) -> dict:
    """What the registered apps add to this page's context (their dicts merged in registration order)."""
    added: dict = {}
    for provide in hooks.get_hooks(PAGE_CONTEXT_HOOK):
        added.update(provide(page=page, request=request, context={**context, **added}) or {})
    return added
