"""What a phone shows first (issue 15): a compact header with a menu button, the lesson before its outline,
the courses before the catalogue's filters; the "Организация" menu for HR; table headers broken only between
words and the outline's counter on one line.

Screenshots (header closed and open, lesson, catalogue at 375 and 1280 px, the organisation menu) are saved
in $SCREENSHOT_DIR (default: a temporary folder).
"""

import os
import re
import tempfile
from pathlib import Path

from playwright.sync_api import expect

from certificates.models import Certificate
from courses.models import CoursePage, LessonPage
from learning.services import enrol
from people.models import User
from tests.browser.test_certificates import sign_in

PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 800}

# Words (or the parts of a word joined by a hyphen or a slash, where a line may break) that the browser
# split over two lines in the elements matched.
BROKEN_WORDS = """(selector) => {
    const broken = [];
    for (const element of document.querySelectorAll(selector)) {
        const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const match of node.data.matchAll(/[^\\s\\-\\/]+/g)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const rects = [...range.getClientRects()].filter(r => r.width > 1);
                const lines = new Set(rects.map(r => Math.round(r.top)));
                if (lines.size > 1) broken.push(match[0]);
            }
        }
    }
    return broken;
}"""


def shot(s, name: str) -> Path:
    folder = Path(os.environ.get("SCREENSHOT_DIR") or os.path.join(tempfile.gettempdir(), "cart-screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    s.page.screenshot(path=str(path))
    return path


def is_open(locator) -> bool:
    return locator.evaluate("details => details.open")


def first_lesson() -> LessonPage:
    course = CoursePage.objects.get(slug="vvedenie-v-car-t", locale__language_code="ru")
    return LessonPage.objects.descendant_of(course).live().order_by("path").first()


def test_phone_header_is_one_compact_row_with_a_menu_holding_navigation_language_and_account(session_factory):
    s = session_factory(viewport=PHONE)
    s.goto("/ru/")
    header = s.page.locator("header.site-header")
    menu = s.page.locator("header details.site-menu")
    button = menu.locator("summary")
    expect(button).to_be_visible()
    assert button.inner_text().strip()  # "Меню" (a new msgid until the catalogues are merged: not asserted)
    assert not is_open(menu)
    assert header.bounding_box()["height"] <= 72
    expect(s.page.locator("header .main-nav")).to_be_hidden()
    shot(s, "header-375-closed")

    button.click()
    assert is_open(menu)
    nav = s.page.locator("header .site-menu-body")
    expect(nav.get_by_role("link", name="Курсы")).to_be_visible()
    expect(nav.get_by_role("link", name=re.compile("^EN"))).to_be_visible()
    expect(nav.get_by_role("link", name="Войти")).to_be_visible()
    expect(nav.get_by_role("searchbox")).to_be_visible()
    assert (
        header.bounding_box()["height"] <= 72
    )  # the open menu lies over the page, the header keeps its size
    assert s.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(s, "header-375-open")

    s.page.set_viewport_size(DESKTOP)  # wide: no button, everything in the header row
    expect(button).to_be_hidden()
    expect(s.page.locator("header .main-nav").get_by_role("link", name="Курсы")).to_be_visible()
    expect(s.page.locator("header .account-nav").get_by_role("link", name="Войти")).to_be_visible()
    shot(s, "header-1280")
    brand, menu_box = s.page.locator("header .brand").bounding_box(), menu.bounding_box()
    assert menu_box["y"] < brand["y"] + brand["height"], "the navigation sits beside the brand, not below it"
    s.page.set_viewport_size(PHONE)  # back to narrow: the menu folds again
    expect(s.page.locator("header .main-nav")).to_be_hidden()
    assert s.outside_requests() == []


def test_phone_lesson_title_is_on_the_first_screen_and_the_outline_is_folded(session_factory):
    lesson = first_lesson()
    s = session_factory(viewport=PHONE)
    s.goto(lesson.get_url())
    outline = s.page.locator("details.outline-toggle")
    assert not is_open(outline)
    title = s.page.locator("main h1")
    expect(title).to_have_text(lesson.title)
    box = title.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"], f"the lesson title starts {box['y']:.0f}px down"
    shot(s, "lesson-375")
    outline.locator("summary").click()
    expect(outline.locator("a[aria-current=page]")).to_be_visible()

    wide = session_factory("wide", viewport=DESKTOP)
    wide.goto(lesson.get_url())
    assert is_open(wide.page.locator("details.outline-toggle"))
    expect(wide.page.locator(".outline a[aria-current=page]")).to_be_visible()
    shot(wide, "lesson-1280")


def test_phone_catalogue_shows_courses_first_with_the_filters_in_a_panel(session_factory):
    s = session_factory(viewport=PHONE)
    s.goto("/ru/kursy/")
    panel = s.page.locator("details.filters-panel")
    assert not is_open(panel)
    expect(s.page.locator("#catalog-q")).to_be_hidden()
    card = s.page.locator(".course-card").first
    assert card.bounding_box()["y"] < PHONE["height"], "the first course is below the first screen"
    shot(s, "catalog-375")
    panel.locator("summary").click()
    expect(s.page.get_by_label("Поиск курсов")).to_be_visible()
    shot(s, "catalog-375-filters-open")

    wide = session_factory("wide", viewport=DESKTOP)
    wide.goto("/ru/kursy/")
    expect(wide.page.locator("details.filters-panel > summary")).to_be_hidden()
    expect(wide.page.get_by_label("Поиск курсов")).to_be_visible()
    shot(wide, "catalog-1280")


def test_hr_finds_the_organisation_menu_and_table_headers_keep_their_words(session_factory, tmp_path):
    hr = session_factory(viewport=DESKTOP)
    sign_in(hr, "hr@employer.example", "/ru/accounts/profile/")
    org = hr.page.locator("header details.org-menu")
    expect(org.locator("summary")).to_have_text("Организация")
    org.locator("summary").click()
    expect(org.get_by_role("link", name="Матрица обучения")).to_be_visible()
    expect(org.get_by_role("link", name="Должностные роли")).to_be_visible()
    shot(hr, "org-menu-1280")
    hr.page.keyboard.press("Escape")
    assert not is_open(org)
    expect(org.locator("summary")).to_be_focused()
    org.locator("summary").click()
    org.get_by_role("link", name="Матрица обучения").click()
    expect(hr.page).to_have_url(re.compile(r"/organizations/demo-employer/matrix/$"))

    # On a phone the organisation's pages are a section of the menu.
    hr.page.set_viewport_size(PHONE)
    hr.page.locator("header summary.menu-button").click()
    hr.page.locator("header details.org-menu > summary").click()
    expect(hr.page.locator("header").get_by_role("link", name="Сотрудники", exact=True)).to_be_visible()
    shot(hr, "org-menu-375")

    # The bulk check's results at 375 px: "Действует до" stays whole; the table scrolls instead.
    codes = [c.code for c in Certificate.objects.filter(holder__email="trainee@cart-academy.example")]
    upload = tmp_path / "codes.csv"
    upload.write_text("code\n" + "\n".join(codes) + "\n", encoding="utf-8-sig")
    hr.goto("/ru/accounts/organizations/demo-employer/verify/")
    hr.page.locator("input[type=file]").set_input_files(str(upload))
    hr.page.get_by_role("button", name="Проверить", exact=True).click()
    expect(hr.page.locator("table.content-table th").last).to_be_visible()
    assert hr.page.evaluate(BROKEN_WORDS, "thead th") == []
    assert hr.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    hr.page.locator("table.content-table").scroll_into_view_if_needed()
    shot(hr, "bulk-verify-375")
    for path in ("staff", "matrix"):
        hr.goto(f"/ru/accounts/organizations/demo-employer/{path}/")
        assert hr.page.evaluate(BROKEN_WORDS, "thead th") == [], path


def test_the_outline_counter_stays_on_one_line(session_factory):
    course = CoursePage.objects.get(slug="vvedenie-v-car-t", locale__language_code="ru")
    enrol(user=User.objects.get(email="trainee@cart-academy.example"), course=course)
    s = session_factory(viewport=DESKTOP)
    sign_in(s, "trainee@cart-academy.example", first_lesson().get_url())
    counters = s.page.locator(".lesson-sidebar .outline-module-head > .muted")
    expect(counters.first).to_be_visible()
    for index in range(counters.count()):
        counter = counters.nth(index)
        assert re.fullmatch(r"\d+\s*/\s*\d+", counter.inner_text().strip())
        assert counter.evaluate("span => span.getClientRects().length") == 1, counter.inner_text()


def test_lesson_table_cells_keep_their_words_on_a_phone_and_a_desktop(session_factory):
    """A lesson's table never splits a word over two lines ("Приме р"); a wide table scrolls instead."""
    lesson = LessonPage.objects.get(slug="odobrennye-car-t-preparaty", locale__language_code="ru")
    enrol(
        user=User.objects.get(email="trainee@cart-academy.example"),
        course=first_lesson().get_parent().get_parent(),
    )
    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        s = session_factory(name, viewport=viewport)
        sign_in(s, "trainee@cart-academy.example", lesson.get_url())
        cells = ".content-table td, .content-table th"
        expect(s.page.locator(".content-table").first).to_be_attached()
        assert s.page.locator(cells).count() > 4
        assert s.page.evaluate(BROKEN_WORDS, cells) == [], name
        assert s.page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], name
