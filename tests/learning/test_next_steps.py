"""The next step after every lesson, quiz result and module page; quizzes and the exam in the outline with the
trainee's state; the certificate moment on the result page; a dashboard that continues and does not pretend.

The demo course: module 1 (two lessons and a quiz, unlimited attempts), module 2 (one SOP lesson), a final
exam (three attempts).
"""

from types import SimpleNamespace
from unittest import mock
from urllib.parse import parse_qs, urlparse

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import reverse

from assessments.models import Assessment
from assessments.services import start_attempt, submit_attempt
from certificates.models import Certificate
from courses.models import LessonPage, ModulePage
from learning.services import enrol
from tests.assessments.conftest import pass_attempt
from tests.conftest import PASSWORD, read_lesson

QUIZ = "Тест по модулю «Что такое CAR-T-препарат»"
EXAM = "Итоговый экзамен"


def html(client, path: str) -> BeautifulSoup:
    response = client.get(path)
    assert response.status_code == 200, path
    return BeautifulSoup(response.content, "html.parser")


def next_link(page: BeautifulSoup) -> tuple[str, str]:
    block = page.select_one("[data-next-step]")
    assert block is not None, "no next-step block"
    return block["data-next-step"], block.select_one("[data-next-step-link]")["href"]


def fail_attempt(user, assessment, secret=None):
    attempt, _created = start_attempt(user=user, assessment=assessment)
    return submit_attempt(attempt=attempt, answers={}, sequence=attempt.sequence, secret=secret)


@pytest.fixture
def quiz(demo_site):
    return Assessment.objects.get(title=QUIZ)


@pytest.fixture
def exam(demo_site):
    return Assessment.objects.get(title=EXAM)


@pytest.fixture
def enrolled(client, trainee, demo_course):
    enrol(user=trainee, course=demo_course)
    client.force_login(trainee)
    return trainee


def quiz_url(assessment) -> str:
    return reverse("assessments:detail", args=[assessment.pk])


@pytest.mark.django_db
def test_confirming_a_lesson_leads_to_the_next_lesson_then_to_the_module_quiz(
    client, enrolled, demo_lessons, quiz
):
    for lesson, then in ((demo_lessons[0], demo_lessons[1].url), (demo_lessons[1], quiz_url(quiz))):
        client.get(lesson.url)
        response = client.post(reverse("learning:complete_lesson", args=[lesson.pk]))
        assert response.status_code == 302 and response["Location"] == then
    # The lesson page, once confirmed, shows the same next step.
    assert next_link(html(client, demo_lessons[1].url)) == ("quiz", quiz_url(quiz))


@pytest.mark.django_db
def test_after_the_module_quiz_the_next_module_then_the_exam(client, enrolled, demo_lessons, quiz, exam):
    for lesson in demo_lessons[:2]:
        read_lesson(user=enrolled, lesson=lesson)
    attempt = pass_attempt(enrolled, quiz)
    page = html(client, reverse("assessments:result", args=[attempt.pk]))
    assert next_link(page) == ("module", demo_lessons[2].url)
    course = demo_lessons[0].get_parent().get_parent()
    assert page.select_one("[data-back-to-course]")["href"] == f"{course.url}#outline-heading"
    read_lesson(user=enrolled, lesson=demo_lessons[2], secret=PASSWORD)
    assert next_link(html(client, demo_lessons[2].url)) == ("exam", quiz_url(exam))


@pytest.mark.django_db
def test_a_failed_quiz_offers_another_try_and_the_lessons_to_revisit(client, enrolled, demo_lessons, quiz):
    attempt = fail_attempt(enrolled, quiz)
    assert not attempt.passed
    page = html(client, reverse("assessments:result", args=[attempt.pk]))
    assert next_link(page) == ("retry", quiz_url(quiz))
    # The result lists the topics to revisit, each linked to where the module teaches it; the next-step block
    # points at that list instead of repeating the module's lessons above it.
    assert page.select_one("[data-next-step] [data-revisit-below]")
    assert not page.select("[data-next-step] .revisit-list")
    module = demo_lessons[0].get_parent()
    topics = [a["href"].split("#")[0] for a in page.select("[data-topics] li a")]
    assert topics and set(topics) <= {module.url, *(lesson.url for lesson in demo_lessons[:2])}
    assert "Попробовать ещё раз" in page.select_one("[data-next-step-link]").text


@pytest.mark.django_db
def test_a_failed_exam_counts_the_attempts_left(client, enrolled, demo_lessons, quiz, exam):
    attempt = fail_attempt(enrolled, exam, secret=PASSWORD)
    page = html(client, reverse("assessments:result", args=[attempt.pk]))
    assert next_link(page) == ("retry", quiz_url(exam))
    assert "2" in page.select_one("[data-next-step]").text  # three attempts, one used
    # The exam's review policy lists the topics missed (demo: "topics"), each linked into the course;
    # the block points at them rather than listing every module again.
    assert page.select_one("[data-next-step] [data-revisit-below]")
    assert not page.select("[data-next-step] .revisit-list")
    modules = list(ModulePage.objects.child_of(demo_lessons[0].get_parent().get_parent()).live())
    course = demo_lessons[0].get_parent().get_parent()
    in_course = {course.url} | {m.url for m in modules} | {lesson.url for lesson in LessonPage.objects.live()}
    topics = [a["href"].split("#")[0] for a in page.select("[data-topics] li a")]
    assert topics and set(topics) <= in_course


@pytest.mark.django_db
def test_the_module_page_lists_its_quiz_with_its_state_and_the_next_step(
    client, enrolled, demo_lessons, quiz
):
    module = demo_lessons[0].get_parent()
    page = html(client, module.url)
    assert page.select_one(f'.outline-quiz[data-quiz="{quiz.pk}"] [data-quiz-state]')["data-quiz-state"] == (
        "not_started"
    )
    assert next_link(page) == ("lesson", demo_lessons[0].url)
    fail_attempt(enrolled, quiz)
    for lesson in demo_lessons[:2]:
        read_lesson(user=enrolled, lesson=lesson)
    page = html(client, module.url)
    assert page.select_one(f'.outline-quiz[data-quiz="{quiz.pk}"] [data-quiz-state]')["data-quiz-state"] == (
        "failed"
    )
    assert next_link(page) == ("quiz", quiz_url(quiz))
    # The second module's page leads to its own lesson, not to "the next module".
    assert next_link(html(client, demo_lessons[2].get_parent().url)) == ("lesson", demo_lessons[2].url)


@pytest.mark.django_db
def test_the_lesson_outline_lists_the_quiz_and_the_exam_with_their_state(
    client, enrolled, demo_lessons, quiz, exam
):
    start_attempt(user=enrolled, assessment=quiz)  # left open
    fail_attempt(enrolled, exam, secret=PASSWORD)
    page = html(client, demo_lessons[0].url)
    states = {
        int(item["data-quiz"]): item.select_one("[data-quiz-state]") for item in page.select("[data-quiz]")
    }
    assert states[quiz.pk]["data-quiz-state"] == "in_progress"
    assert states[exam.pk]["data-quiz-state"] == "failed"
    assert "осталось" in states[exam.pk].text.lower() or "left" in states[exam.pk].text.lower()


def complete_course(user, lessons, quiz, exam):
    for lesson in lessons:
        read_lesson(user=user, lesson=lesson, secret=PASSWORD)
    pass_attempt(user, quiz)
    return pass_attempt(user, exam)


@pytest.mark.django_db
def test_passing_the_exam_shows_the_certificate_with_its_actions(client, enrolled, demo_lessons, quiz, exam):
    attempt = complete_course(enrolled, demo_lessons, quiz, exam)
    certificate = Certificate.objects.get(holder=enrolled)
    page = html(client, reverse("assessments:result", args=[attempt.pk]))
    moment = page.select_one("[data-certificate-moment]")
    assert moment is not None and not page.select_one("[data-next-step]")
    assert moment.select_one("[data-certificate-code]").text == certificate.code
    assert moment.select_one("[data-certificate-pdf]")["href"] == f"/verify/{certificate.code}/pdf"
    # The Open Badges credential for a wallet (ADR 0021).
    assert moment.select_one("[data-credential]")["href"] == f"/verify/{certificate.code}/credential.json"
    verify = moment.select_one("[data-verify-link]")["href"]
    assert (
        verify.endswith(f"/verify/{certificate.code}/")
        and moment.select_one("[data-verify-link]").text == verify
    )
    assert moment.select_one("button[data-copy-text]")["data-copy-text"] == verify
    linkedin = urlparse(moment.select_one("[data-share=linkedin]")["href"])
    assert (linkedin.scheme, linkedin.netloc, linkedin.path) == ("https", "www.linkedin.com", "/profile/add")
    fields = {key: values[0] for key, values in parse_qs(linkedin.query).items()}
    assert fields["startTask"] == "CERTIFICATION_NAME"
    assert (
        fields["name"] == certificate.course_title_ru
        and fields["organizationName"] == certificate.issuer_name
    )
    assert (fields["certId"], fields["certUrl"]) == (certificate.code, verify)
    assert fields["issueYear"] == str(certificate.issued_at.year) and 1 <= int(fields["issueMonth"]) <= 12
    vk = urlparse(moment.select_one("[data-share=vk]")["href"])
    assert (vk.netloc, vk.path, parse_qs(vk.query)) == ("vk.com", "/share.php", {"url": [verify]})
    # The copy button is ours: a static script, no inline script, nothing from another host.
    assert page.select_one('script[src$="js/share.js"]')
    assert not [s for s in page.select("script") if not s.get("src") and s.string and s.string.strip()]


@pytest.mark.django_db
def test_a_certificate_still_being_prepared_is_said_so(client, enrolled, demo_lessons, quiz, exam):
    with mock.patch("certificates.receivers.issue_certificate", return_value=SimpleNamespace(created=False)):
        attempt = complete_course(enrolled, demo_lessons, quiz, exam)
    assert not Certificate.objects.filter(holder=enrolled).exists()
    page = html(client, reverse("assessments:result", args=[attempt.pk]))
    assert page.select_one("[data-certificate-pending]")["data-certificate-pending"] == "preparing"
    assert not page.select_one("[data-certificate-moment]")


@pytest.mark.django_db
def test_without_a_name_the_result_asks_for_it(client, make_user, demo_course, demo_lessons, quiz, exam):
    nameless = make_user(email="nameless@example.org", full_name="")
    enrol(user=nameless, course=demo_course)
    client.force_login(nameless)
    attempt = complete_course(nameless, demo_lessons, quiz, exam)
    page = html(client, reverse("assessments:result", args=[attempt.pk]))
    pending = page.select_one("[data-certificate-pending]")
    assert pending["data-certificate-pending"] == "needs_name"
    assert pending.select_one(f'a[href="{reverse("people:profile")}"]')


@pytest.mark.django_db
def test_the_dashboard_starts_with_the_course_to_continue(client, enrolled, demo_course, demo_lessons):
    read_lesson(user=enrolled, lesson=demo_lessons[0])
    page = html(client, reverse("learning:dashboard"))
    block = page.select_one("[data-continue]")
    assert block.select_one("a")["href"] == demo_course.url
    assert block.select_one("[data-next-step-link]")["href"] == demo_lessons[1].url


@pytest.mark.django_db
def test_the_dashboard_lists_only_paths_the_trainee_follows(client, enrolled, demo_course):
    from courses.models import LearningPathPage

    page = html(client, reverse("learning:dashboard"))
    paths = page.select("#my-paths + .dashboard-list .card")
    # A path is listed when the trainee took two of its courses, or its only one.
    followed = [
        path.title
        for path in LearningPathPage.objects.live().filter(locale__language_code="ru")
        if path.path_courses.count() == 1
        and path.path_courses.filter(course__translation_key=demo_course.translation_key).exists()
    ]
    assert sorted(card.select_one("h3").text for card in paths) == sorted(followed)
    assert bool(page.select_one("[data-choose-path]")) == (not followed)


@pytest.mark.django_db
def test_a_path_shared_by_one_course_is_not_chosen(client, enrolled, demo_course, catalog):
    from courses.models import LearningPathCourse, LearningPathPage
    from tests.courses.conftest import build_course

    other = build_course(catalog, title="Второй курс пути")
    path = LearningPathPage(title="Путь из двух курсов")
    catalog.add_child(instance=path)
    for order, course in enumerate((demo_course, other)):
        LearningPathCourse.objects.create(path=path, course=course, sort_order=order)
    page = html(client, reverse("learning:dashboard"))
    assert "Путь из двух курсов" not in page.select_one("#my-paths").parent.text
    enrol(user=enrolled, course=other)
    page = html(client, reverse("learning:dashboard"))
    assert "Путь из двух курсов" in page.select_one("#my-paths").parent.text


@pytest.mark.django_db
def test_a_holder_of_certificates_without_a_course_in_progress_is_not_told_they_have_nothing(
    client, demo_site
):
    trainee = get_user_model().objects.get(email="trainee@cart-academy.example")
    client.force_login(trainee)
    page = html(client, reverse("learning:dashboard"))
    assert len(page.select(".certificate-card")) == 4
    assert not page.select("#my-courses + .dashboard-list .card")  # the demo trainee has no enrolment
    assert page.select_one("[data-no-course-in-progress] a")["href"] == reverse("courses:catalog")
    assert "Вы пока не записаны ни на один курс." not in page.text


@pytest.mark.django_db
def test_a_skipped_quiz_comes_before_the_final_exam(client, enrolled, demo_lessons, quiz):
    for lesson in demo_lessons:
        read_lesson(user=enrolled, lesson=lesson, secret=PASSWORD)
    assert next_link(html(client, demo_lessons[2].url)) == ("quiz", quiz_url(quiz))
