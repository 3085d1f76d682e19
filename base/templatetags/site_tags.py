from django import template

from ..dates import zone_in_words as zone_words
from ..navigation import language_links

register = template.Library()


@register.simple_tag(takes_context=True)
def get_language_links(context):
    """Links to the page being shown in each language: `{% get_language_links as links %}`.

    A view whose page has translations of its own (an assessment) puts them in its context as
    `language_urls` (language code → URL).
    """
    request = context.get("request")
    if request is None:
        return []
    return language_links(request, context.get("page"), context.get("language_urls"))


@register.simple_tag
def zone_in_words(zone=None):
    """The time zone in words after a time: `{% zone_in_words %}` → "по московскому времени"."""
    return zone_words(zone)
