"""Admin templates without inline scripts (base/admin_widgets.py)."""

import json

from django import template

from base.admin_widgets import admin_init_script

register = template.Library()


@register.simple_tag
def admin_init(function: str, *args, construct: bool = False) -> str:
    """`{% admin_init "InlinePanel" options_json|from_json construct=True %}`: the call as JSON."""
    return admin_init_script(function=function, args=list(args), construct=construct)


@register.filter
def from_json(text: str):
    """JSON text that Wagtail prepared for an inline script, as a value."""
    return json.loads(text)
