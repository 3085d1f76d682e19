"""Organisations in the browser: a university's review before publishing, and an employer's HR work."""

import csv
import io
import re

from playwright.sync_api import expect

from certificates.models import Certificate
from courses.models import LessonPage, ModulePage
from tests.browser.test_certificates import sign_in
from tests.factories import with_totp


def _admin_sign_in(s, email: str, next_path: str):
    sign_in(s, email, next_path)
    s.page.wait_for_url(f"**{next_path}")


def test_editor_submits_a_lesson_and_only_a_reviewer_of_the_same_university_publishes_it(
    session_factory, client, make_user
):
    module = ModulePage.objects.get(slug="chto-takoe-car-t-preparat", locale__language_code="ru")
    title = "Новый урок: хранение в парах азота"

    # 1. The university's editor drafts a lesson in the university's space and submits it for review.
    editor = session_factory("editor")
    _admin_sign_in(editor, "editor@university.example", f"/admin/pages/add/courses/lessonpage/{module.pk}/")
    editor.page.locator("#id_title").fill(title)
    editor.page.locator("#id_summary").fill("Черновик урока на проверку.")
    editor.shot("draft")
    # Editors have no "Publish" button at all; their way out is the space's review workflow.
    expect(editor.page.locator("button[name=action-publish]")).to_have_count(0)
    editor.page.locator("button[name=action-submit]").evaluate("button => button.click()")
    expect(editor.page.locator(".messages")).to_contain_text(re.compile("submitted for moderation|отправлен"))
    editor.shot("submitted")
    lesson = LessonPage.objects.get(title=title)
    assert not lesson.live
    assert lesson.current_workflow_state is not None
    assert lesson.current_workflow_state.status == "in_progress"

    # 2. It is not public.
    url = lesson.get_url()
    assert client.get(url).status_code == 404

    # 3. The reviewer of the same university approves it; it is published.
    reviewer = session_factory("reviewer")
    _admin_sign_in(reviewer, "reviewer@university.example", f"/admin/pages/{lesson.pk}/edit/")
    reviewer.shot("awaiting-review")
    reviewer.page.wait_for_load_state("load")  # Wagtail binds the workflow buttons on DOMContentLoaded
    reviewer.page.locator("[data-workflow-action-name=approve]").first.evaluate("button => button.click()")
    # Approving the last task of the space's workflow publishes the page and returns to the explorer.
    reviewer.page.wait_for_url(f"**/admin/pages/{module.pk}/")
    reviewer.shot("approved")
    lesson.refresh_from_db()
    assert lesson.live
    response = client.get(url)
    assert response.status_code in (200, 302)  # public (lessons after the first ask to sign in or enrol)
    assert editor.outside_requests() == [] and reviewer.outside_requests() == []


def test_an_editor_of_another_university_sees_neither_the_pages_nor_the_banks(session_factory, make_user):
    from demo.loader import DEMO_PASSWORD
    from people.models import Membership, Organization

    other = Organization.objects.create(
        kind="university", slug="uni-v", name_ru="Вуз V", name_en="University V"
    )
    user = make_user(email="editor-v@example.org", password=DEMO_PASSWORD, full_name="Павел Орлов")
    Membership.objects.create(user=user, organization=other, role=Membership.EDITOR)
    with_totp(user)  # an editor opens the admin only with two-factor on
    module = ModulePage.objects.get(slug="chto-takoe-car-t-preparat", locale__language_code="ru")

    s = session_factory()
    _admin_sign_in(s, "editor-v@example.org", "/admin/snippets/assessments/questionbank/")
    expect(s.page.locator("main")).not_to_contain_text("vvedenie-v-car-t/chto-takoe-car-t-preparat (ru)")
    s.shot("banks")
    s.goto(f"/admin/pages/{module.pk}/edit/")
    # Refused: Wagtail sends the editor back to the dashboard with a message.
    expect(s.page.locator(".messages")).to_contain_text(re.compile("permission|прав|доступ"))
    s.shot("refused")


def test_hr_verifies_a_csv_sees_the_matrix_and_loses_a_withdrawn_trainee(session_factory, tmp_path):
    held = Certificate.objects.filter(holder__email="trainee@cart-academy.example")
    codes = {c.status_at(): c.code for c in held}
    upload = tmp_path / "codes.csv"
    upload.write_text(
        "code\n" + f"{codes['valid']}\n\n{codes['revoked']}\nне код\n{codes['valid']}\n", encoding="utf-8-sig"
    )

    hr = session_factory("hr")
    sign_in(hr, "hr@employer.example", "/ru/accounts/organizations/demo-employer/verify/")
    hr.page.locator("input[type=file]").set_input_files(str(upload))
    hr.page.get_by_role("button", name="Проверить", exact=True).click()
    table = hr.page.locator("table.content-table")
    expect(table).to_contain_text("Действителен")
    expect(table).to_contain_text("Отозван")
    expect(table).to_contain_text("Не код сертификата")
    hr.shot("bulk-results")
    hr.page.locator("input[type=file]").set_input_files(str(upload))
    with hr.page.expect_download() as download:
        hr.page.get_by_role("button", name="Проверить и скачать CSV").click()
    with open(download.value.path(), encoding="utf-8-sig") as handle:
        rows = list(csv.reader(io.StringIO(handle.read()), delimiter=";"))
    assert rows[0][:3] == ["Введено", "Код", "Статус"]
    assert {row[2] for row in rows[1:]} >= {"Действителен", "Отозван"}

    hr.goto("/ru/accounts/organizations/demo-employer/matrix/")
    expect(hr.page.locator("main")).to_contain_text("Анна Смирнова")
    expect(hr.page.locator("main")).to_contain_text("Оператор производства CAR-T")
    hr.shot("matrix")

    trainee = session_factory("trainee")
    sign_in(trainee, "trainee@cart-academy.example", "/ru/accounts/employers/")
    expect(trainee.page.locator("main")).to_contain_text("сертификаты и прогресс")
    trainee.page.get_by_role("button", name="Отозвать согласие").click()
    expect(trainee.page.locator("main")).to_contain_text("больше не видит")
    trainee.shot("withdrawn")

    hr.goto("/ru/accounts/organizations/demo-employer/matrix/")
    expect(hr.page.locator("main")).not_to_contain_text("Анна Смирнова")
    hr.goto("/ru/accounts/organizations/demo-employer/staff/")
    expect(hr.page.locator("main")).not_to_contain_text("trainee@cart-academy.example")
    hr.shot("roster-after-withdrawal")
    assert hr.outside_requests() == [] and trainee.outside_requests() == []
