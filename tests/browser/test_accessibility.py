"""What a phone user and a keyboard user see: no sideways scrolling at 320 px, a working skip link."""

import pytest
from playwright.sync_api import expect


@pytest.mark.parametrize(
    "path",
    [
        "/ru/",
        "/en/about/",
        "/ru/accounts/signup/",
        "/ru/accounts/login/",
        "/ru/kursy/",
        "/en/courses/introduction-to-car-t/",
        "/en/courses/introduction-to-car-t/what-a-car-t-product-is/car-construct-and-regulatory-definition/",
        "/ru/search/?q=лимфоциты",
    ],
)
def test_pages_fit_a_320px_phone(session_factory, path):
    s = session_factory(viewport={"width": 320, "height": 640})
    s.goto(path)
    width = s.page.evaluate("document.documentElement.scrollWidth")
    s.shot("phone")
    assert width <= 320, f"{path} scrolls sideways: {width}px wide"
    assert s.outside_requests() == []


def test_keyboard_user_can_skip_to_content_and_sees_focus(session_factory):
    s = session_factory()
    s.goto("/ru/")
    s.page.keyboard.press("Tab")
    skip = s.page.locator("a.skip-link")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0, "the skip link must come into view when focused"
    outline = s.page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    s.shot("skip-link-focused")
    s.page.keyboard.press("Enter")
    expect(s.page.locator("main#main")).to_be_focused()
