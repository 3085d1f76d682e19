"""The Wagtail admin shows an editor of university A nothing of university B's space: no page titles (live or
draft), workflow or task names, revisions or people, on any screen that lists pages from the whole tree.

University A is the demo university (its editor and reviewer are demo accounts); university B is made
here, with a draft in its review workflow, a live course with an unpublished change, and a locked page.
Each screen is opened by A's editor or reviewer (B's strings absent, A's own pages present) and by the
superuser (B's strings present: the same check would catch a leak).
"""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page

from base.models import HomePage
from courses.models import CoursePage, ProviderPage
from courses.permissions import admin_visible_pages
from people.models import Membership, Organization

B_DRAFT = "Поларис-черновик"
B_LIVE = "Поларис-живой"
B_CHANGE = "Поларис-правка"
B_NAME = "Polaris Institute"  # its workflow and task are named after it
B_AUTHOR = "Борис Чужаков"
B_STRINGS = (B_DRAFT, B_LIVE, B_CHANGE, B_NAME, "Институт Поларис", B_AUTHOR)
B_PAGE_STRINGS = B_STRINGS[:-1]  # what B's pages, workflow and task are called
A_DRAFT = "Свой черновик Вега"


def text(response) -> str:
    """The response as a person would read it (choosers and the admin API answer JSON with escapes)."""
    body = response.content.decode()
    if response.get("Content-Type", "").startswith("application/json"):
        body = json.dumps(json.loads(body), ensure_ascii=False)
    return body


def leaked(response, strings=B_STRINGS) -> list[str]:
    body = text(response)
    return [string for string in strings if string in body]


def denied(response) -> bool:
    """Wagtail's admin answers PermissionDenied with a redirect to the dashboard and a message."""
    return response.status_code == 302 and response["Location"] == "/admin/"


def user(email: str):
    return get_user_model().objects.get(email=email)


def new_university(slug: str, name_en: str, name_ru: str) -> Organization:
    return Organization.objects.create(
        kind=Organization.UNIVERSITY, slug=slug, name_ru=name_ru, name_en=name_en
    )


def draft_in(space: ProviderPage, title: str, author) -> CoursePage:
    page = CoursePage(title=title, summary="Курс", estimated_hours=2, live=False, owner=author)
    space.add_child(instance=page)
    page.save_revision(user=author, log_action=True)
    return page


@pytest.fixture
def foreign(demo_site, catalog, make_user):
    """University B: a draft in review, a live course with an unpublished change, a locked page."""
    org = new_university("polaris", B_NAME, "Институт Поларис")
    space = ProviderPage.objects.get(organization=org, locale=catalog.locale)
    author = make_user(email="boris@polaris.example", full_name=B_AUTHOR)
    Membership.objects.create(user=author, organization=org, role=Membership.REVIEWER)
    draft = draft_in(space, B_DRAFT, author)
    draft.get_workflow().start(draft, author)
    live = CoursePage(title=B_LIVE, summary="Курс", estimated_hours=2)
    space.add_child(instance=live)
    live.save_revision(user=author, log_action=True).publish(user=author, log_action=True)
    live = CoursePage.objects.get(pk=live.pk)
    live.title = B_CHANGE
    live.save_revision(user=author, log_action=True)
    Page.objects.filter(pk=live.pk).update(locked=True, locked_by=author, locked_at=timezone.now())
    return {"space": space, "draft": draft, "live": live, "author": author}


@pytest.fixture
def own(demo_site, catalog, editor):
    """University A's own draft, written by its editor and sent for review."""
    space = ProviderPage.objects.get(organization__slug="demo-university", locale=catalog.locale)
    draft = draft_in(space, A_DRAFT, editor)
    draft.get_workflow().start(draft, editor)
    return {"space": space, "draft": draft}


@pytest.fixture
def reviewer(demo_site):
    return user("reviewer@university.example")


@pytest.fixture
def superuser(demo_site):
    return user("admin@cart-academy.example")


# The policy --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_policy_gives_an_editor_their_space_and_public_pages_outside_every_space(
    editor, superuser, foreign, own, catalog, make_user
):
    home = HomePage.objects.get(locale=catalog.locale)
    platform_draft = CoursePage(title="Черновик платформы", summary="Курс", estimated_hours=2, live=False)
    catalog.add_child(instance=platform_draft)
    visible = set(admin_visible_pages(editor).values_list("pk", flat=True))
    assert {own["space"].pk, own["draft"].pk, home.pk, catalog.pk} <= visible
    assert not visible & {foreign["space"].pk, foreign["draft"].pk, foreign["live"].pk}
    assert platform_draft.pk not in visible  # a draft outside the spaces is for those who edit it

    everything = set(admin_visible_pages(superuser).values_list("pk", flat=True))
    assert {foreign["draft"].pk, foreign["live"].pk, platform_draft.pk} <= everything

    nobody = make_user(email="no-pages@example.org")
    seen = set(admin_visible_pages(nobody).values_list("pk", flat=True))
    assert home.pk in seen and own["draft"].pk not in seen and foreign["live"].pk not in seen


@pytest.mark.django_db
def test_the_platforms_site_wide_editors_still_see_every_space(foreign, make_user):
    from django.contrib.auth.models import Group

    site_editor = make_user(email="site-editor@example.org")
    site_editor.groups.add(Group.objects.get(name="Editors"))  # page permissions on the tree's root
    assert admin_visible_pages(site_editor).filter(pk=foreign["draft"].pk).exists()


# Page chooser ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_page_chooser_browses_the_catalog_without_other_spaces(
    client, editor, superuser, foreign, own, catalog
):
    client.force_login(editor)
    response = client.get(f"/admin/choose-page/{catalog.pk}/")
    assert response.status_code == 200
    assert leaked(response) == []
    assert own["space"].title in text(response)

    client.force_login(superuser)
    assert "Институт Поларис" in text(client.get(f"/admin/choose-page/{catalog.pk}/"))


@pytest.mark.django_db
def test_the_page_chooser_will_not_open_at_another_space(client, editor, superuser, foreign, own):
    client.force_login(editor)
    assert denied(client.get(f"/admin/choose-page/{foreign['space'].pk}/"))
    own_space = client.get(f"/admin/choose-page/{own['space'].pk}/")
    assert own_space.status_code == 200 and A_DRAFT in text(own_space)

    client.force_login(superuser)
    assert B_CHANGE in text(client.get(f"/admin/choose-page/{foreign['space'].pk}/"))


@pytest.mark.django_db
def test_the_page_chooser_search_finds_own_and_public_pages_only(
    client, editor, superuser, foreign, own, catalog
):
    client.force_login(editor)
    response = client.get("/admin/choose-page/search/", {"q": "черновик"})
    assert response.status_code == 200
    assert leaked(response) == [] and A_DRAFT in text(response)
    for query in ("Поларис", "Polaris"):
        assert leaked(client.get("/admin/choose-page/search/", {"q": query})) == []
    home = HomePage.objects.get(locale=catalog.locale)
    assert home.title in text(client.get("/admin/choose-page/search/", {"q": home.title}))

    client.force_login(superuser)
    everything = text(client.get("/admin/choose-page/search/", {"q": "черновик"}))
    assert B_DRAFT in everything and A_DRAFT in everything


@pytest.mark.django_db
def test_the_chosen_answer_names_no_page_of_another_space(client, editor, superuser, foreign, own):
    url = "/admin/choose-page/chosen-multiple/"
    client.force_login(editor)
    assert denied(client.get(url, {"id": [own["draft"].pk, foreign["draft"].pk]}))
    assert A_DRAFT in text(client.get(url, {"id": [own["draft"].pk]}))
    client.force_login(superuser)
    assert B_DRAFT in text(client.get(url, {"id": [foreign["draft"].pk]}))


# Explorer, admin search, admin API ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_explorer_lists_the_catalog_without_other_spaces(
    client, editor, superuser, foreign, own, catalog
):
    client.force_login(editor)
    for url in ("/admin/pages/", f"/admin/pages/{catalog.pk}/"):
        response = client.get(url)
        assert response.status_code == 200 and leaked(response, B_PAGE_STRINGS) == [], url
    assert own["space"].title in text(client.get(f"/admin/pages/{catalog.pk}/"))
    assert denied(client.get(f"/admin/pages/{foreign['space'].pk}/"))
    assert denied(client.get(f"/admin/pages/{foreign['space'].pk}/results/"))
    assert A_DRAFT in text(client.get(f"/admin/pages/{own['space'].pk}/"))

    client.force_login(superuser)
    assert B_CHANGE in text(client.get(f"/admin/pages/{foreign['space'].pk}/"))


@pytest.mark.django_db
def test_the_admin_search_finds_own_pages_only(client, editor, superuser, foreign, own):
    client.force_login(editor)
    for url in ("/admin/pages/search/", "/admin/pages/search/results/"):
        response = client.get(url, {"q": "черновик"})
        assert response.status_code == 200 and leaked(response) == [], url
        assert A_DRAFT in text(response), url
    assert leaked(client.get("/admin/pages/search/", {"q": "Поларис"})) == []
    listing = client.get(f"/admin/pages/{own['space'].pk}/", {"q": "черновик", "search_all": "1"})
    assert leaked(listing, B_PAGE_STRINGS) == [] and A_DRAFT in text(listing)

    client.force_login(superuser)
    assert B_DRAFT in text(client.get("/admin/pages/search/", {"q": "черновик"}))


@pytest.mark.django_db
def test_the_admin_api_behind_the_page_menu_keeps_to_the_editors_pages(client, editor, foreign, own, catalog):
    client.force_login(editor)
    children = client.get("/admin/api/main/pages/", {"child_of": catalog.pk, "for_explorer": 1})
    assert children.status_code == 200 and leaked(children) == []
    assert own["space"].title in text(children)
    assert client.get(f"/admin/api/main/pages/{foreign['draft'].pk}/").status_code == 404


@pytest.mark.django_db
def test_the_explorer_filters_name_no_person_of_another_space(client, editor, superuser, foreign, own):
    client.force_login(editor)
    listing = text(client.get(f"/admin/pages/{own['space'].pk}/"))
    assert B_AUTHOR not in listing
    assert editor.get_full_name() in listing or editor.email in listing  # their own edits still filter
    client.force_login(superuser)
    assert B_AUTHOR in text(client.get(f"/admin/pages/{own['space'].pk}/"))


# Views of one page: refused for another space's pages ---------------------------------------------------

ONE_PAGE_VIEWS = (
    "/admin/pages/{pk}/edit/",
    "/admin/pages/{pk}/revisions/",
    "/admin/pages/{pk}/workflow_history/",
    "/admin/pages/{pk}/view_draft/",
    "/admin/pages/{pk}/copy/",
    "/admin/pages/{pk}/move/",
    "/admin/pages/{pk}/delete/",
)


@pytest.mark.django_db
@pytest.mark.parametrize("view", ONE_PAGE_VIEWS)
def test_views_of_one_page_of_another_space_are_refused(client, editor, foreign, view):
    client.force_login(editor)
    response = client.get(view.format(pk=foreign["draft"].pk), follow=True)
    assert response.redirect_chain[0] == ("/admin/", 302)
    assert leaked(response) == []


@pytest.mark.django_db
def test_a_bulk_action_names_no_page_of_another_space(client, editor, superuser, foreign, own):
    url = "/admin/bulk/wagtailcore/page/publish/"
    ids = {"id": [own["draft"].pk, foreign["draft"].pk, foreign["live"].pk]}
    client.force_login(editor)
    response = client.get(url, ids)
    assert response.status_code == 200
    assert leaked(response) == [] and A_DRAFT in text(response)
    everything = client.get(url, {"id": "all", "childOf": foreign["space"].pk})
    assert leaked(everything) == []

    client.force_login(superuser)
    assert B_DRAFT in text(client.get(url, ids))


# Reports, workflows, dashboard --------------------------------------------------------------------------

SUPERUSER_REPORTS = (
    "/admin/reports/site-history/",
    "/admin/reports/site-history/results/",
    "/admin/reports/workflow/",
    "/admin/reports/workflow/results/",
    "/admin/reports/workflow_tasks/",
    "/admin/reports/workflow_tasks/results/",
    "/admin/reports/page-types-usage/",
    "/admin/reports/page-types-usage/results/",
)
WORKFLOW_ADMIN = ("/admin/workflows/list/", "/admin/workflows/tasks/index/", "/admin/workflows/task_chooser/")


@pytest.mark.django_db
@pytest.mark.parametrize("url", SUPERUSER_REPORTS + WORKFLOW_ADMIN)
def test_reports_and_workflow_screens_of_every_organisation_are_for_superusers(
    client, editor, reviewer, superuser, foreign, own, url
):
    for person in (editor, reviewer):
        client.force_login(person)
        assert denied(client.get(url)), person
    client.force_login(superuser)
    response = client.get(url)
    assert response.status_code == 200
    if not url.endswith("/results/"):
        assert leaked(response), "the superuser sees every organisation's workflows, tasks and pages"


@pytest.mark.django_db
def test_the_reports_menu_offers_the_editor_only_the_reports_they_may_open(client, reviewer, superuser):
    client.force_login(reviewer)
    menu = text(client.get("/admin/"))
    assert "/admin/reports/aging-pages/" in menu
    hidden_reports = ("workflow/", "workflow_tasks/", "page-types-usage/", "site-history/")
    for hidden in (f"/admin/reports/{name}" for name in hidden_reports):
        assert hidden not in menu
    client.force_login(superuser)
    assert "/admin/reports/workflow/" in text(client.get("/admin/"))


@pytest.mark.django_db
def test_the_aging_pages_report_lists_the_reviewers_own_pages_only(client, reviewer, superuser, foreign, own):
    """It lists the pages a person may publish: a reviewer's own space, nothing of another."""
    url = "/admin/reports/aging-pages/"
    client.force_login(reviewer)
    response = client.get(url)
    assert response.status_code == 200 and leaked(response) == []
    assert own["space"].title in text(response)
    client.force_login(superuser)
    assert B_CHANGE in text(client.get(url))


@pytest.mark.django_db
def test_the_locked_pages_report_shows_the_reviewer_nothing_of_another_space(
    client, reviewer, superuser, foreign, own
):
    """Only people who may unlock pages open it; a space's editors and reviewers may not (Wagtail's rule)."""
    for person in (reviewer, user("editor@university.example")):
        client.force_login(person)
        assert denied(client.get("/admin/reports/locked/"))
    client.force_login(superuser)
    assert B_CHANGE in text(client.get("/admin/reports/locked/"))


@pytest.mark.django_db
def test_the_dashboard_shows_the_reviewer_their_own_reviews_only(client, reviewer, superuser, foreign, own):
    client.force_login(reviewer)
    response = client.get("/admin/")
    assert response.status_code == 200 and leaked(response) == []
    assert A_DRAFT in text(response)  # awaiting their review
    client.force_login(superuser)
    assert B_DRAFT in text(client.get("/admin/"))


@pytest.mark.django_db
def test_the_dashboard_shows_the_editor_nothing_of_another_space(client, editor, foreign, own):
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 200 and leaked(response) == []
    assert A_DRAFT in text(response)  # their page in review, their recent edit


# Query counts: the scope is one subquery, however many spaces there are ----------------------------------


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_scoped_listings_cost_the_same_with_more_universities(client, editor, foreign, own, catalog):
    urls = (
        f"/admin/choose-page/{catalog.pk}/",
        "/admin/choose-page/search/?q=курс",
        f"/admin/pages/{catalog.pk}/",
    )
    client.force_login(editor)
    for url in urls:
        client.get(url)  # warm per-process caches (content types, site root paths)
    before = {url: queries(client, url) for url in urls}
    for n in range(3):
        other = new_university(f"more-{n}", f"More {n}", f"Ещё {n}")
        draft_in(ProviderPage.objects.get(organization=other, locale=catalog.locale), f"Ещё курс {n}", editor)
    after = {url: queries(client, url) for url in urls}
    assert after == before
