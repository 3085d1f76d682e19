"""Publisher spaces: pages, groups, permissions, workflow and question-bank scoping per organisation."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
)

from assessments.models import QuestionBank
from courses.models import CourseIndexPage, CoursePage, ProviderPage, PublisherSpace
from courses.spaces import ensure_publisher_space
from people.models import Membership, Organization

BANKS_URL = "/admin/snippets/assessments/questionbank/"
BANK_CHOOSER_URL = "/admin/snippets/choose/assessments/questionbank/"


def new_university(slug: str, name: str) -> Organization:
    return Organization.objects.create(
        kind=Organization.UNIVERSITY, slug=slug, name_ru=f"{name} (ru)", name_en=f"{name} (en)"
    )


def counts() -> dict[str, int]:
    return {
        "groups": Group.objects.count(),
        "page_permissions": GroupPagePermission.objects.count(),
        "workflows": Workflow.objects.count(),
        "workflow_pages": WorkflowPage.objects.count(),
        "tasks": GroupApprovalTask.objects.count(),
        "collections": Collection.objects.count(),
        "provider_pages": ProviderPage.objects.count(),
        "spaces": PublisherSpace.objects.count(),
    }


def course_in(space_page: ProviderPage, title: str) -> CoursePage:
    course = CoursePage(title=title, summary="Курс в пространстве", estimated_hours=2)
    space_page.add_child(instance=course)
    return CoursePage.objects.get(pk=course.pk)


@pytest.fixture
def demo_university(demo_site):
    return Organization.objects.get(slug="demo-university")


@pytest.fixture
def reviewer(demo_site):
    return get_user_model().objects.get(email="reviewer@university.example")


@pytest.fixture
def superuser(demo_site):
    return get_user_model().objects.get(email="admin@cart-academy.example")


@pytest.mark.django_db
def test_a_new_university_gets_pages_in_both_locales_under_the_catalog(demo_site):
    university = new_university("uni-pages", "Uni Pages")
    pages = list(ProviderPage.objects.filter(organization=university).select_related("locale"))
    assert sorted(page.locale.language_code for page in pages) == ["en", "ru"]
    for page in pages:
        parent = page.get_parent().specific
        assert isinstance(parent, CourseIndexPage) and parent.locale_id == page.locale_id
        assert page.slug == "uni-pages" and page.live
    assert pages[0].translation_key == pages[1].translation_key
    titles = {page.locale.language_code: page.title for page in pages}
    assert titles == {"ru": "Uni Pages (ru)", "en": "Uni Pages (en)"}


@pytest.mark.django_db
def test_the_space_groups_have_page_permissions_on_the_space_only(demo_site):
    university = new_university("uni-groups", "Uni Groups")
    space = PublisherSpace.objects.get(organization=university)
    pages = set(ProviderPage.objects.filter(organization=university).values_list("pk", flat=True))
    assert space.editors != space.reviewers

    def granted(group):
        rows = GroupPagePermission.objects.filter(group=group).select_related("permission")
        return {row.page_id for row in rows}, {row.permission.codename for row in rows}

    editor_pages, editor_codenames = granted(space.editors)
    reviewer_pages, reviewer_codenames = granted(space.reviewers)
    assert editor_pages == pages and reviewer_pages == pages
    assert editor_codenames == {"add_page", "change_page"}  # no publish
    assert reviewer_codenames == {"add_page", "change_page", "publish_page"}
    assert space.editors.permissions.filter(codename="access_admin").exists()


@pytest.mark.django_db
def test_the_space_has_its_collection_and_a_review_workflow_on_both_pages(demo_site):
    university = new_university("uni-workflow", "Uni Workflow")
    space = PublisherSpace.objects.get(organization=university)
    assert space.collection.get_parent() == Collection.get_first_root_node()
    assert "uni-workflow" in space.collection.name
    for page in ProviderPage.objects.filter(organization=university):
        assert page.get_workflow() == space.workflow
        assert WorkflowPage.objects.get(page=page).workflow == space.workflow
    tasks = [task.specific for task in space.workflow.tasks.all()]
    assert len(tasks) == 1 and isinstance(tasks[0], GroupApprovalTask)
    assert list(tasks[0].groups.all()) == [space.reviewers]


@pytest.mark.django_db
def test_ensuring_the_space_again_creates_nothing(demo_site):
    university = new_university("uni-again", "Uni Again")
    before = counts()
    space = ensure_publisher_space(university)
    university.save()  # the post_save signal runs it once more
    assert counts() == before
    assert space == PublisherSpace.objects.get(organization=university)
    demo = Organization.objects.get(slug="demo-university")
    ensure_publisher_space(demo)
    assert counts() == before


@pytest.mark.django_db
def test_employers_get_no_space(demo_site):
    before = counts()
    employer = Organization.objects.create(
        kind=Organization.EMPLOYER, slug="emp-no-space", name_ru="Завод", name_en="Plant"
    )
    assert ensure_publisher_space(employer) is None
    assert counts() == before


@pytest.mark.django_db
def test_memberships_put_people_in_and_out_of_the_space_groups(demo_site, make_user):
    university = new_university("uni-members", "Uni Members")
    space = PublisherSpace.objects.get(organization=university)
    person = make_user(email="author@example.org")
    editor_membership = Membership.objects.create(user=person, organization=university, role="editor")
    assert set(person.groups.all()) == {space.editors}
    reviewer_membership = Membership.objects.create(user=person, organization=university, role="reviewer")
    assert set(person.groups.all()) == {space.editors, space.reviewers}
    editor_membership.delete()
    assert set(person.groups.all()) == {space.reviewers}
    reviewer_membership.delete()
    assert not person.groups.exists()


@pytest.mark.django_db
def test_a_course_in_the_space_is_provided_by_its_organisation(demo_site):
    university = new_university("uni-course", "Uni Course")
    space_page = ProviderPage.objects.get(organization=university, locale__language_code="ru")
    course = course_in(space_page, "Курс пространства")
    assert course.provider == university
    other = new_university("uni-other-provider", "Uni Other")
    course.provider = other
    course.save()  # an editor cannot name another provider: the space decides
    assert CoursePage.objects.get(pk=course.pk).provider == university


@pytest.mark.django_db
def test_wagtail_lets_the_editor_edit_only_in_their_own_space(editor, reviewer, demo_course, catalog):
    other = new_university("uni-elsewhere", "Uni Elsewhere")
    elsewhere = course_in(ProviderPage.objects.get(organization=other, locale=catalog.locale), "Чужой курс")
    own_space = ProviderPage.objects.get(organization__slug="demo-university", locale=catalog.locale)

    assert demo_course.permissions_for_user(editor).can_edit()
    assert own_space.permissions_for_user(editor).can_add_subpage()
    assert not Page.objects.get(pk=catalog.pk).permissions_for_user(editor).can_edit()
    assert not elsewhere.permissions_for_user(editor).can_edit()
    assert not elsewhere.get_parent().permissions_for_user(editor).can_add_subpage()

    assert not demo_course.permissions_for_user(editor).can_publish()
    assert demo_course.permissions_for_user(reviewer).can_publish()
    assert not elsewhere.permissions_for_user(reviewer).can_publish()


@pytest.fixture
def banks(demo_university):
    other = new_university("uni-banks", "Uni Banks")
    own = QuestionBank.objects.create(name="Банк своего университета", organization=demo_university)
    foreign = QuestionBank.objects.create(name="Чужой банк Полярис", organization=other)
    return own, foreign


@pytest.mark.django_db
def test_banks_of_other_universities_are_not_visible_to_the_editor(editor, superuser, banks):
    own, foreign = banks
    visible = set(QuestionBank.objects.visible_to(editor))
    assert own in visible and foreign not in visible
    assert {own, foreign} <= set(QuestionBank.objects.visible_to(superuser))


def edit_url(bank) -> str:
    return f"{BANKS_URL}edit/{bank.pk}/"


@pytest.mark.django_db
def test_the_admin_listing_shows_the_editor_only_their_banks(client, editor, superuser, banks):
    own, foreign = banks
    client.force_login(editor)
    response = client.get(BANKS_URL)
    assert response.status_code == 200
    listing = response.content.decode()
    assert own.name in listing and edit_url(own) in listing
    assert foreign.name not in listing and edit_url(foreign) not in listing

    searched = client.get(BANKS_URL, {"q": foreign.name})
    assert searched.status_code == 200
    assert edit_url(foreign) not in searched.content.decode()  # (the search box echoes the query itself)
    found_own = client.get(BANKS_URL, {"q": own.name})
    assert edit_url(own) in found_own.content.decode()  # search works; it is the scope that hides the other

    client.force_login(superuser)
    everything = client.get(BANKS_URL).content.decode()
    assert edit_url(own) in everything and edit_url(foreign) in everything


@pytest.mark.django_db
def test_the_editor_opens_their_own_bank(client, editor, banks):
    own, _foreign = banks
    client.force_login(editor)
    assert client.get(edit_url(own)).status_code == 200


def denied(response) -> bool:
    """Wagtail's admin answers PermissionDenied with a redirect to the dashboard and a message."""
    return response.status_code == 302 and response["Location"] == "/admin/"


@pytest.mark.django_db
def test_the_editor_cannot_open_or_change_another_universitys_bank(client, editor, banks):
    _own, foreign = banks
    client.force_login(editor)
    assert denied(client.get(edit_url(foreign)))
    posted = client.post(
        edit_url(foreign),
        {"name": "Взломано", "owner": "", "organization": str(foreign.organization_id), "description": ""},
    )
    assert denied(posted)
    foreign.refresh_from_db()
    assert foreign.name == "Чужой банк Полярис"
    for view in ("history", "usage", "delete"):
        assert denied(client.get(f"{BANKS_URL}{view}/{foreign.pk}/")), view


@pytest.mark.django_db
def test_the_editor_cannot_open_a_question_of_another_universitys_bank(client, editor, banks):
    from assessments.models import Question

    own, foreign = banks
    theirs = Question.objects.create(bank=foreign, name="Чужой вопрос")
    mine = Question.objects.create(bank=own, name="Свой вопрос")
    client.force_login(editor)
    assert denied(client.get(f"/admin/snippets/assessments/question/edit/{theirs.pk}/"))
    assert client.get(f"/admin/snippets/assessments/question/edit/{mine.pk}/").status_code == 200
    listing = client.get("/admin/snippets/assessments/question/").content.decode()
    assert "Свой вопрос" in listing and "Чужой вопрос" not in listing


@pytest.mark.django_db
def test_the_editor_cannot_add_a_question_to_another_universitys_bank(client, editor, banks):
    from assessments.models import Question
    from tests.assessments.test_admin import question_form

    own, foreign = banks
    client.force_login(editor)
    refused = client.post("/admin/snippets/assessments/question/add/", question_form(foreign))
    assert refused.status_code == 200 and "bank" in refused.context["form"].errors
    assert not Question.objects.filter(bank=foreign).exists()
    accepted = client.post("/admin/snippets/assessments/question/add/", question_form(own))
    assert accepted.status_code == 302 and Question.objects.filter(bank=own).exists()


@pytest.mark.django_db
def test_the_editor_cannot_create_a_bank_for_another_university(client, editor, demo_university, banks):
    _own, foreign = banks
    client.force_login(editor)
    form = {"name": "Подброшенный", "organization": str(foreign.organization_id), "description": ""}
    refused = client.post(f"{BANKS_URL}add/", form)
    assert refused.status_code == 200 and "organization" in refused.context["form"].errors
    assert not QuestionBank.objects.filter(name="Подброшенный").exists()
    accepted = client.post(f"{BANKS_URL}add/", {**form, "organization": str(demo_university.pk)})
    assert accepted.status_code == 302
    assert QuestionBank.objects.get(name="Подброшенный").organization == demo_university


def quiz_form(title: str, page, bank) -> dict:
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    return nested_form_data(
        {
            "title": title,
            "page": str(page.pk),
            "pass_mark": "80",
            "cooldown_minutes": "0",
            "review_policy": "wrong",
            "draw_rules": inline_formset(
                [{"bank": str(bank.pk), "count": "1", "tag": "", "category": ""}], min=1
            ),
        }
    )


@pytest.mark.django_db
def test_the_editor_builds_a_quiz_from_their_bank_on_their_course(client, editor, banks, demo_course):
    from assessments.models import Assessment

    own, _foreign = banks
    client.force_login(editor)
    response = client.post(
        "/admin/snippets/assessments/assessment/add/", quiz_form("Свой квиз", demo_course, own)
    )
    assert response.status_code == 302
    assert Assessment.objects.get(title="Свой квиз").draw_rules.get().bank == own


@pytest.mark.django_db
def test_a_quiz_cannot_draw_from_another_universitys_bank(client, editor, banks, demo_course):
    from assessments.models import Assessment

    _own, foreign = banks
    client.force_login(editor)
    client.post("/admin/snippets/assessments/assessment/add/", quiz_form("Чужой банк", demo_course, foreign))
    assert not Assessment.objects.filter(title="Чужой банк").exists()


@pytest.mark.django_db
def test_a_quiz_cannot_be_attached_to_another_universitys_course(client, editor, banks):
    from assessments.models import Assessment

    own, foreign = banks
    theirs = course_in(
        ProviderPage.objects.get(organization=foreign.organization, locale__language_code="ru"), "Их курс"
    )
    client.force_login(editor)
    client.post("/admin/snippets/assessments/assessment/add/", quiz_form("На чужом курсе", theirs, own))
    assert not Assessment.objects.filter(title="На чужом курсе").exists()


@pytest.mark.django_db
def test_the_bank_chooser_offers_only_the_editors_banks(client, editor, banks):
    own, foreign = banks
    client.force_login(editor)
    response = client.get(BANK_CHOOSER_URL)
    assert response.status_code == 200
    chooser = json.loads(response.content)["html"]
    assert own.name in chooser and foreign.name not in chooser
    results = client.get(f"{BANK_CHOOSER_URL}results/", {"q": "банк"})
    assert results.status_code == 200
    assert own.name in results.content.decode() and foreign.name not in results.content.decode()


@pytest.mark.django_db
def test_two_universities_with_the_same_english_name_get_separate_groups(demo_site, make_user):
    first = Organization.objects.create(
        kind=Organization.UNIVERSITY, slug="same-name-1", name_ru="Первый", name_en="Institute of Cells"
    )
    second = Organization.objects.create(
        kind=Organization.UNIVERSITY, slug="same-name-2", name_ru="Второй", name_en="Institute of Cells"
    )
    first_space, second_space = first.publisher_space, second.publisher_space
    assert first_space.editors != second_space.editors
    assert first_space.reviewers != second_space.reviewers
    person = make_user(email="first-editor@example.org")
    Membership.objects.create(user=person, organization=first, role="editor")
    elsewhere = course_in(ProviderPage.objects.get(organization=second, locale__language_code="ru"), "Курс")
    assert not elsewhere.permissions_for_user(person).can_edit()


LONG_NAME_RU = (
    "Федеральное государственное бюджетное образовательное учреждение высшего образования «Первый "
    "Санкт-Петербургский государственный медицинский университет имени академика И. П. Павлова» "
    "Министерства здравоохранения Российской Федерации"
)
LONG_NAME_EN = (
    "Federal State Budgetary Educational Institution of Higher Education «Pavlov First Saint Petersburg "
    "State Medical University» of the Ministry of Healthcare of the Russian Federation"
)


@pytest.mark.django_db
def test_a_long_official_name_still_gives_editors_no_right_to_publish(demo_site, make_user):
    assert len(LONG_NAME_EN) > 150
    university = Organization.objects.create(
        kind=Organization.UNIVERSITY, slug="long-name", name_ru=LONG_NAME_RU, name_en=LONG_NAME_EN
    )
    space = university.publisher_space
    person = make_user(email="long-editor@example.org")
    Membership.objects.create(user=person, organization=university, role="editor")
    course = course_in(ProviderPage.objects.get(organization=university, locale__language_code="ru"), "Курс")
    assert course.permissions_for_user(person).can_edit()
    assert space.editors != space.reviewers
    assert not course.permissions_for_user(person).can_publish()
