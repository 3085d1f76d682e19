"""A live quiz's rules change only through review; attempts keep the rules they started under."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from assessments.models import Assessment, Attempt
from assessments.services import start_attempt, submit_attempt
from audit.models import AuditEntry
from tests.assessments.conftest import right_response

EDIT = "/admin/snippets/assessments/assessment/edit/{}/"


def edit_form(assessment, **changes) -> dict:
    """The admin form of `assessment` as it stands, with `changes` applied."""
    fields = {
        "title": assessment.title,
        "page": str(assessment.page_id),
        "pass_mark": str(assessment.pass_mark),
        "time_limit_minutes": str(assessment.time_limit_minutes or ""),
        "max_attempts": str(assessment.max_attempts or ""),
        "cooldown_minutes": str(assessment.cooldown_minutes),
        "review_policy": assessment.review_policy,
        "shuffle_questions": "on",
        "shuffle_options": "on",
        "draw_rules": inline_formset(
            [
                {
                    "id": str(rule.pk),
                    "bank": str(rule.bank_id),
                    "count": str(rule.count),
                    "tag": "",
                    "category": "",
                }
                for rule in assessment.draw_rules.all()
            ],
            initial=assessment.draw_rules.count(),
            min=1,
        ),
    }
    if assessment.is_final:
        fields["is_final"] = "on"
    fields.update(changes)
    return nested_form_data(fields)


@pytest.fixture
def quiz(demo_site):
    """The demo module quiz, drawing from a bank of the demo university (whose members review it)."""
    from people.models import Organization
    from tests.assessments.conftest import make_bank

    quiz = Assessment.objects.get(title="Тест по модулю «Что такое CAR-T-препарат»")
    bank = make_bank("Банк университета", kinds=("single",), size=6)
    bank.organization = Organization.objects.get(slug="demo-university")
    bank.owner = bank.organization.slug  # what the GIFT upload finds a bank by
    bank.save()
    quiz.draw_rules.update(bank=bank)
    return quiz


@pytest.fixture
def people(demo_site):
    users = get_user_model().objects
    return users.get(email="editor@university.example"), users.get(email="reviewer@university.example")


def test_an_editors_pass_mark_change_is_invisible_to_trainees_until_a_reviewer_publishes(
    client, trainee, quiz, people
):
    editor, reviewer = people
    assert quiz.pass_mark == 75
    client.force_login(editor)
    # The editor cannot publish at all…
    refused = client.post(EDIT.format(quiz.pk), {**edit_form(quiz, pass_mark="10"), "action-publish": "1"})
    assert Assessment.objects.get(pk=quiz.pk).pass_mark == 75
    assert refused.status_code in (200, 302, 403)
    # …and a saved change is a draft, submitted to the university's review.
    saved = client.post(EDIT.format(quiz.pk), {**edit_form(quiz, pass_mark="10"), "action-submit": "1"})
    assert saved.status_code == 302
    quiz.refresh_from_db()
    assert quiz.pass_mark == 75 and quiz.has_unpublished_changes
    assert quiz.latest_revision.as_object().pass_mark == 10
    state = WorkflowState.objects.for_instance(quiz).get(status=WorkflowState.STATUS_IN_PROGRESS)
    client.force_login(trainee)
    page = client.get(f"/ru/assessments/{quiz.pk}/").content.decode()
    assert "Проходной балл 75%" in page and "10%" not in page

    # The reviewer of the same university approves: the change is live, with its author and approver.
    client.force_login(reviewer)
    task_state = state.current_task_state
    approve = f"/admin/snippets/assessments/assessment/workflow/action/{quiz.pk}/approve/{task_state.pk}/"
    response = client.post(approve, {"comment": "ok"})
    assert response.status_code in (200, 302)
    quiz.refresh_from_db()
    assert quiz.pass_mark == 10 and not quiz.has_unpublished_changes
    published = AuditEntry.objects.filter(action="assessment.published").latest("id")
    assert published.actor == reviewer.email and published.after["author"] == editor.email
    assert published.before["pass_mark"] == 75 and published.after["pass_mark"] == 10


def test_a_reviewer_of_another_university_cannot_approve(client, quiz, people, make_user):
    from people.models import Membership, Organization

    editor, _reviewer = people
    other = Organization.objects.create(
        kind="university", slug="other-u", name_ru="Другой вуз", name_en="Other U"
    )
    stranger = make_user(email="stranger@example.org")
    Membership.objects.create(user=stranger, organization=other, role=Membership.REVIEWER)
    client.force_login(editor)
    client.post(EDIT.format(quiz.pk), {**edit_form(quiz, pass_mark="10"), "action-submit": "1"})
    state = WorkflowState.objects.for_instance(quiz).get(status=WorkflowState.STATUS_IN_PROGRESS)
    client.force_login(stranger)
    approve = (
        f"/admin/snippets/assessments/assessment/workflow/action/"
        f"{quiz.pk}/approve/{state.current_task_state.pk}/"
    )
    client.post(approve, {"comment": "ok"})
    quiz.refresh_from_db()
    assert quiz.pass_mark == 75


def test_an_attempt_keeps_the_pass_mark_it_was_taken_under(trainee, quiz, people):
    _editor, reviewer = people
    attempt, _created = start_attempt(user=trainee, assessment=quiz)
    assert attempt.pass_mark == 75
    # The reviewer raises the pass mark to 100 while the trainee is answering.
    quiz.pass_mark = 100
    quiz.save_revision(user=reviewer).publish(user=reviewer)
    answers = {}
    questions = list(attempt.questions.select_related("version").order_by("position"))
    for question in questions[:3]:  # 3 of 4 right: 75 %
        answers[str(question.position)] = right_response(question.version)
    graded = submit_attempt(attempt=attempt, answers=answers, sequence=0)
    assert graded.percent == 75 and graded.pass_mark == 75 and graded.passed
    later, _created = start_attempt(user=trainee, assessment=Assessment.objects.get(pk=quiz.pk))
    assert (
        later.pass_mark == 100
        and later.rules_revision_id == Assessment.objects.get(pk=quiz.pk).live_revision_id
    )
    assert Attempt.objects.get(pk=attempt.pk).passed  # a later change never rewrites a result


def _drawn_texts(trainee, quiz) -> set[str]:
    attempt, _created = start_attempt(user=trainee, assessment=quiz)
    texts = {q.version.text for q in attempt.questions.select_related("version")}
    Attempt.objects.filter(pk=attempt.pk).update(status=Attempt.SUBMITTED)  # close it for the next draw
    return texts


def test_an_editors_change_to_a_drawn_question_is_reviewed_before_any_attempt_draws_it(
    client, trainee, make_user, quiz, people
):
    from tests.assessments.test_admin import question_form

    editor, reviewer = people
    bank = quiz.draw_rules.get().bank
    quiz.draw_rules.update(count=bank.questions.count())
    question = bank.questions.order_by("pk").first()
    client.force_login(editor)
    form = question_form(bank, text="ИЗМЕНЁННЫЙ ВОПРОС")
    response = client.post(
        f"/admin/snippets/assessments/question/edit/{question.pk}/", {**form, "action-submit": "1"}
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.current_version.text != "ИЗМЕНЁННЫЙ ВОПРОС" and question.has_unpublished_changes
    assert "ИЗМЕНЁННЫЙ ВОПРОС" not in _drawn_texts(make_user(email="t1@example.org"), quiz)

    state = WorkflowState.objects.for_instance(question).get(status=WorkflowState.STATUS_IN_PROGRESS)
    client.force_login(reviewer)
    client.post(
        f"/admin/snippets/assessments/question/workflow/action/{question.pk}/approve/"
        f"{state.current_task_state.pk}/",
        {"comment": "ok"},
    )
    question.refresh_from_db()
    assert question.current_version.text == "ИЗМЕНЁННЫЙ ВОПРОС" and question.current_version.number == 2
    assert "ИЗМЕНЁННЫЙ ВОПРОС" in _drawn_texts(make_user(email="t2@example.org"), quiz)
    revised = AuditEntry.objects.filter(action="question.revised").latest("id")
    assert revised.actor == reviewer.email and revised.after["text"] == "ИЗМЕНЁННЫЙ ВОПРОС"


def test_an_editors_gift_upload_into_a_bank_a_live_quiz_draws_only_proposes(client, trainee, quiz, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    editor, _reviewer = people
    bank = quiz.draw_rules.get().bank
    quiz.draw_rules.update(count=bank.questions.count())
    before = {q.pk: q.current_version_id for q in bank.questions.all()}
    gift = "::single::Мишень Kymriah? {=BCMA ~CD19}\n\n::Новый::Совсем новый вопрос? {=да ~нет}\n"
    client.force_login(editor)
    response = client.post(
        "/admin/assessments/import-gift/",
        {
            "file": SimpleUploadedFile("bank.gift", gift.encode()),
            "bank": bank.name,
            "organization": str(bank.organization_id),
        },
    )
    assert response.status_code == 302, response.content[:300]
    assert {q.pk: q.current_version_id for q in bank.questions.filter(pk__in=before)} == before
    new = bank.questions.get(name="Новый")
    assert not new.live
    drawn = _drawn_texts(trainee, quiz)
    assert "Совсем новый вопрос?" not in drawn  # the draft is not drawn (the quiz draws all 6 live ones)
    proposed = bank.questions.get(name="single")
    assert proposed.has_unpublished_changes and proposed.latest_revision.as_object().content
