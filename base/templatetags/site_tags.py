import re

from django import template
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..dates import zone_in_words as zone_words
from ..navigation import language_links
from ..pagecache import cached_for_generation

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
    page, urls = context.get("page"), context.get("language_urls")
    match = getattr(request, "resolver_match", None)
    if urls is None and getattr(page, "pk", None) and match is not None and match.url_name == "wagtail_serve":
        # A Wagtail page's translations change only when pages are published (base.pagecache).
        key = ("language-links", request.get_host(), translation.get_language(), page.pk)
        return cached_for_generation(key, lambda: language_links(request, page))
    return language_links(request, page, urls)


@register.simple_tag
def zone_in_words(zone=None):
    """The time zone in words after a time: `{% zone_in_words %}` → "по московскому времени"."""
    return zone_words(zone)


_CITATION = re.compile(r"\[(S\d+[a-z]?)\]")


@register.filter(needs_autoescape=True)
def cite_links(value, numbers=None, autoescape=True):
    """In-text citations `[S11]` as links to the lesson's reference list: `[3]`, pointing at `#ref-S11`.

    `numbers` maps a source id to its number in the list (`page.citation_numbers`); ids it does not
    hold, and every id where no mapping is given (a page without a reference list), stay as written.
    """
    text = conditional_escape(value) if autoescape else str(value)
    if not numbers:
        return mark_safe(text)  # noqa: S308 - escaped above (or already safe HTML)

    def link(match: re.Match) -> str:
        source = match.group(1)
        number = numbers.get(source)
        if number is None:
            return match.group(0)
        label = _("Source %(number)s in the reference list") % {"number": number}
        return format_html(
            '<a class="citation" href="#ref-{}" aria-label="{}">[{}]</a>', source, label, number
        )

    return mark_safe(_CITATION.sub(link, text))  # noqa: S308 - the text was escaped; the links are built safely


@register.simple_tag(takes_context=True)
def cited(context, value):
    """`{% cited value|richtext %}`: `value` with its `[S11]` citations linked to the reference list of the
    page being shown (a lesson's `citation_numbers`); on any other page the text is left as it is."""
    numbers = getattr(context.get("page"), "citation_numbers", None)
    return cite_links(value, numbers if isinstance(numbers, dict) else None)
