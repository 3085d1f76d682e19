from django.utils.text import slugify

from courses.models import CoursePage, JobRole, LessonPage, ModulePage, Topic
from people.models import Organization


def provider_named(name: str) -> Organization:
    organization, _created = Organization.objects.get_or_create(
        slug=slugify(name, allow_unicode=False) or "provider-" + str(abs(hash(name)) % 10_000),
        defaults={"kind": Organization.MEDICAL, "name_ru": name, "name_en": name},
    )
    return organization


def build_course(
    catalog,
    *,
    title: str,
    modules: int = 1,
    lessons: int = 1,
    provider: str = "Учебный центр",
    roles=("operator",),
    topics=("manufacturing",),
) -> CoursePage:
    """A live course with `modules` modules of `lessons` lessons each (saved directly, no revisions)."""
    course = CoursePage(
        title=title, summary=f"О курсе {title}", provider=provider_named(provider), estimated_hours=2
    )
    course.audience_roles = list(JobRole.objects.filter(code__in=roles))
    course.topics = list(Topic.objects.filter(slug__in=topics))
    catalog.add_child(instance=course)
    for m in range(modules):
        module = ModulePage(title=f"{title} — модуль {m + 1}")
        course.add_child(instance=module)
        for n in range(lessons):
            lesson = LessonPage(
                title=f"{title} — урок {m + 1}.{n + 1}",
                body=[{"type": "paragraph", "value": f"<p>Текст урока {n + 1} о клетках.</p>"}],
            )
            module.add_child(instance=lesson)
        course.refresh_from_db()
    catalog.refresh_from_db()
    return course
