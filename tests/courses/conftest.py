from courses.models import CoursePage, JobRole, LessonPage, ModulePage, Topic


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
    course = CoursePage(title=title, summary=f"О курсе {title}", provider=provider, estimated_hours=2)
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
