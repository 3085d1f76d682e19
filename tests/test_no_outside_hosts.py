"""No page asks the browser to fetch anything from another host: CSS, JS, fonts and images are ours."""

import re
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup
from django.conf import settings

ASSET_ATTRIBUTES = {
    "script": ["src"],
    "img": ["src", "srcset"],
    "iframe": ["src"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "source": ["src", "srcset"],
    "embed": ["src"],
    "object": ["data"],
    "input": ["src"],
}
CSS_URL = re.compile(r"url\(\s*['\"]?(https?:)?//", re.I)
CSS_IMPORT = re.compile(r"@import\s+['\"]?(https?:)?//", re.I)


def outside_assets(html: str, host: str) -> list[str]:
    found = []
    soup = BeautifulSoup(html, "html.parser")
    for tag, attributes in ASSET_ATTRIBUTES.items():
        for element in soup.find_all(tag):
            for attribute in attributes:
                for candidate in (element.get(attribute) or "").split(","):
                    url = candidate.strip().split(" ")[0]
                    parsed = urlparse(url)
                    if parsed.netloc and parsed.netloc != host:
                        found.append(f"<{tag} {attribute}={url}>")
    for link in soup.find_all("link"):
        rel = set(link.get("rel") or [])
        if rel & {
            "stylesheet",
            "icon",
            "preload",
            "modulepreload",
            "manifest",
            "apple-touch-icon",
            "prefetch",
        }:
            parsed = urlparse(link.get("href", ""))
            if parsed.netloc and parsed.netloc != host:
                found.append(f"<link {sorted(rel)} href={link['href']}>")
    for style in [s.string or "" for s in soup.find_all("style")] + [
        element.get("style", "") for element in soup.find_all(style=True)
    ]:
        if CSS_URL.search(style) or CSS_IMPORT.search(style):
            found.append(f"inline style: {style[:80]}")
    return found


def test_the_scanner_catches_outside_assets():
    # Hosts are assembled so that this file does not itself look like a page loading them.
    cdn, unpkg, fonts = "cdn" + ".example.net", "unpkg" + ".com", "fonts" + ".gstatic.com"
    html = (
        f'<link rel="stylesheet" href="https://{cdn}/x.css"><script src="//{unpkg}/x.js"></script>'
        f'<img src="/static/ok.png"><div style="background:url(https://{fonts}/f.woff2)"></div>'
    )
    assert len(outside_assets(html, "testserver")) == 3


PUBLIC_PAGES = [
    "/ru/",
    "/en/",
    "/ru/o-platforme/",
    "/en/privacy/",
    "/ru/accounts/login/",
    "/en/accounts/signup/",
    "/ru/accounts/password/reset/",
    "/en/nowhere/",
]
ACCOUNT_PAGES = [
    "/ru/accounts/profile/",
    "/ru/accounts/email/",
    "/ru/accounts/password/change/",
    "/ru/accounts/2fa/",
    "/ru/accounts/2fa/totp/activate/",  # carries the QR code for the authenticator app
    "/ru/accounts/two-factor/required/",  # the enrolment page of people who must use two-factor
]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_load_assets_only_from_this_site(client, demo_site, path):
    response = client.get(path)
    assert response.status_code in (200, 404)
    assert outside_assets(response.content.decode(), "testserver") == []


@pytest.mark.django_db
@pytest.mark.parametrize("path", ACCOUNT_PAGES)
def test_account_pages_load_assets_only_from_this_site(client, trainee, demo_site, path):
    from tests.conftest import PASSWORD

    client.post("/ru/accounts/login/", {"login": trainee.email, "password": PASSWORD})
    # Setting up two-factor authentication asks for the password again (allauth's reauthentication).
    client.post("/ru/accounts/reauthenticate/", {"password": PASSWORD})
    response = client.get(path)
    assert response.status_code == 200
    assert outside_assets(response.content.decode(), "testserver") == []


def test_stylesheets_and_scripts_reference_no_outside_host():
    offenders = []
    for asset in (settings.SITE_DIR / "static").rglob("*"):
        if asset.suffix in {".css", ".js"}:
            text = asset.read_text(encoding="utf-8")
            if (
                CSS_URL.search(text)
                or CSS_IMPORT.search(text)
                or re.search(r"fetch\(\s*['\"]https?://", text)
            ):
                offenders.append(str(asset))
    assert offenders == []
