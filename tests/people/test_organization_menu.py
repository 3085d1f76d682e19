"""The header's "Организация" menu and the profile's organisations: the pages each role may open, each
organisation once, and no query per organisation."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import MembershipFactory, OrganizationFactory, with_totp


def header_menu(html: str) -> dict[str, list[str]]:
    """The header's organisation menu as {organisation name: [link hrefs]} (empty without one)."""
    menu = BeautifulSoup(html, "html.parser").select_one("header details.org-menu")
    if menu is None:
        return {}
    return {
        nav.select_one(".org-menu-name").get_text(strip=True): [a["href"] for a in nav.select("a")]
        for nav in menu.select("nav")
    }


def join(user, *, role="hr", kind="employer", count=1):
    organizations = [OrganizationFactory(kind=kind) for _ in range(count)]
    for organization in organizations:
        MembershipFactory(user=user, organization=organization, role=role)
    return organizations


def count_queries(client, path: str) -> int:
    client.get(path)  # warm what is meant to be warm (site root paths, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/ru/", "/ru/accounts/profile/"])
def test_the_header_menu_makes_the_same_queries_for_one_and_three_organisations(
    client, demo_site, make_user, path
):
    user = with_totp(make_user(email="hr-menu@example.org"))
    join(user)
    client.force_login(user)
    one = count_queries(client, path)
    assert len(header_menu(client.get(path).content.decode())) == 1
    join(user, count=2)
    three = count_queries(client, path)
    assert len(header_menu(client.get(path).content.decode())) == 3  # the larger menu really is there
    assert one == three, f"{path}: {one} queries with one organisation, {three} with three"


@pytest.mark.django_db
def test_hr_sees_the_employer_tools_and_an_administrator_also_the_organisation_s_own(
    client, demo_site, make_user
):
    hr = with_totp(make_user(email="hr-tools@example.org"))
    (employer,) = join(hr, role="hr")
    client.force_login(hr)
    html = client.get("/ru/").content.decode()
    assert "Организация" in html
    links = header_menu(html)[employer.name_ru]
    slug = employer.slug
    assert links == [
        f"/ru/accounts/organizations/{slug}/staff/",
        f"/ru/accounts/organizations/{slug}/matrix/",
        f"/ru/accounts/organizations/{slug}/roles/",
        f"/ru/accounts/organizations/{slug}/dossier/",
        f"/ru/accounts/organizations/{slug}/verify/",
        f"/ru/accounts/organizations/{slug}/invite/",
    ]
    MembershipFactory(user=hr, organization=employer, role="admin")
    links = header_menu(client.get("/ru/").content.decode())[employer.name_ru]
    for page in ("members", "tokens", "audit"):
        assert f"/ru/accounts/organizations/{slug}/{page}/" in links


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "kind"),
    [
        ("hr", "employer"),
        ("admin", "employer"),
        ("editor", "employer"),
        ("admin", "university"),
        ("reviewer", "university"),
        ("editor", "university"),
        ("hr", "university"),
    ],
)
def test_no_menu_link_answers_403(client, demo_site, make_user, role, kind):
    user = with_totp(make_user(email=f"{role}-{kind}@example.org"))
    join(user, role=role, kind=kind)
    client.force_login(user)
    links = [href for hrefs in header_menu(client.get("/ru/").content.decode()).values() for href in hrefs]
    for href in links:
        response = client.get(href)
        assert response.status_code == 200, f"{role} of a {kind}: {href} answers {response.status_code}"


@pytest.mark.django_db
def test_a_member_with_no_tools_gets_no_menu(client, demo_site, make_user):
    user = make_user(email="editor-only@example.org")
    join(user, role="editor", kind="university")
    client.force_login(user)
    html = client.get("/ru/").content.decode()
    assert header_menu(html) == {}
    assert "org-menu" not in html


@pytest.mark.django_db
def test_the_profile_lists_an_organisation_once_with_every_role_and_the_menu_s_links(
    client, demo_site, make_user
):
    user = with_totp(make_user(email="two-roles@example.org"))
    (employer,) = join(user, role="hr")
    MembershipFactory(user=user, organization=employer, role="admin")
    client.force_login(user)
    soup = BeautifulSoup(client.get("/ru/accounts/profile/").content.decode(), "html.parser")
    items = soup.select(".membership-list > li")
    assert [item.select_one("h3").get_text(strip=True) for item in items] == [employer.name_ru]
    roles = items[0].select_one(".membership-roles").get_text(" ", strip=True)
    assert "Администратор" in roles and "Отдел кадров" in roles
    profile_links = [a["href"] for a in items[0].select("nav a")]
    assert profile_links == header_menu(str(soup))[employer.name_ru]
    assert f"/ru/accounts/organizations/{employer.slug}/matrix/" in profile_links
    assert f"/ru/accounts/organizations/{employer.slug}/roles/" in profile_links
