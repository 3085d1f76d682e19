"""Demo data of the people app for `load_demo`: the demo employer's job roles and its staff's records."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from employers.matrix import platform_role_courses
from employers.models import EmployerJobRole, StaffRoleAssignment
from people.models import Organization


@transaction.atomic
def ensure_demo_job_roles(*, organization: Organization, report) -> None:
    """Two job roles for the demo employer, from the platform's learning paths, with staff assigned.

    The operator role also requires the small introductory demo course, whose certificates the demo trainee
    holds; the other demo staff get a few certificates and an enrolment so the matrix shows every status.
    """
    from courses.models import CoursePage, JobRole

    User = get_user_model()
    intro = (
        CoursePage.objects.filter(slug="vvedenie-v-car-t").values_list("translation_key", flat=True).first()
    )
    demo = (
        (
            "Оператор производства CAR-T",
            "operator",
            ("trainee@cart-academy.example", "operator@employer.example"),
        ),
        ("Аналитик ОКК", "qc", ("qc@employer.example",)),
    )
    for name, code, emails in demo:
        platform_role = JobRole.objects.get(code=code)
        keys = platform_role_courses(platform_role)
        if code == "operator" and intro is not None:
            keys = [str(intro)] + [key for key in keys if key != str(intro)]
        role, created = EmployerJobRole.objects.get_or_create(
            organization=organization, name=name, defaults={"based_on": platform_role, "course_keys": keys}
        )
        if created:
            report.add(f"job role {name}")
        elif role.course_keys != keys:
            role.course_keys = keys
            role.save(update_fields=["course_keys"])
        for user in User.objects.filter(email__in=emails):
            StaffRoleAssignment.objects.get_or_create(role=role, user=user)
    _demo_staff_records(report)


def _demo_staff_records(report) -> None:
    """Certificates and an enrolment for the demo staff, once the curriculum's courses exist."""
    from certificates.models import Certificate
    from certificates.services import add_months, issue_certificate
    from courses.models import CoursePage
    from learning.services import enrol

    User = get_user_model()
    courses = {
        page.slug: page
        for page in CoursePage.objects.filter(
            locale__language_code="ru",
            slug__in=("car-t-fundamentals", "car-t-manufacturing-qc", "gmp-for-atmp"),
        )
    }
    if len(courses) < 3:
        return
    now = timezone.now()
    plan = (
        # who, course, issued (months ago, then days later); 24-month certificates: compliant,
        # expiring in about two weeks, expired
        ("operator@employer.example", "car-t-fundamentals", 3, 0),
        ("qc@employer.example", "car-t-fundamentals", 24, 15),
        ("qc@employer.example", "gmp-for-atmp", 30, 0),
    )
    for email, slug, months, days in plan:
        user = User.objects.get(email=email)
        course = courses[slug]
        if Certificate.objects.filter(holder=user, course_key=course.translation_key).exists():
            continue
        issue_certificate(user=user, course=course, issued_at=add_months(now, -months) + timedelta(days=days))
        report.add(f"demo certificate {email} {slug}")
    enrol(user=User.objects.get(email="operator@employer.example"), course=courses["car-t-manufacturing-qc"])
