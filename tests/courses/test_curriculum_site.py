"""The curriculum as `make run` serves it: imported, public in both locales, in the sitemap, with role paths
and module quizzes drawn from the real banks."""

import pytest
from django.test import Client

from assessments.models import Assessment
from assessments.services import start_attempt
from courses.curriculum import load_curriculum, packages
from courses.models import CourseIndexPage, CoursePage, GlossaryPage, LearningPathPage, LessonPage, ModulePage
from courses.packages import read_package
from demo.loader import Report
from learning.services import enrol
from people.models import Organization

# The module's tests share one import of the curriculum (below): under `make test` (--dist loadgroup) they
# run on one xdist worker, which imports it once, instead of on every worker.
pytestmark = pytest.mark.xdist_group("curriculum_site")


@pytest.fixture(scope="module")
def curriculum(django_db_setup, django_db_blocker):
    """The four packages imported once for this module's tests, inside a transaction rolled back after them.

    Each test runs in its own savepoint within it. Search indexing is off while importing (no test here
    searches; tests/courses/test_curriculum.py and the search tests cover it).
    """
    from django.conf import settings
    from django.db import transaction
    from django.test import override_settings

    from base.models import HomePage

    backends = {
        name: {**params, "AUTO_UPDATE": False} for name, params in settings.WAGTAILSEARCH_BACKENDS.items()
    }
    with django_db_blocker.unblock(), transaction.atomic():
        homes = {home.locale.language_code: home for home in HomePage.objects.select_related("locale")}
        catalogs = {c.locale.language_code: c for c in CourseIndexPage.objects.select_related("locale")}
        with override_settings(WAGTAILSEARCH_BACKENDS=backends):
            load_curriculum(
                organization=Organization.objects.get(slug="demo-university"),
                home_ru=homes["ru"],
                home_en=homes["en"],
                catalog_ru=catalogs["ru"],
                catalog_en=catalogs["en"],
                report=Report(),
            )
        yield [read_package(folder) for folder in packages()]
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_every_course_module_and_lesson_is_public_in_both_locales_and_in_the_sitemap(curriculum):
    client = Client()
    sitemap = client.get("/sitemap.xml").content.decode()
    pages = 0
    for spec in curriculum:
        for language in ("ru", "en"):
            course = CoursePage.objects.get(slug=spec.slug, locale__language_code=language)
            assert course.live and course.provider.slug == "demo-university"
            assert client.get(course.url).status_code == 200
            assert course.url in sitemap
            for module in spec.modules:
                page = ModulePage.objects.child_of(course).get(slug=module.slug)
                assert page.live and page.url in sitemap
                lessons = LessonPage.objects.child_of(page).live()
                assert sorted(lessons.values_list("slug", flat=True)) == sorted(
                    item.slug for item in module.lessons
                )
                for lesson in lessons:
                    assert lesson.url in sitemap
                    pages += 1
    assert pages == 2 * sum(len(module.lessons) for spec in curriculum for module in spec.modules)
    first = LessonPage.objects.get(slug="what-is-a-car-t-product", locale__language_code="en")
    body = client.get(first.url).content.decode()  # the first lesson of a course is open to everyone
    assert "Sources" in body and "In the glossary" in body


@pytest.mark.django_db
def test_the_five_role_paths_and_the_glossary_show(curriculum):
    client = Client()
    for language, catalog_url in (("ru", "/ru/kursy/"), ("en", "/en/courses/")):
        body = client.get(catalog_url).content.decode()
        paths = LearningPathPage.objects.live().filter(locale__language_code=language)
        assert set(paths.values_list("role__code", flat=True)) == {"operator", "qc", "qa", "ra", "clinical"}
        for path in paths:
            assert path.url in body
            page = client.get(path.url).content.decode()
            assert all(item.course.title in page for item in path.path_courses.all())
        glossary = GlossaryPage.objects.get(locale__language_code=language)
        page = client.get(glossary.url).content.decode()
        assert 'id="chain-of-identity"' in page
        assert '<a href="#crs">CRS</a>' in page  # the index shows the term's head, not its expansion


@pytest.mark.django_db
def test_a_trainee_takes_a_module_quiz_drawn_from_the_real_bank(curriculum, make_user):
    trainee = make_user(email="learner@example.org")
    course = CoursePage.objects.get(slug="car-t-manufacturing-qc", locale__language_code="ru")
    enrol(user=trainee, course=course)
    module = ModulePage.objects.child_of(course).get(slug="quality-control-and-release")
    quiz = Assessment.objects.get(page=module, is_final=False)
    attempt, _created = start_attempt(user=trainee, assessment=quiz)
    drawn = list(attempt.questions.select_related("version__question__bank"))
    assert len(drawn) == 10
    assert {q.version.question.bank.name for q in drawn} == {
        "car-t-manufacturing-qc/quality-control-and-release (ru)"
    }
    client = Client()
    client.force_login(trainee)
    page = client.get(f"/ru/attempts/{attempt.pk}/").content.decode()
    assert page.count('class="quiz-question card"') == 10


# The lessons each package marks `procedure: true` (docs/course-packages.md): the ones that teach staff the
# steps of a task they perform.
PROCEDURE_LESSONS = {
    "car-t-fundamentals": {"crs-and-icans-grading"},
    "car-t-manufacturing-qc": {
        "shipping-receipt-and-centre-qualification",
        "from-apheresis-to-harvest",
        "formulation-cryopreservation-and-vein-to-vein",
        "out-of-specification-products",
    },
    "gmp-for-atmp": {
        "qp-certification-and-batch-release",
        "cleanroom-grades-and-monitoring",
        "russian-qualified-person",
    },
    "regulation-russia-eaeu": set(),
}


@pytest.mark.django_db
def test_the_procedure_lessons_are_marked_in_both_locales(curriculum):
    for spec in curriculum:
        for language in ("ru", "en"):
            course = CoursePage.objects.get(slug=spec.slug, locale__language_code=language)
            marked = set(
                LessonPage.objects.descendant_of(course)
                .filter(describes_procedure=True)
                .values_list("slug", flat=True)
            )
            assert marked == PROCEDURE_LESSONS[spec.slug], (spec.slug, language)


@pytest.mark.django_db
def test_the_russian_good_practice_module_is_served_in_both_locales(curriculum):
    client = Client()
    titles = {"ru": "Уполномоченное лицо в России и решение о выпуске", "en": "The Russian qualified person"}
    for language in ("ru", "en"):
        module = ModulePage.objects.get(slug="russian-good-practice-and-qp", locale__language_code=language)
        lessons = LessonPage.objects.child_of(module)
        assert sorted(lessons.values_list("slug", flat=True)) == [
            "eaeu-and-eu-annex-1",
            "order-512n-and-669n",
            "russian-qualified-person",
        ]
        page = client.get(module.url).content.decode()  # the module page lists its lessons to everyone
        assert titles[language] in page
        lesson = lessons.get(slug="russian-qualified-person")
        cited = {
            item["source_id"]
            for block in lesson.body
            if block.block_type == "references"
            for item in block.value["items"]
        }
        assert {"S123", "S125", "S126"} <= cited


@pytest.mark.django_db
def test_every_course_shows_the_hours_computed_from_its_package(curriculum):
    from courses.packages.loader import study_hours

    client = Client()
    for spec in curriculum:
        course = CoursePage.objects.get(slug=spec.slug, locale__language_code="ru")
        assert course.estimated_hours == study_hours(spec)
        hours = f"{study_hours(spec):g}".replace(".", ",")  # the Russian page writes 2,5
        assert f"{hours} ч" in client.get(course.url).content.decode()
