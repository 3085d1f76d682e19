"""Wagtail 8.0's admin without inline scripts (docs/decisions/*-security-headers.md).

Wagtail starts a few widgets with an inline `<script>`: every chooser (`new PageChooser(id, options)`,
images, documents, snippets, tasks), the date and time pickers, InlinePanel and MultipleChooserPanel
(upstream: wagtail/wagtail#1288, #12940). `script-src 'self'` refuses them. Here each becomes the same call
written as JSON in a `<script type="application/json" data-admin-init>` element, which the browser never
executes; `base/static/base/admin-csp.js` (loaded on every admin page) makes the call. The date and panel
templates are overridden in `base/templates/wagtailadmin/`; the choosers render through `BaseChooser.render`,
replaced by `render_chooser_without_inline_script` when the app is ready.
"""

from __future__ import annotations

import json

from django.utils.html import format_html
from django.utils.safestring import mark_safe

JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def admin_init_script(*, function: str, args: list, construct: bool = False) -> str:
    """`<script type="application/json" data-admin-init>` asking admin-csp.js to call `function(*args)`."""
    spec = json.dumps({"function": function, "new": construct, "args": args}).translate(JSON_ESCAPES)
    return format_html('<script type="application/json" data-admin-init>{}</script>', mark_safe(spec))  # noqa: S308 - escaped above


def init_spec(widget, id_: str, name: str, value_data) -> dict | None:
    """What the chooser's inline script would call, or None for a chooser this module does not know."""
    from wagtail.admin.widgets import BaseChooser
    from wagtail.admin.widgets.workflows import AdminTaskChooser

    render_js_init = type(widget).render_js_init
    if render_js_init is BaseChooser.render_js_init:
        options = widget.get_js_init_options(id_, name, value_data)
        return {"function": widget.js_constructor, "args": [id_, options], "construct": True}
    if render_js_init is AdminTaskChooser.render_js_init:
        return {"function": "createTaskChooser", "args": [id_]}
    return None


def install() -> None:
    """Replace BaseChooser.render (called from BaseConfig.ready)."""
    from wagtail.admin.widgets import BaseChooser

    original = BaseChooser.render

    def render_chooser_without_inline_script(self, name, value, attrs=None, renderer=None):
        try:
            id_ = attrs["id"]
        except (KeyError, TypeError):
            return original(self, name, value, attrs=attrs, renderer=renderer)  # Wagtail's own error
        value_data = self.get_value_data(value)
        spec = init_spec(self, id_, name, value_data)
        if spec is None:
            return original(self, name, value, attrs=attrs, renderer=renderer)
        widget_html = self.render_html(name, value_data, attrs)
        return mark_safe(f"{widget_html}{admin_init_script(**spec)}")  # noqa: S308 - both parts are escaped HTML

    BaseChooser.render = render_chooser_without_inline_script


# Wagtail's snippet chooser words its buttons ("Choose question bank", "Edit this organisation") once, when
# the widget is made: at start-up, in no particular language. These keep Wagtail's wording and translations
# (its own catalogue) but word them when the page is drawn, in the reader's language.
SNIPPET_CHOOSER_TEXTS = {
    "choose_one_text": "Choose %(object)s",
    "choose_another_text": "Choose another %(object)s",
    "link_to_chosen_text": "Edit this %(object)s",
}


def _worded_later(message: str, model):
    from django.utils.functional import lazy
    from django.utils.translation import gettext

    return lazy(lambda: gettext(message) % {"object": model._meta.verbose_name}, str)()


def install_translated_snippet_chooser() -> None:
    """Make AdminSnippetChooser's button texts lazy (called from BaseConfig.ready)."""
    from wagtail.snippets.widgets import AdminSnippetChooser

    original = AdminSnippetChooser.__init__

    def init_with_lazy_texts(self, model=None, **kwargs):
        original(self, model=model, **kwargs)
        for attribute, message in SNIPPET_CHOOSER_TEXTS.items():
            setattr(self, attribute, _worded_later(message, self.model))

    AdminSnippetChooser.__init__ = init_with_lazy_texts
