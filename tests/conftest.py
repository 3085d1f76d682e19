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
    """Each test starts with empty caches: the locmem caches outlive a test's rolled-back database, so a page
    stored for one test's content (base.pagecache), rate-limit counts ("ratelimit") and verified certificate
    records of the shared demo data (ADR 0019) must not answer the next test's request."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_modify_db_settings,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    tmp_path_factory,
):
    """The test database every test starts from: migrated, with the demo content (without the curriculum,
    which has its own tests: tests/courses/test_curriculum.py).

    pytest-django's own fixture, except that on SQLite in memory (the default) the first xdist worker
    builds it once for the run and the others copy it (tests/database_template.py), starting from the
    migrated database of an earlier run (var/test-cache/) when the migrations have not changed. Each
    ordinary test runs in a transaction rolled back afterwards, so it sees this state unchanged.
    Transactional tests (run last by pytest-django) empty the database after them; `demo_site` and
    `live_demo` give it back.
    """
    from django.db import connections
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup

    from . import database_template

    if not django_db_use_migrations:
        _disable_migrations()
    keepdb = django_db_keepdb and not django_db_createdb
    verbosity = request.config.option.verbose
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    with django_db_blocker.unblock():
        if (
            aliases == {"default"}
            and not serialized_aliases
            and django_db_use_migrations
            and not keepdb
            and database_template.in_memory_sqlite(connections["default"])
        ):
            old_config = database_template.setup(
                setup_databases=setup_databases,
                aliases=aliases,
                verbosity=verbosity,
                folder=database_template.shared_folder(tmp_path_factory),
                load_demo=load_demo,
                cache_folder=database_template.CACHE,
            )
        else:
            old_config = setup_databases(
                verbosity=verbosity,
                interactive=False,
                aliases=aliases,
                serialized_aliases=serialized_aliases,
                keepdb=keepdb,
            )
            # One worker at a time: the first creates the run's signing key (config/settings/test.py).
            with database_template.locked(database_template.shared_folder(tmp_path_factory)):
                load_demo(curriculum=False)

    yield

    if not keepdb:
        with django_db_blocker.unblock():
            teardown_databases(old_config, verbosity=verbosity)


@pytest.fixture
def demo_site(db):
    """The demo page tree in both locales, demo accounts and settings (what `load_demo` builds).

    Already there for ordinary tests; transactional tests, which may start from an emptied database, get it
    back (tests/database_template.py).
    """
    from . import database_template

    return database_template.ensure_demo()


@pytest.fixture
def make_user(db, demo_site):
    # After demo_site: in a transactional test that finds its database emptied, the demo comes back as a
    # whole snapshot (tests/database_template.py), which would wipe a user made before it.
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
