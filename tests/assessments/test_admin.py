"""Authoring in the Wagtail admin: questions with preview, the GIFT upload, the item analysis report."""

import csv
import html
import io
import json
import math
import statistics
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.test.utils.form_data import nested_form_data, streamfield
from wagtail.users.models import UserProfile

from assessments.analysis import item_analysis
from assessments.models import Assessment, Attempt, AttemptQuestion, DrawRule, Question, QuestionBank
from tests.assessments.conftest import make_bank


@pytest.fixture
def admin_client(client, demo_site):
    client.force_login(get_user_model().objects.get(email="admin@cart-academy.example"))
    return client


def speaks(user, language: str) -> None:
    """Set the admin language `user` chose in their account (Wagtail's preferred language)."""
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


def question_form(bank, **value):
    choices = [
        {"text": "CD19", "weight": "100", "feedback": ""},
        {"text": "BCMA", "weight": "0", "feedback": ""},
    ]
    block = {"text": "Мишень Kymriah?", "general_feedback": "См. [S11]", "source_reference": "S11"}
    block.update(value)
    return nested_form_data(
        {
            "bank": str(bank.pk),
            "difficulty": "2",
            "name": "Мишень",
            "category": "Препараты",
            "tags": "",
            "content": streamfield(
                [("single", {**block, "choices": streamfield([("item", c) for c in choices])})]
            ),
        }
    )


@pytest.mark.django_db
def test_admin_creates_a_question_and_previews_it(admin_client):
    bank = QuestionBank.objects.create(name="Банк редактора")
    response = admin_client.post("/admin/snippets/assessments/question/add/", question_form(bank))
    assert response.status_code == 302, response.content.decode()[:3000]
    question = Question.objects.get(name="Мишень")
    version = question.current_version
    assert (version.kind, version.number, version.source_reference) == ("single", 1, "S11")
    assert [c["weight"] for c in version.data["choices"]] == [1.0, 0.0]
    preview = admin_client.post(
        f"/admin/snippets/assessments/question/preview/{question.pk}/", question_form(bank)
    )
    assert preview.status_code == 200
    shown = admin_client.get(f"/admin/snippets/assessments/question/preview/{question.pk}/")
    body = shown.content.decode()
    assert "Мишень Kymriah?" in body and 'type="radio"' in body and "100" not in body.split("<main", 1)[1]


@pytest.mark.django_db
def test_admin_refuses_a_question_without_a_right_answer(admin_client):
    bank = QuestionBank.objects.create(name="Банк редактора")
    data = question_form(bank)
    data["content-0-value-choices-0-value-weight"] = "50"
    response = admin_client.post("/admin/snippets/assessments/question/add/", data)
    assert response.status_code == 200
    body = response.content.decode()
    message = "Один ответ должен стоить 100%."
    # Wagtail hands StreamField errors to its editor as JSON, with non-ASCII characters escaped.
    assert message in body or json.dumps(message)[1:-1] in body
    assert not Question.objects.filter(name="Мишень").exists()


@pytest.mark.django_db
def test_editing_a_drawn_question_in_the_admin_makes_a_new_version(admin_client, trainee, demo_course):
    from assessments.services import start_attempt

    bank = make_bank("Банк", kinds=("single", "truefalse"))
    quiz = Assessment.objects.create(title="Квиз", page=demo_course)
    DrawRule.objects.create(assessment=quiz, bank=bank, count=2)
    start_attempt(user=trainee, assessment=quiz)
    question = bank.questions.get(name="single")
    response = admin_client.post(
        f"/admin/snippets/assessments/question/edit/{question.pk}/",
        {
            **question_form(bank, text="Исправленный текст"),
            "bank": str(bank.pk),
            "name": "single",
            "action-publish": "1",  # a change takes effect when published (a draft otherwise)
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    question.refresh_from_db()
    assert question.current_version.number == 2 and question.current_version.text == "Исправленный текст"
    assert question.versions.get(number=1).text == "Мишень Kymriah?"


@pytest.mark.django_db
def test_gift_upload_imports_or_reports_the_line(admin_client):
    good = "::Q1::Мишень Kymriah?{=CD19 ~BCMA}\n\n::Q2::Все препараты аутологичные.{T}\n"
    response = admin_client.post(
        "/admin/assessments/import-gift/",
        {"file": SimpleUploadedFile("bank.gift", good.encode()), "bank": "Загруженный", "owner": ""},
    )
    assert response.status_code == 302
    assert QuestionBank.objects.get(name="Загруженный").questions.count() == 2
    broken = "::Q1::Мишень?{=CD19 ~BCMA}\n\n::Q2::Сломанный вопрос {=A ~B\n"
    response = admin_client.post(
        "/admin/assessments/import-gift/",
        {"file": SimpleUploadedFile("broken.gift", broken.encode()), "bank": "Сломанный", "owner": ""},
    )
    assert response.status_code == 200
    assert "broken.gift:3:" in response.content.decode()
    assert not QuestionBank.objects.filter(name="Сломанный").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("dry_run", [True, False])
def test_a_gift_file_of_60000_tiny_questions_is_refused_with_nothing_written(admin_client, dry_run):
    """1.6 MB of "Q{T}" paragraphs: refused at question 2 001 with its line, before parsing further."""
    flood = "\n\n".join("Q{T}" for _ in range(60_000)) + "\n"
    fields = {"file": SimpleUploadedFile("flood.gift", flood.encode()), "bank": "Потоп", "owner": ""}
    if dry_run:
        fields["dry_run"] = "on"
    before = Question.objects.count()
    speaks(get_user_model().objects.get(email="admin@cart-academy.example"), "en")
    response = admin_client.post("/admin/assessments/import-gift/", fields)
    assert response.status_code == 200
    assert "flood.gift:4001: more than 2000 questions in one file" in response.content.decode()
    assert Question.objects.count() == before and not QuestionBank.objects.filter(name="Потоп").exists()


BROKEN_GIFT = "::Q1::Мишень?{=CD19 ~BCMA}\n\n::Q2::Сломанный вопрос {=A ~B\n"


def upload_broken_gift(client) -> str:
    response = client.post(
        "/admin/assessments/import-gift/",
        {"file": SimpleUploadedFile("broken.gift", BROKEN_GIFT.encode()), "bank": "Сломанный", "owner": ""},
    )
    assert response.status_code == 200 and not QuestionBank.objects.filter(name="Сломанный").exists()
    return html.unescape(response.content.decode())


@pytest.mark.django_db
def test_a_gift_refusal_is_in_russian_for_an_editor_of_the_russian_admin(admin_client):
    body = upload_broken_gift(admin_client)
    assert "broken.gift:3: блок ответов «{» не закрыт «}»" in body
    assert "is not closed" not in body


@pytest.mark.django_db
def test_a_gift_refusal_is_in_english_for_an_editor_who_chose_english(admin_client):
    speaks(get_user_model().objects.get(email="admin@cart-academy.example"), "en")
    body = upload_broken_gift(admin_client)
    assert "broken.gift:3: answer block '{' is not closed with '}'" in body
    assert "не закрыт" not in body


@pytest.mark.django_db
def test_an_unsupported_question_is_refused_in_russian_with_its_kind_named(admin_client):
    essay = "::Q1::Мишень?{=CD19 ~BCMA}\n\n::Эссе::Опишите процесс.{}\n"
    response = admin_client.post(
        "/admin/assessments/import-gift/",
        {"file": SimpleUploadedFile("essay.gift", essay.encode()), "bank": "Эссе", "owner": ""},
    )
    body = html.unescape(response.content.decode())
    assert "essay.gift:3: вопросы вида «эссе» нельзя проверить автоматически" in body
    assert not QuestionBank.objects.filter(name="Эссе").exists()


@pytest.mark.django_db
def test_trainees_cannot_open_admin_reports(client, trainee, demo_site):
    quiz = Assessment.objects.first()
    client.force_login(trainee)
    assert client.get(f"/admin/assessments/{quiz.pk}/analysis/").status_code in (302, 403)
    assert client.get("/admin/assessments/import-gift/").status_code in (302, 403)


def finished_attempts(quiz, users, scores_by_user):
    """Attempts whose per-question fractions are given, without going through the services."""
    versions = list(
        quiz.draw_rules.first().bank.questions.order_by("name").values_list("current_version", flat=True)
    )
    now = timezone.now()
    for user, fractions in zip(users, scores_by_user, strict=True):
        total = sum(fractions)
        attempt = Attempt.objects.create(
            assessment=quiz,
            user=user,
            seed=1,
            status=Attempt.SUBMITTED,
            started_at=now - timedelta(minutes=5),
            finished_at=now,
            score=Decimal(str(total)),
            max_score=Decimal(len(fractions)),
            percent=Decimal(str(round(100 * total / len(fractions), 2))),
            passed=100 * total / len(fractions) >= quiz.pass_mark,
        )
        AttemptQuestion.objects.bulk_create(
            AttemptQuestion(
                attempt=attempt,
                version_id=version,
                position=i + 1,
                fraction=Decimal(str(f)),
                response={"choice": 0 if f == 1 else 1},
            )
            for i, (version, f) in enumerate(zip(versions, fractions, strict=True))
        )


@pytest.mark.django_db
def test_item_analysis_of_a_new_quiz_with_one_attempt_answers_without_statistics(
    admin_client, make_user, demo_course
):
    bank = make_bank("Один ответ", kinds=("single",), size=2)
    quiz = Assessment.objects.create(title="Один ответ", page=demo_course, pass_mark=60)
    DrawRule.objects.create(assessment=quiz, bank=bank, count=2)
    finished_attempts(quiz, [make_user(email="only@example.org")], [[1, 0]])
    stats = item_analysis(quiz)
    assert stats.attempts == 1 and stats.std_dev is None and stats.alpha is None
    assert admin_client.get(f"/admin/assessments/{quiz.pk}/analysis/").status_code == 200
    assert admin_client.get(f"/admin/assessments/{quiz.pk}/analysis/?format=csv").status_code == 200


@pytest.mark.django_db
def test_item_analysis_matches_the_textbook_formulas(admin_client, make_user, demo_course):
    bank = make_bank("Анализ", kinds=("single",), size=3)
    quiz = Assessment.objects.create(title="Анализ", page=demo_course, pass_mark=60)
    DrawRule.objects.create(assessment=quiz, bank=bank, count=3)
    scores = [[1, 1, 0], [1, 0, 0], [1, 1, 1], [0, 0, 0], [1, 1, 0]]
    users = [make_user(email=f"u{i}@example.org") for i in range(len(scores))]
    finished_attempts(quiz, users, scores)

    stats = item_analysis(quiz)
    totals = [sum(row) for row in scores]
    assert stats.attempts == 5
    assert stats.pass_rate == pytest.approx(100 * sum(t / 3 >= 0.6 for t in totals) / 5)
    assert stats.mean == pytest.approx(statistics.mean(100 * t / 3 for t in totals), abs=0.01)
    assert stats.std_dev == pytest.approx(statistics.stdev(100 * t / 3 for t in totals), abs=0.01)
    item_vars = [statistics.variance([row[i] for row in scores]) for i in range(3)]
    alpha = 3 / 2 * (1 - sum(item_vars) / statistics.variance(totals))
    assert stats.alpha == pytest.approx(alpha, abs=1e-6)
    by_name = {q.name: q for q in stats.questions}
    for index, name in enumerate(sorted(by_name)):
        item = [row[index] for row in scores]
        rest = [t - x for t, x in zip(totals, item, strict=True)]
        assert by_name[name].facility == pytest.approx(100 * statistics.mean(item))
        expected = statistics.correlation(item, rest) if len(set(item)) > 1 and len(set(rest)) > 1 else None
        if expected is None:
            assert by_name[name].discrimination is None
        else:
            assert by_name[name].discrimination == pytest.approx(100 * expected)
    assert dict(stats.histogram)[0] == 1 and sum(n for _b, n in stats.histogram) == 5
    assert not math.isnan(stats.alpha)

    page = admin_client.get(f"/admin/assessments/{quiz.pk}/analysis/")
    assert page.status_code == 200 and "<svg" in page.content.decode()
    rows = list(
        csv.reader(
            io.StringIO(
                admin_client.get(f"/admin/assessments/{quiz.pk}/analysis/?format=csv").content.decode()
            )
        )
    )
    assert rows[0][:3] == ["question", "type", "attempts"] and len([r for r in rows[1:4] if r]) == 3


@pytest.mark.django_db
@pytest.mark.parametrize("listing", ["questionbank", "question"])
def test_a_members_admin_listing_costs_the_same_queries_at_5_and_25_rows(client, demo_site, listing):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from assessments.models import Question, QuestionBank
    from people.models import Organization
    from tests.assessments.conftest import ALL_KINDS

    university = Organization.objects.get(slug="demo-university")
    # Only this test's rows on the first page: the demo course's banks are taken out of its listing.
    QuestionBank.objects.filter(organization=university).update(organization=None, owner="")
    client.force_login(get_user_model().objects.get(email="editor@university.example"))
    counts = []
    for size in (5, 25):
        QuestionBank.objects.filter(name__startswith="Банк №").delete()
        for number in range(size):
            bank = QuestionBank.objects.create(
                name=f"Банк №{number}", owner=university.slug, organization=university
            )
            question = Question.objects.create(bank=bank, name=f"Вопрос №{number}")
            question.revise(kind="single", **ALL_KINDS["single"])  # the type column reads the version
        url = f"/admin/snippets/assessments/{listing}/"
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200 and f"№{size - 1}" in response.content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


@pytest.mark.django_db
def test_unshuffled_options_are_refused_when_the_right_answer_is_usually_first(admin_client, demo_course):
    from wagtail.test.utils.form_data import inline_formset

    bank = make_bank("Правильный первым", size=6)  # authors' habit: the right choice written first

    def form(title, **extra):
        rules = inline_formset([{"bank": str(bank.pk), "count": "3", "tag": "", "category": ""}], min=1)
        return nested_form_data(
            {
                "title": title,
                "page": str(demo_course.pk),
                "pass_mark": "80",
                "cooldown_minutes": "0",
                "review_policy": "wrong",
                "draw_rules": rules,
                **extra,
            }
        )

    refused = admin_client.post("/admin/snippets/assessments/assessment/add/", form("Без перемешивания"))
    assert refused.status_code == 200
    [error] = refused.context["form"].errors["shuffle_options"]
    assert "3" in error  # all three choice questions of the bank have their right answer first
    assert not Assessment.objects.filter(title="Без перемешивания").exists()
    accepted = admin_client.post(
        "/admin/snippets/assessments/assessment/add/", form("С перемешиванием", shuffle_options="on")
    )
    assert accepted.status_code == 302
    assert Assessment.objects.get(title="С перемешиванием").shuffle_options


@pytest.mark.django_db
def test_item_analysis_csv_does_not_let_a_question_name_run_as_a_formula(
    admin_client, make_user, demo_course
):
    from base.api import spreadsheet_safe

    bank = make_bank("Формулы", kinds=("single",), size=2)
    bank.questions.update(name='=HYPERLINK("https://evil.example","x")')
    quiz = Assessment.objects.create(title="Формулы", page=demo_course, pass_mark=60)
    DrawRule.objects.create(assessment=quiz, bank=bank, count=2)
    finished_attempts(quiz, [make_user(email=f"f{i}@example.org") for i in range(2)], [[1, 0], [0, 1]])
    body = admin_client.get(f"/admin/assessments/{quiz.pk}/analysis/?format=csv").content.decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[1][0].startswith("'=HYPERLINK") and not any(row and row[0].startswith("=") for row in rows)
    assert [spreadsheet_safe(v) for v in (-12.5, "-12.50", "-x", "@SUM(1)", 3)] == [
        "-12.5",
        "-12.50",
        "'-x",
        "'@SUM(1)",
        "3",
    ]


@pytest.mark.django_db
def test_the_question_listing_says_which_questions_are_retired_and_filters_by_it(admin_client):
    bank = make_bank("Учёт использования")
    active, retired = bank.questions.order_by("pk")[:2]
    Question.objects.filter(pk=active.pk).update(name="Действующий вопрос Q7")
    Question.objects.filter(pk=retired.pk).update(
        name="Выведенный вопрос Q8", retired_at=timezone.now() - timedelta(days=3)
    )
    active.refresh_from_db()
    retired.refresh_from_db()
    listing = "/admin/snippets/assessments/question/"

    def rows(response) -> dict[str, str]:
        page = html.unescape(response.content.decode())
        return {name: page for name in (active.name, retired.name) if name in page}

    page = html.unescape(admin_client.get(listing, {"q": "вопрос Q"}).content.decode())
    assert "Статус использования" in page and "в обращении" in page and "выведен " in page
    assert set(rows(admin_client.get(listing, {"q": "вопрос Q"}))) == {active.name, retired.name}
    only_retired = rows(admin_client.get(listing, {"q": "вопрос Q", "retired": "true"}))
    assert retired.name in only_retired and active.name not in only_retired
    only_active = rows(admin_client.get(listing, {"q": "вопрос Q", "retired": "false"}))
    assert active.name in only_active and retired.name not in only_active
