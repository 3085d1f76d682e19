"""The catalog's filters, search and pagination, in a constant number of queries whatever its size."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from wagtail.models import Page

from base.api import cached_for_generation
from people.api import Organization

from .models import CoursePage, JobRole, LearningPathPage, Topic

MAX_QUERY_LENGTH = 200


def clean_query(raw: str | None) -> tuple[str, str | None]:
    """A search string fit to use, and a notice when it had to be shortened."""
    query = " ".join((raw or "").split())
    if len(query) > MAX_QUERY_LENGTH:
        return query[:MAX_QUERY_LENGTH], _("Your search was shortened to its first %(count)s characters.") % {
            "count": MAX_QUERY_LENGTH
        }
    return query, None


def catalog_facets(catalog) -> dict:
    """The catalog's filter values and learning paths: computed once per publish generation (ADR 0018)."""

    def compute():
        courses = catalog_courses(catalog)
        return {
            "topics": list(Topic.objects.filter(coursepage__in=courses).distinct()),
            "roles": list(JobRole.objects.all()),
            "providers": list(Organization.objects.filter(courses__in=courses).distinct()),
            "paths": list(
                LearningPathPage.objects.live().child_of(catalog).select_related("role").order_by("title")
            ),
        }

    return cached_for_generation(("catalog-facets", catalog.pk), compute)


def catalog_courses(catalog):
    return CoursePage.objects.live().public().descendant_of(catalog).filter(locale_id=catalog.locale_id)


def catalog_context(*, catalog, request) -> dict:
    notices: list[str] = []
    courses = catalog_courses(catalog)

    facets = catalog_facets(catalog)
    topics, roles, providers = facets["topics"], facets["roles"], facets["providers"]
    providers.sort(key=lambda organization: organization.name)

    selected = {
        "topic": request.GET.get("topic", ""),
        "role": request.GET.get("role", ""),
        "provider": request.GET.get("provider", ""),
    }
    # Each filter: the values it may take, the lookup it applies, and what to say when the value is unknown.
    filters = (
        ("topic", {t.slug for t in topics}, "topics__slug", _("There is no such topic; showing all topics.")),
        (
            "role",
            {r.code for r in roles},
            "audience_roles__code",
            _("There is no such job role; showing all roles."),
        ),
        (
            "provider",
            {p.slug for p in providers},
            "provider__slug",
            _("There is no such provider; showing all providers."),
        ),
    )
    for name, known, lookup, unknown in filters:
        if not selected[name]:
            continue
        if selected[name] in known:
            courses = courses.filter(**{lookup: selected[name]})
        else:
            notices.append(unknown)
            selected[name] = ""

    query, notice = clean_query(request.GET.get("q"))
    if notice:
        notices.append(notice)
    if query:
        ranked = [
            page.pk
            for page in CoursePage.objects.live().filter(locale_id=catalog.locale_id).search(query)[:500]
        ]
        order = Case(
            *[When(pk=pk, then=Value(rank)) for rank, pk in enumerate(ranked)], output_field=IntegerField()
        )
        courses = (
            courses.filter(pk__in=ranked).annotate(rank=order).order_by("rank") if ranked else courses.none()
        )
    else:
        courses = courses.order_by("title")

    courses = (
        courses.distinct()
        .select_related("cover_image", "provider")
        .prefetch_related("audience_roles", "topics", "cover_image__renditions")
    )
    paginator = Paginator(courses, catalog.page_size)
    requested = request.GET.get("page", "1")
    page_obj = paginator.get_page(requested)
    if str(page_obj.number) != requested and "page" in request.GET:
        notices.append(
            _("There is no page %(requested)s; showing page %(number)s.")
            % {"requested": requested[:10], "number": page_obj.number}
        )

    cards = list(page_obj.object_list)
    languages: dict = {}
    for key, code in (
        Page.objects.live()
        .filter(translation_key__in=[card.translation_key for card in cards])
        .values_list("translation_key", "locale__language_code")
    ):
        languages.setdefault(key, set()).add(code)
    for card in cards:
        card.languages = sorted(languages.get(card.translation_key, set()), key=lambda code: code != "ru")
        card.progress = None  # the learning app fills it in for a signed-in trainee

    params = {key: value for key, value in selected.items() if value}
    if query:
        params["q"] = query
    return {
        "cards": cards,
        "page_obj": page_obj,
        "paginator": paginator,
        "topics": topics,
        "roles": roles,
        "providers": providers,
        "selected": selected,
        "query": query,
        "notices": notices,
        "filters_query": urlencode(params),
        "paths": facets["paths"],
    }
