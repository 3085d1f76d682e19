"""The catalog's stable address and search."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.models import Locale

from .catalog import clean_query
from .models import CourseIndexPage
from .search import search_pages


@require_GET
def catalog(request):
    """The catalog in the active language (`courses:catalog`), filters kept (`?role=qc`)."""
    page = CourseIndexPage.objects.live().filter(locale=Locale.get_active()).first()
    if page is None:
        page = CourseIndexPage.objects.live().first()
    if page is None:
        raise Http404(_("The course catalog has not been published yet."))
    query = request.GET.urlencode()
    return HttpResponseRedirect(f"{page.url}?{query}" if query else page.url)


@require_GET
def search(request):
    query, notice = clean_query(request.GET.get("q"))
    results = search_pages(query=query) if query else []
    page_obj = Paginator(results, 10).get_page(request.GET.get("page"))
    return render(
        request,
        "courses/search.html",
        {"query": query, "notice": notice, "page_obj": page_obj, "results": page_obj.object_list},
    )
