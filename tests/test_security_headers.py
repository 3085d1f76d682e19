"""Security headers on every response, and pages that work under them (docs/decisions/*-security-headers.md).

The policy itself is tested in the browser (tests/browser/test_csp.py); here: the headers and their
directives, the two per-response adjustments, and that the rendered pages of the main journeys carry no
inline script, event-handler attribute, `javascript:` address or style attribute the policy would refuse.
"""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory

from assessments.models import Assessment
from base.middleware import ContentSecurityPolicyMiddleware, permissions_policy_header, with_directive
from certificates.models import Certificate
from courses.models import CourseIndexPage, LessonPage
from demo.loader import DEMO_PASSWORD
from learning.services import enrol
from tests.test_settings import GOOD, run_manage

TRAINEE = "trainee@cart-academy.example"
SITE_DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'self'",
    "object-src": "'none'",
}


def directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    parsed = {}
    for part in policy.split(";"):
        name, _, value = part.strip().partition(" ")
        assert name not in parsed, f"{name} twice in {policy}"
        parsed[name] = value
    return parsed


def assert_security_headers(response):
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response.headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"):
        assert f"{feature}=()" in permissions.split(", "), permissions


def valid_certificate_code() -> str:
    return next(c.code for c in Certificate.objects.filter(holder__email=TRAINEE) if c.status_at() == "valid")


@pytest.fixture
def lesson(demo_site):
    return LessonPage.objects.filter(locale__language_code="ru").live().order_by("path").first()


def test_public_pages_lesson_and_verify_page_carry_the_site_policy(client, demo_site, lesson):
    for path in ("/ru/", lesson.url, "/verify/", f"/verify/{valid_certificate_code()}/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert directives(response) == {**directives(response), **SITE_DIRECTIVES}, path
        assert "unsafe-inline" not in response.headers["Content-Security-Policy"], path
        assert "unsafe-eval" not in response.headers["Content-Security-Policy"], path
        assert response.headers["X-Frame-Options"] == "DENY"
        assert_security_headers(response)


def test_the_admin_allows_inline_styles_but_never_inline_scripts(client, demo_site, lesson):
    client.login(email="admin@cart-academy.example", password=DEMO_PASSWORD)
    for path in ("/admin/", f"/admin/pages/{lesson.pk}/edit/"):
        response = client.get(path)
        assert response.status_code == 200, path
        policy = directives(response)
        assert policy["style-src"] == "'self' 'unsafe-inline'"
        assert policy["script-src"] == "'self'"
        assert policy["frame-ancestors"] == "'none'"
        assert_security_headers(response)


def test_json_responses_carry_the_headers_too(client, demo_site):
    response = client.get(f"/api/v1/certificates/{valid_certificate_code()}")
    assert response.status_code == 200
    assert directives(response)["default-src"] == "'self'"
    assert_security_headers(response)


def test_a_response_framable_by_the_same_origin_gets_frame_ancestors_self():
    """Wagtail's preview renders the page through the whole stack (it already has a policy), then says
    SAMEORIGIN: the finished header follows X-Frame-Options."""

    def preview_view(request):
        response = HttpResponse("<p>preview</p>")
        response["Content-Security-Policy"] = "default-src 'self'; frame-ancestors 'none'; script-src 'self'"
        response["X-Frame-Options"] = "SAMEORIGIN"
        return response

    response = ContentSecurityPolicyMiddleware(preview_view)(
        RequestFactory().get("/admin/pages/1/edit/preview/")
    )
    assert (
        response["Content-Security-Policy"] == "default-src 'self'; script-src 'self'; frame-ancestors 'self'"
    )

    def ordinary_view(request):
        return HttpResponse("<p>page</p>")

    response = ContentSecurityPolicyMiddleware(ordinary_view)(RequestFactory().get("/ru/"))
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_with_directive_replaces_or_adds():
    assert with_directive("a x; b y", "b", "z") == "a x; b z"
    assert with_directive("a x", "b", "z") == "a x; b z"


def test_permissions_policy_header_syntax():
    header = permissions_policy_header({"camera": [], "fullscreen": ["self"], "usb": ["https://a.example"]})
    assert header == 'camera=(), fullscreen=(self), usb=("https://a.example")'


def test_production_upgrades_insecure_requests():
    script = "from csp.utils import build_policy; print(build_policy())"
    result = run_manage("shell", "-v", "0", "-c", script, env_overrides=GOOD)
    assert result.returncode == 0, result.stderr
    parts = [part.strip() for part in result.stdout.strip().split(";")]
    assert "upgrade-insecure-requests" in parts
    assert "frame-ancestors 'none'" in parts and "script-src 'self'" in parts
    # The test and dev settings have no such directive: http://127.0.0.1:8000 must keep working.
    assert "upgrade-insecure-requests" not in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]


def test_production_check_deploy_still_passes():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=GOOD)
    assert result.returncode == 0, result.stdout + result.stderr


# Rendered pages: nothing the policy refuses -------------------------------------------------------------


def refused_markup(html: str) -> list[str]:
    """Inline scripts (not JSON data, no nonce), on*= handlers, javascript: addresses, style attributes and
    <style> elements: what script-src 'self' / style-src 'self' would block on the site."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for script in soup.find_all("script"):
        kind = (script.get("type") or "text/javascript").lower()
        if (
            not script.get("src")
            and not script.get("nonce")
            and kind not in ("application/json", "application/ld+json")
        ):
            found.append(f"inline script: {str(script)[:80]}")
    for element in soup.find_all(True):
        for attribute, value in element.attrs.items():
            if attribute.lower().startswith("on"):
                found.append(f"<{element.name} {attribute}=…>")
            if attribute.lower() == "style":
                found.append(f"<{element.name} style={value!r}>")
            if isinstance(value, str) and value.strip().lower().startswith("javascript:"):
                found.append(f"<{element.name} {attribute}={value[:40]}>")
    found += [f"<style>{(style.string or '')[:40]}" for style in soup.find_all("style")]
    return found


def test_the_scanner_catches_what_the_policy_refuses():
    html = (
        '<script>alert(1)</script><script type="application/json">{}</script><script src="/s.js"></script>'
        '<button onclick="go()">x</button><a href="javascript:void(0)">y</a><span style="width: 5%"></span>'
        "<style>p{}</style>"
    )
    assert len(refused_markup(html)) == 5


def test_the_main_journeys_render_nothing_the_policy_refuses(client, demo_site, lesson, make_user):
    course = lesson.get_parent().get_parent().specific
    catalog = CourseIndexPage.objects.get(locale__language_code="ru")
    code = valid_certificate_code()
    anonymous = [
        "/ru/",
        "/en/",
        catalog.url,
        course.url,
        lesson.url,
        "/ru/search/?q=CAR-T",
        "/verify/",
        f"/verify/{code}/",
        "/ru/accounts/login/",
        "/ru/accounts/signup/",
    ]
    problems = {}
    for path in anonymous:
        response = client.get(path)
        assert response.status_code == 200, path
        problems[path] = refused_markup(response.content.decode())

    client.login(email=TRAINEE, password=DEMO_PASSWORD)
    quiz = Assessment.objects.get(title="Тест по модулю «Что такое CAR-T-препарат»")
    started = client.post(f"/ru/assessments/{quiz.pk}/start/")
    assert started.status_code == 302
    signed_in = [
        "/ru/dashboard/",
        "/ru/accounts/profile/",
        course.url,
        lesson.url,
        f"/ru/assessments/{quiz.pk}/",
    ]
    signed_in.append(started["Location"])
    for path in signed_in:
        response = client.get(path)
        assert response.status_code == 200, path
        problems[f"{path} (trainee)"] = refused_markup(response.content.decode())
    # A newly enrolled trainee: the course and the dashboard draw progress bars, by class.
    enrol(user=make_user(email="new@example.org", password=DEMO_PASSWORD), course=course)
    client.login(email="new@example.org", password=DEMO_PASSWORD)
    for path in (course.url, lesson.url, "/ru/dashboard/"):
        html = client.get(path).content.decode()
        assert 'class="progress-fill pct-0"' in html, path
        problems[f"{path} (enrolled)"] = refused_markup(html)
    assert {path: found for path, found in problems.items() if found} == {}


def test_every_progress_width_has_its_class():
    css = (settings.SITE_DIR / "static" / "css" / "site.css").read_text(encoding="utf-8")
    for percent in range(101):
        assert f".pct-{percent} {{ width: {percent}%; }}" in css


def inline_scripts(html: str) -> list[str]:
    return [problem for problem in refused_markup(html) if problem.startswith("inline script")]


def test_the_admin_renders_no_inline_script(client, demo_site, lesson):
    """Wagtail's choosers, date pickers and inline panels are started from JSON (base/admin_widgets.py)."""
    client.login(email="admin@cart-academy.example", password=DEMO_PASSWORD)
    exam = Assessment.objects.get(title="Итоговый экзамен")
    pages = {
        "/admin/pages/": "initDateChooser",
        f"/admin/pages/{lesson.pk}/edit/": "initDateTimeChooser",
        "/admin/settings/base/sitesettings/": "PageChooser",  # redirects to the default site's settings
        f"/admin/snippets/assessments/assessment/edit/{exam.pk}/": "InlinePanel",
    }
    for path, initialiser in pages.items():
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert inline_scripts(html) == [], path
        assert f'"function": "{initialiser}"' in html, path  # the call is there, as data
