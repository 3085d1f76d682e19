"""The Wagtail admin in the person's language, all the way down (issue 15).

- The admin speaks the language of the person's admin profile (Wagtail's `UserProfile.preferred_language`),
  set at sign-up and for the demo accounts; without one, the project default (Russian). Never the
  browser's Accept-Language.
- Every listing, form, filter and report of our models shows no English to a Russian-preferring editor or
  administrator: `test_no_english_in_our_admin_screens` opens each one and fails on known English words.
- Page titles end with the platform's name; review workflows and tasks are named in Russian.
"""

from __future__ import annotations

import importlib

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from wagtail.models import Task, Workflow
from wagtail.users.models import UserProfile

from assessments.models import Assessment, Question, QuestionBank
from certificates.models import Certificate
from courses.models import CoursePage, JobRole, PublisherSpace, Topic
from courses.spaces import ensure_publisher_space
from people.models import Membership, Organization, PersonalDataConsent
from tests.conftest import PASSWORD

ADMIN = "admin@cart-academy.example"
EDITOR = "editor@university.example"

# What a person reads on an admin page: the title, headings, column headers, cells, labels, choices, help.
VISIBLE = "title, h1, h2, h3, th, td, label, option, legend, button, .help, .w-field__help, summary"
# Texts that were English on our screens before issue 15 (a cell or label that is exactly one of these)…
ENGLISH_TEXTS = {
    "Bank",
    "Kind",
    "User",
    "Organization",
    "True",
    "False",
    "English",
    "valid",
    "expired",
    "revoked",
    *("single", "multiple", "truefalse", "matching", "numeric", "short", "ordering", "missing_word"),
}
# …and English phrases found inside longer texts.
ENGLISH_PHRASES = (
    "- Wagtail",
    "Choose another ",
    "Edit this ",
    "review before publishing",
    "reviewer approval",
    "Moderators approval",
    " · editor",
    " · reviewer",
)


def user(email: str):
    return get_user_model().objects.get(email=email)


def speaks(person, language: str):
    """`person` chose `language` for the admin in their account settings."""
    profile = UserProfile.get_for_user(person)
    profile.preferred_language = language
    profile.save()
    return person


def visible_texts(response) -> list[str]:
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    for picker in soup.select("select[name$=preferred_language]"):
        picker.decompose()  # a language picker names each language in itself: «English» stays English
    texts = [" ".join(node.get_text(" ").split()) for node in soup.select(VISIBLE)]
    return [text.removesuffix(" *") for text in texts if text]


def english_in(texts: list[str]) -> list[str]:
    return sorted(
        {
            text
            for text in texts
            if text in ENGLISH_TEXTS
            or text.startswith("Choose ")  # a chooser's button; not data that merely contains the word
            or any(phrase in text for phrase in ENGLISH_PHRASES)
        }
    )


def our_admin_screens() -> list[str]:
    """Each listing, add and edit form of our snippets, our admin views and reports, and the page screens."""
    screens = ["/admin/"]
    snippets = [
        ("assessments", "assessment", Assessment.objects.order_by("pk").first()),
        ("assessments", "questionbank", QuestionBank.objects.order_by("pk").first()),
        ("assessments", "question", Question.objects.order_by("pk").first()),
        ("assessments", "timeaccommodation", None),
        ("courses", "jobrole", JobRole.objects.order_by("pk").first()),
        ("courses", "topic", Topic.objects.order_by("pk").first()),
        ("people", "organization", Organization.objects.order_by("pk").first()),
        ("people", "membership", Membership.objects.order_by("pk").first()),
        ("people", "personaldataconsent", None),
    ]
    for app_label, model_name, instance in snippets:
        listing = f"/admin/snippets/{app_label}/{model_name}/"
        screens += [listing, listing + "?difficulty=2&kind=university&role=editor"]
        if model_name != "personaldataconsent":
            screens.append(listing + "add/")
        if instance is not None:
            screens.append(listing + f"edit/{instance.pk}/")
    screens.append(
        f"/admin/snippets/people/personaldataconsent/inspect/{PersonalDataConsent.objects.first().pk}/"
    )
    course = CoursePage.objects.get(locale__language_code="ru", slug="vvedenie-v-car-t")
    assessment = Assessment.objects.order_by("pk").first()
    return screens + [
        "/admin/audit/",
        "/admin/certificates/",
        *(f"/admin/certificates/{pk}/" for pk in Certificate.objects.values_list("pk", flat=True)),
        "/admin/assessments/import-gift/",
        f"/admin/assessments/{assessment.pk}/analysis/",
        "/admin/course-packages/import/",
        f"/admin/pages/{course.get_parent().pk}/",
        f"/admin/pages/{course.pk}/",
        f"/admin/pages/{course.pk}/edit/",
        "/admin/reports/aging-pages/",
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
        "/admin/workflows/list/",
        "/admin/workflows/tasks/index/",
        "/admin/users/",
        f"/admin/users/edit/{user(EDITOR).pk}/",
        "/admin/account/",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("email", [EDITOR, ADMIN])
def test_no_english_in_our_admin_screens(client, demo_site, email):
    client.force_login(speaks(user(email), "ru"))
    opened, found = 0, {}
    for url in our_admin_screens():
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        if response.status_code != 200:  # the editor may not open every screen: a redirect or a refusal
            assert email == EDITOR and response.status_code in (302, 403, 404), url
            continue
        opened += 1
        english = english_in(visible_texts(response))
        if english:
            found[url] = english
    assert opened >= (20 if email == EDITOR else 40)
    assert found == {}


def test_the_english_check_catches_english():
    """The check above can fail: the texts these screens showed before issue 15 are caught."""
    before = ["Bank", "Kind", "single", "User", "Вопросы - Wagtail", "Choose question bank"]
    assert english_in(before) == sorted(before)
    assert english_in(["Банк вопросов", "Тип", "Один вариант", "Вопросы - Академия CAR-T"]) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("preferred", "browser", "expected"), [("ru", "en", "ru"), ("en", "ru", "en"), ("", "en", "ru")]
)
def test_the_admin_speaks_the_chosen_language_not_the_browsers(
    client, demo_site, preferred, browser, expected
):
    client.force_login(speaks(user(EDITOR), preferred))
    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE=browser)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{expected}"' in html
    title = BeautifulSoup(html, "html.parser").title.get_text()
    if expected == "ru":
        assert title == "Панель управления - Академия CAR-T"
    else:
        assert title == "Dashboard - CAR-T Academy"


@pytest.mark.django_db
def test_a_person_without_an_admin_profile_gets_russian(client, demo_site):
    person = user(EDITOR)
    UserProfile.objects.filter(user=person).delete()
    client.force_login(person)
    response = client.get("/admin/snippets/assessments/question/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert '<html lang="ru"' in response.content.decode()


@pytest.mark.django_db
def test_admin_titles_and_dashboard_name_the_platform_in_the_persons_language(client, demo_site):
    client.force_login(speaks(user(ADMIN), "ru"))
    soup = BeautifulSoup(client.get("/admin/").content.decode(), "html.parser")
    assert soup.title.get_text().endswith(" - Академия CAR-T")
    assert soup.h1.get_text(strip=True) == "Академия CAR-T"
    speaks(user(ADMIN), "en")
    soup = BeautifulSoup(
        client.get("/admin/audit/", HTTP_ACCEPT_LANGUAGE="ru").content.decode(), "html.parser"
    )
    assert soup.title.get_text() == "Audit trail - CAR-T Academy"


@pytest.mark.django_db
def test_question_listing_names_bank_type_and_kinds_in_russian(client, demo_site):
    client.force_login(speaks(user(ADMIN), "ru"))
    texts = visible_texts(client.get("/admin/snippets/assessments/question/"))
    assert {"Банк вопросов", "Тип"} <= set(texts)
    assert "Один вариант" in texts  # the single-choice kind's label
    assert "Верно / неверно" in texts  # the true/false kind's


@pytest.mark.django_db
@pytest.mark.parametrize(("preferred", "prefix"), [("ru", "/ru/"), ("en", "/en/")])
def test_the_two_factor_enrolment_redirect_is_in_the_persons_language(client, make_user, preferred, prefix):
    person = speaks(make_user(email="root@example.org", is_superuser=True, is_staff=True), preferred)
    client.force_login(person)
    response = client.get("/admin/pages/", HTTP_ACCEPT_LANGUAGE="ru" if preferred == "en" else "en")
    assert response.status_code == 302
    with translation.override(preferred):
        target = reverse("people:mfa_required")
    assert target.startswith(prefix)
    assert response["Location"] == f"{target}?next=%2Fadmin%2Fpages%2F"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ru", "en"])
def test_sign_up_sets_the_admin_language_to_the_sites(client, demo_site, language):
    cache.clear()  # sign-up rate limits
    with translation.override(language):
        url = reverse("account_signup")
    data = {
        "email": "new@example.org",
        "full_name": "Пётр Иванов",
        "latin_name": "Petr Ivanov",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "personal_data_consent": "on",
    }
    assert client.post(url, data).status_code == 302
    assert UserProfile.get_for_user(user("new@example.org")).preferred_language == language


@pytest.mark.django_db
def test_demo_accounts_use_the_admin_in_russian_and_keep_a_later_choice(demo_site):
    from demo.loader import DEMO_ACCOUNTS, load_demo

    for account in DEMO_ACCOUNTS:
        assert UserProfile.get_for_user(user(account.email)).preferred_language == "ru"
    speaks(user(ADMIN), "en")
    load_demo(curriculum=False)
    assert UserProfile.get_for_user(user(ADMIN)).preferred_language == "en"


@pytest.mark.django_db
def test_a_new_publisher_space_has_its_review_named_in_russian(demo_site):
    organization = Organization.objects.create(
        kind=Organization.UNIVERSITY, slug="vega", name_ru="Институт Вега", name_en="Vega Institute"
    )
    space = ensure_publisher_space(organization)
    task = space.workflow.workflow_tasks.get().task
    assert space.workflow.name == "Институт Вега: проверка перед публикацией"
    assert task.name == "Институт Вега: одобрение рецензентом"


@pytest.mark.django_db
def test_the_data_migration_renames_only_the_old_english_defaults(demo_site):
    rename = importlib.import_module("courses.migrations.0015_review_names_ru").rename
    space = PublisherSpace.objects.select_related("organization", "workflow").get(
        organization__slug="demo-university"
    )
    organization = space.organization
    task = space.workflow.workflow_tasks.get().task
    Workflow.objects.filter(pk=space.workflow_id).update(
        name=f"{organization.name_en}: review before publishing"
    )
    Task.objects.filter(pk=task.pk).update(name=f"{organization.name_en}: reviewer approval")
    moderators = Workflow.objects.create(name="Moderators approval")
    chosen = Workflow.objects.create(name="Our own review")

    rename(apps, None)

    assert (
        Workflow.objects.get(pk=space.workflow_id).name
        == f"{organization.name_ru}: проверка перед публикацией"
    )
    assert Task.objects.get(pk=task.pk).name == f"{organization.name_ru}: одобрение рецензентом"
    assert Workflow.objects.get(pk=moderators.pk).name == "Одобрение модераторами"
    assert Workflow.objects.get(pk=chosen.pk).name == "Our own review"


@pytest.mark.django_db
def test_account_settings_still_let_a_person_switch_the_admin_to_english(client, demo_site):
    person = speaks(user(EDITOR), "ru")
    client.force_login(person)
    soup = BeautifulSoup(client.get("/admin/account/").content.decode(), "html.parser")
    picker = soup.select_one("select[name$=preferred_language]")
    assert sorted(option["value"] for option in picker.select("option") if option["value"]) == ["en", "ru"]
    speaks(person, "en")  # what the picker saves (Wagtail's own account form)
    assert UserProfile.get_for_user(person).preferred_language == "en"
    assert '<html lang="en"' in client.get("/admin/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
