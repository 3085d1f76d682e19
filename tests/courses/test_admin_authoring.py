"""An editor builds a whole course in the Wagtail admin: course, module, lesson, learning path."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from courses.models import CoursePage, JobRole, LearningPathPage, LessonPage, ModulePage, Topic


def publish(client, url: str, data: dict, **lists):
    payload = nested_form_data({**data, "comments": inline_formset([]), "action-publish": "action-publish"})
    payload.update(lists)
    response = client.post(url, payload)
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


@pytest.mark.django_db
def test_editor_builds_a_course_in_the_admin(client, catalog, demo_site):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(email="admin@cart-academy.example"))
    operator = JobRole.objects.get(code="operator")
    gmp = Topic.objects.get(slug="gmp")

    publish(
        client,
        f"/admin/pages/add/courses/coursepage/{catalog.pk}/",
        {
            "title": "Асептика для операторов",
            "slug": "aseptika",
            "summary": "Чистые помещения и асептические операции.",
            "provider": "Университет-партнёр",
            "level": "intermediate",
            "estimated_hours": "3",
            "version_label": "2.1",
            "change_kind": "minor",
            "retraining_grace_days": "90",
            "certificate_validity_months": "12",
            "objectives": "Объяснять классы чистоты\nСоблюдать асептику",
            "prerequisites": "",
        },
        audience_roles=[str(operator.pk)],
        topics=[str(gmp.pk)],
    )
    course = CoursePage.objects.get(slug="aseptika")
    assert course.live and list(course.audience_roles.all()) == [operator]

    publish(
        client,
        f"/admin/pages/add/courses/modulepage/{course.pk}/",
        {"title": "Чистые помещения", "slug": "chistye-pomeshcheniya", "summary": "", "objectives": ""},
    )
    module = ModulePage.objects.get(slug="chistye-pomeshcheniya")

    publish(
        client,
        f"/admin/pages/add/courses/lessonpage/{module.pk}/",
        {
            "title": "Классы чистоты A–D",
            "slug": "klassy-chistoty",
            "summary": "Что означают классы A, B, C и D.",
            "body": streamfield(
                [
                    ("heading", {"text": "Зачем классы", "level": "h2"}),
                    ("paragraph", rich_text("<p>Класс A — зона критических операций.</p>")),
                    (
                        "callout",
                        {"kind": "gmp", "title": "Требование", "text": rich_text("<p>Мониторинг.</p>")},
                    ),
                ]
            ),
        },
    )
    lesson = LessonPage.objects.get(slug="klassy-chistoty")
    assert lesson.live and [block.block_type for block in lesson.body] == ["heading", "paragraph", "callout"]

    publish(
        client,
        f"/admin/pages/add/courses/learningpathpage/{catalog.pk}/",
        {
            "title": "Путь асептики",
            "slug": "put-aseptiki",
            "summary": "",
            "role": str(operator.pk),
            "path_courses": inline_formset([{"course": str(course.pk)}], min=1),
        },
    )
    assert LearningPathPage.objects.get(slug="put-aseptiki").path_courses.get().course == course

    overview = client.get(course.url).content.decode()
    assert "Чистые помещения" in overview and "Классы чистоты A–D" in overview
    assert "Версия 2.1" in overview
