"""The extension point through which course pages get their context (see `courses/api.py`).

Courses registers its own providers in `courses/wagtail_hooks.py`: the structure first (order -100), the
trainee's place among the lessons last (order 100); higher apps register in between (order 0).
"""

from wagtail import hooks

PAGE_CONTEXT_HOOK = "courses_page_context"


def added_context(*, page, request, context: dict) -> dict:
    """What the registered apps add to this page's context (their dicts merged in registration order)."""
    added: dict = {}
    for provide in hooks.get_hooks(PAGE_CONTEXT_HOOK):
        added.update(provide(page=page, request=request, context={**context, **added}) or {})
    return added


class AddedContextMixin:
    """Course pages whose context is built by the registered providers (courses' own come first and last)."""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(added_context(page=self, request=request, context=context))
        return context
