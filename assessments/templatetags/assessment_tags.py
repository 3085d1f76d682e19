"""`{% source_links item.source %}`: a question's sources as links to where its course teaches them."""

from django import template
from django.template.loader import render_to_string

from courses.api import SourceFinder, SourceSection

register = template.Library()


@register.simple_tag(takes_context=True)
def source_links(context, sources, page=None):
    """The lesson sections that teach a question and the entries of their reference lists.

    `sources` is a question's source reference ("S15 S16", or a list of ids); `page` the quiz's page
    (a module or a course), by default the page of the `assessment` in the context. A source no lesson
    cites is shown as a short citation from the source register. The lessons are read once per page
    render, however many questions ask.
    """
    ids = sources.split() if isinstance(sources, str) else list(sources or [])
    if not ids:
        return ""
    if page is None:
        assessment = context.get("assessment")
        page = getattr(assessment, "page", None)
    if page is None:
        return " ".join(ids)
    finders = context.render_context.setdefault("source_finders", {})
    finder = finders.get(page.pk)
    if finder is None:
        finder = finders[page.pk] = SourceFinder(page, context.get("request"))
    entries = [
        {"section": entry} if isinstance(entry, SourceSection) else {"source": entry}
        for entry in finder.links(ids)
    ]
    return render_to_string("assessments/includes/source_links.html", {"entries": entries})
