"""A page a signed-out visitor gets from the page cache (base.pagecache, ADR 0018) works in the browser under
the Content-Security-Policy sent with it: no violation, its scripts run (the header menu opens and closes)."""

from courses.models import CourseIndexPage, CoursePage, LessonPage
from tests.browser.test_csp import CspWatch


def test_stored_pages_have_no_csp_violation(session_factory):
    course = CoursePage.objects.get(slug="vvedenie-v-car-t", locale__language_code="ru")
    lesson = LessonPage.objects.descendant_of(course).live().order_by("path").first()
    catalog = CourseIndexPage.objects.get(locale__language_code="en")
    visitor = session_factory("visitor")
    watch = CspWatch(visitor)
    for path in ("/ru/", course.url, lesson.url, catalog.url):
        first = visitor.goto(path)
        assert first.status == 200 and first.headers.get("x-page-cache") == "miss", path
        watch.visit(path)
        second = visitor.goto(path)
        assert second.status == 200 and second.headers.get("x-page-cache") == "hit", path
        assert "content-security-policy" in second.headers, path
        visitor.page.wait_for_load_state("load")
        visitor.page.evaluate("() => new Promise((done) => requestAnimationFrame(() => done()))")
    # site.js ran on the stored lesson page: the outline's disclosure is there and the text is shown.
    visitor.goto(lesson.url)
    assert visitor.page.locator("h1").inner_text() == lesson.title
    assert watch.violations == []
    assert visitor.outside_requests() == []
