import pytest
from django.contrib.auth import get_user_model

from courses.models import CourseIndexPage, CoursePage, LessonPage
from demo.loader import load_demo

from .factories import PASSWORD, UserFactory, with_totp
from .fuzz.counting import summary_line


def pytest_terminal_summary(terminalreporter):
    """'fuzz: N inputs tried …' once per run (on the xdist controller, from every worker's reports)."""
    if hasattr(terminalreporter.config, "workerinput"):
        return  # an xdist worker: the controller prints the sum
    line = summary_line(report for reports in terminalreporter.stats.values() for report in reports)
    if line:
        terminalreporter.write_line(line)


@pytest.fixture(autouse=True)
def _default_language(request):
    """Each test starts in the site's default language (Russian), or its module's `TEST_LANGUAGE`. A request
    to an /en/ page leaves English active in the worker's thread, and a later test's reverse() or gettext
    would follow it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(getattr(request.module, "TEST_LANGUAGE", settings.LANGUAGE_CODE))
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Each test starts with empty caches: rate-limit counts ("ratelimit") and verified certificate records
    ("default") of the shared demo data would otherwise carry over from an earlier test (ADR 0019)."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Build the demo content once, into the test database every test starts from.

    Each ordinary test runs in a transaction rolled back afterwards, so it sees this state unchanged.
    Browser tests (transactional, run last by pytest-django) empty the database and rebuild it themselves.
    """
    with django_db_blocker.unblock():
        load_demo(curriculum=False)  # the curriculum has its own tests (tests/courses/test_curriculum.py)


@pytest.fixture
def demo_site(db):
    """The demo page tree in both locales, demo accounts and settings (what `load_demo` builds).

    A no-op for ordinary tests (the content is already there); transactional tests, which start from an
    emptied database, get it rebuilt.
    """
    return load_demo(curriculum=False)


@pytest.fixture
def make_user(db):
    def make(email="trainee@example.org", password=PASSWORD, verified=True, **fields):
        return UserFactory(email=email, password=password, verified=verified, **fields)

    return make


@pytest.fixture
def admin_user(admin_user):
    """pytest-django's superuser (behind `admin_client`), with the authenticator app the admin asks of it."""
    return with_totp(admin_user)


@pytest.fixture
def trainee(make_user):
    return make_user()


@pytest.fixture
def catalog(demo_site):
    return CourseIndexPage.objects.get(locale__language_code="ru")


@pytest.fixture
def demo_course(demo_site):
    return CoursePage.objects.get(locale__language_code="ru", slug="vvedenie-v-car-t")


@pytest.fixture
def demo_lessons(demo_course):
    return list(LessonPage.objects.descendant_of(demo_course).live().order_by("path"))


@pytest.fixture
def editor(demo_site):
    return get_user_model().objects.get(email="editor@university.example")


def read_lesson(*, user, lesson, seconds: int = 0, secret: str = PASSWORD):
    """Open a lesson as the trainee (what viewing its page records), then confirm it was read; an SOP
    lesson's confirmation is signed with `secret` (the factories' password)."""
    from datetime import timedelta

    from django.utils import timezone

    from courses.services import course_of
    from learning.models import Enrolment
    from learning.services import complete_lesson, record_visit

    opened = timezone.now() - timedelta(seconds=seconds)
    enrolment = Enrolment.objects.get(user=user, course_key=course_of(lesson).translation_key)
    record_visit(enrolment=enrolment, lesson=lesson, now=opened)
    return complete_lesson(user=user, lesson=lesson, secret=secret)
