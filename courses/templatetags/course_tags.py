from django import template
from django.utils import translation

register = template.Library()


@register.simple_tag(takes_context=True)
def glossary_url(context) -> str:
    """The glossary page's URL in the current language ('' when there is none); looked up once per request."""
    request = context.get("request")
    cache = request.__dict__ if request is not None else {}
    language = translation.get_language() or "ru"
    key = f"_glossary_url_{language}"
    if key not in cache:
        from .. import models

        page = models.GlossaryPage.objects.live().filter(locale__language_code=language).first()
        cache[key] = page.url if page else ""
    return cache[key]


@register.filter
def short_term(term: str) -> str:
    """The head of a glossary term for the index: "CRS — cytokine release syndrome" → "CRS"."""
    return term.split(" — ", 1)[0].strip()


@register.simple_tag(takes_context=True)
def course_outline(context, current=None):
    """The course outline (`outline`, `final_exams` from the page's context) with this person's progress,
    quiz states and current lesson, on markup kept until the next publish (courses/outline.py)."""
    from ..outline import render_outline

    outline = context.get("outline")
    if outline is None:
        return ""
    return render_outline(
        outline=outline,
        final_exams=context.get("final_exams"),
        current=current,
        request=context.get("request"),
    )
