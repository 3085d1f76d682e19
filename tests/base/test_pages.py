import pytest
from bs4 import BeautifulSoup


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def language_link(page, code):
    return page.select_one(f'.lang-nav a[hreflang="{code}"]')["href"]


@pytest.mark.django_db
def test_root_redirects_to_russian(client, demo_site):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response["Location"] == "/ru/"


@pytest.mark.django_db
def test_root_follows_a_signed_in_persons_language(client, make_user, demo_site):
    client.force_login(make_user(preferred_language="en"))
    assert client.get("/")["Location"] == "/en/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "lang", "heading"),
    [("/ru/", "ru", "Квалифицированные кадры"), ("/en/", "en", "Qualified people")],
)
def test_home_page_speaks_its_language(client, demo_site, path, lang, heading):
    response = client.get(path)
    assert response.status_code == 200
    page = soup(response)
    assert page.html["lang"] == lang
    assert heading in page.h1.text
    # Three audiences with their calls to action, and a sign-in for visitors.
    assert len(page.select(".audience")) == 3
    assert page.select_one(f'a[href="/{lang}/accounts/signup/"]')
    assert page.select_one(f'a[href="/{lang}/accounts/login/"]')
    assert page.select_one('meta[name="description"]')["content"]


@pytest.mark.django_db
def test_language_switch_keeps_the_same_page(client, demo_site):
    about_ru = soup(client.get("/ru/o-platforme/"))
    assert language_link(about_ru, "en") == "/en/about/"
    assert language_link(about_ru, "ru") == "/ru/o-platforme/"
    about_en = soup(client.get("/en/about/"))
    assert language_link(about_en, "ru") == "/ru/o-platforme/"
    assert about_en.html["lang"] == "en"
    # Non-page views (allauth, profile) switch prefix and keep the query string.
    login = soup(client.get("/ru/accounts/login/?next=/ru/accounts/profile/"))
    assert language_link(login, "en") == "/en/accounts/login/?next=/ru/accounts/profile/"


@pytest.mark.django_db
def test_untranslated_page_switches_to_the_other_languages_home(client, demo_site):
    from base.models import StandardPage

    home_ru = demo_site and StandardPage.objects.get(slug="o-platforme").get_parent()
    only_ru = StandardPage(title="Только по-русски", slug="tolko-ru", body=[])
    home_ru.add_child(instance=only_ru)
    only_ru.save_revision().publish()
    page = soup(client.get("/ru/tolko-ru/"))
    assert language_link(page, "en") == "/en/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "expected"),
    [("/ru/no-such-page/", "Страница не найдена"), ("/en/no-such-page/", "Page not found")],
)
def test_missing_page_is_a_friendly_404_in_the_right_language(client, demo_site, path, expected):
    response = client.get(path)
    assert response.status_code == 404
    assert expected in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/de/", "/xx/accounts/login/", "/EN/", "/ru-ru/"])
def test_bad_locale_prefix_is_never_a_server_error(client, demo_site, path):
    response = client.get(path, follow=True)
    assert response.status_code in (200, 404)
    if response.status_code == 404:
        assert "Страница не найдена" in response.content.decode()


@pytest.mark.django_db
def test_header_has_skip_link_navigation_and_footer(client, demo_site):
    page = soup(client.get("/ru/"))
    skip = page.select_one("a.skip-link")
    assert skip["href"] == "#main" and page.select_one("main#main")
    nav_titles = [a.text for a in page.select(".main-nav a")]
    assert nav_titles == ["О платформе", "Курсы", "Проверить сертификат"]
    footer_titles = [a.text for a in page.select("footer a")]
    assert "Политика конфиденциальности" in footer_titles and "Курсы" in footer_titles
    assert page.select_one("footer a[href='mailto:info@cart-academy.example']")
    assert {link["hreflang"] for link in page.select('link[rel="alternate"]')} == {"ru", "en"}


@pytest.mark.django_db
def test_signed_in_header_offers_profile_and_sign_out(client, trainee, demo_site):
    client.force_login(trainee)
    page = soup(client.get("/en/"))
    assert page.select_one('.account-nav a[href="/en/accounts/profile/"]')
    form = page.select_one('.account-nav form[action="/en/accounts/logout/"]')
    assert form["method"] == "post" and form.select_one('input[name="csrfmiddlewaretoken"]')


@pytest.mark.django_db
def test_standard_page_renders_its_blocks(client, demo_site):
    page = soup(client.get("/ru/o-platforme/"))
    assert page.h1.text == "О платформе" or page.h1.text
    assert page.select_one(".callout-gmp")
    assert page.select(".prose h2")


@pytest.mark.django_db
def test_a_form_posted_without_csrf_token_gets_a_clear_403(demo_site):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/ru/accounts/login/", {"login": "a@example.org", "password": "x"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "Срок действия формы истёк" in body
    assert "/static/css/site.css" in body


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["//evil.example/x", "///evil.example", "/\\evil.example/x"])
def test_a_404_never_links_to_another_site(client, demo_site, path):
    from urllib.parse import urlsplit

    from bs4 import BeautifulSoup

    response = client.get(path)
    assert response.status_code in (301, 302, 404)
    if response.status_code == 404:
        page = BeautifulSoup(response.content, "html.parser")
        hrefs = [a.get("href", "") for a in page.select("a[href], link[href]")]
        # A browser reads "//host" and "/\\host" as another site; a path on this site is fine.
        elsewhere = [h for h in hrefs if urlsplit(h.replace("\\", "/")).netloc not in ("", "testserver")]
        assert hrefs and not elsewhere


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/ru/no-such-page/%22onmouseover=x/", "/ru//evil.example/x", "/nowhere?x=//evil"]
)
def test_the_language_links_of_a_404_go_to_each_home_page(client, demo_site, path):
    """Nothing resolved, so nothing of the typed path is echoed into the language links or hreflang."""
    from bs4 import BeautifulSoup

    response = client.get(path, follow=True)
    assert response.status_code == 404
    page = BeautifulSoup(response.content, "html.parser")
    alternates = {link["hreflang"]: link["href"] for link in page.select("link[rel=alternate][hreflang]")}
    assert alternates == {"ru": "/ru/", "en": "/en/"}
    switcher = [a["href"] for a in page.select("a[hreflang]")]
    assert sorted(switcher) == ["/en/", "/ru/"]


@pytest.mark.django_db
def test_the_language_links_of_a_view_are_its_url_in_each_language(client, demo_site):
    response = client.get("/ru/accounts/login/", {"next": "/ru/dashboard/"})
    page = response.content.decode()
    assert 'hreflang="en" href="/en/accounts/login/?next=/ru/dashboard/"' in page
