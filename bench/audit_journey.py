"""Audit entries written by one trainee's journey through the demo course, by action.

Enrol, open and confirm every lesson (the SOP one signed), pass the module quiz, pass and sign the final
exam, get the certificate. Run: .venv/bin/python bench/audit_journey.py
Uses a throwaway SQLite database under var/bench/ unless DATABASE_URL is set.
"""

from collections import Counter

import harness


def main() -> None:
    harness.start("audit")
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from demo.loader import load_demo

    load_demo(curriculum=False)

    from assessments.models import Assessment
    from audit.models import AuditEntry
    from certificates.models import Certificate
    from courses.models import CoursePage, LessonPage
    from learning.services import complete_lesson, enrol, record_visit
    from people.models import User
    from tests.assessments.conftest import pass_attempt

    password = "bench-journey-2026"  # noqa: S105 - a throwaway bench account
    user = User.objects.create_user(email="journey@example.org", password=password, full_name="Путь Стажёра")
    course = CoursePage.objects.get(slug="vvedenie-v-car-t", locale__language_code="ru")
    start = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    enrolment, _created = enrol(user=user, course=course)
    for lesson in LessonPage.objects.descendant_of(course).live().order_by("path"):
        record_visit(enrolment=enrolment, lesson=lesson)
        complete_lesson(user=user, lesson=lesson, secret=password)
    module_quiz = Assessment.objects.get(title="Тест по модулю «Что такое CAR-T-препарат»")
    pass_attempt(user, module_quiz, secret=password)
    pass_attempt(user, Assessment.objects.get(title="Итоговый экзамен"), secret=password)
    assert Certificate.objects.filter(holder=user).exists(), "the journey should end with a certificate"
    actions = Counter(AuditEntry.objects.filter(pk__gt=start).values_list("action", flat=True))
    print(f"audit entries for one trainee journey: {sum(actions.values())}")
    for action, count in sorted(actions.items()):
        print(f"  {action:24} {count}")


if __name__ == "__main__":
    main()
