"""The employer's training matrix: staff × required courses, per job role.

A cell is, in this order of precedence:

* **compliant** — a valid certificate for the course that does not expire within the window;
* **expiring** — a valid certificate that expires within the window (30 days unless asked otherwise);
* **expired** — no valid certificate, but one that has expired (revoked and superseded ones do not count);
* **in progress** — no certificate that counts, but an open enrolment in the course;
* **missing** — nothing.

Only people who currently consent to share their records appear; withdrawing consent removes them at
once. The whole matrix costs a fixed number of queries, whatever the number of people, roles or courses.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone, translation

from certificates.api import Certificate
from courses.api import CoursePage, LearningPathPage, major_versions
from learning.api import Enrolment
from people.api import Organization

from .models import EmployerJobRole, StaffRoleAssignment

STATUSES = ("compliant", "expiring", "expired", "in_progress", "missing")


@dataclass
class Cell:
    status: str
    certificate: object | None = None
    retraining_due: object = None  # a date: a major course revision asks the holder to retrain by then


@dataclass
class Row:
    user: object
    cells: list[Cell]

    @property
    def compliant(self) -> bool:
        return all(cell.status in ("compliant", "expiring") for cell in self.cells)


@dataclass
class RoleMatrix:
    role: EmployerJobRole
    courses: list[tuple[str, str]]  # (course key, title in the current language)
    rows: list[Row] = field(default_factory=list)
    totals: Counter = field(default_factory=Counter)

    @property
    def status_totals(self) -> list[tuple[str, int]]:
        """(status, count) in the order of STATUSES (templates cannot read a Counter: .items is a key)."""
        return [(status, self.totals.get(status, 0)) for status in STATUSES]

    @property
    def compliant_people(self) -> int:
        return sum(1 for row in self.rows if row.compliant)


def consenting_staff(organization: Organization):
    return get_user_model().objects.filter(
        employer_consents__organization=organization, employer_consents__withdrawn_at__isnull=True
    )


def course_titles(keys) -> dict[str, str]:
    """Course titles by translation key, in the current language when there is a page in it."""
    language = translation.get_language() or "ru"
    titles: dict[str, str] = {}
    rows = CoursePage.objects.filter(translation_key__in=list(keys)).values_list(
        "translation_key", "title", "locale__language_code"
    )
    for key, title, _code in sorted(rows, key=lambda row: row[2] == language):
        titles[str(key)] = title  # the current language's title sorts last and wins
    return titles


def training_matrix(*, organization: Organization, within_days: int = 30, now=None) -> list[RoleMatrix]:
    now = now or timezone.now()
    horizon = now + timedelta(days=within_days)
    roles = list(EmployerJobRole.objects.filter(organization=organization).order_by("name"))
    assignments = (
        StaffRoleAssignment.objects.filter(
            role__organization=organization, user__in=consenting_staff(organization)
        )
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )
    people_by_role = defaultdict(list)
    for assignment in assignments:
        people_by_role[assignment.role_id].append(assignment.user)
    people = {user.pk: user for users in people_by_role.values() for user in users}
    keys = {key for role in roles for key in role.course_keys}
    titles = course_titles(keys)

    certificates = defaultdict(list)
    for certificate in Certificate.objects.filter(
        holder_id__in=list(people), course_key__in=list(keys)
    ).order_by("-issued_at"):
        certificates[(certificate.holder_id, str(certificate.course_key))].append(certificate)
    versions = major_versions(keys)
    enrolled = {
        (user_id, str(key))
        for user_id, key in Enrolment.objects.filter(
            user_id__in=list(people), course_key__in=list(keys), withdrawn_at__isnull=True
        ).values_list("user_id", "course_key")
    }

    matrices = []
    for role in roles:
        matrix = RoleMatrix(role=role, courses=[(key, titles.get(key, "—")) for key in role.course_keys])
        for user in people_by_role.get(role.pk, []):
            cells = [
                _cell(certificates[(user.pk, key)], (user.pk, key) in enrolled, now, horizon, versions)
                for key in role.course_keys
            ]
            matrix.rows.append(Row(user=user, cells=cells))
            matrix.totals.update(cell.status for cell in cells)
        matrices.append(matrix)
    return matrices


def _cell(certificates, enrolled: bool, now, horizon, versions: dict) -> Cell:
    valid = [c for c in certificates if c.status_at(now) == "valid"]
    if valid:
        best = max(valid, key=lambda c: (c.expires_at is None, c.expires_at or now))
        if best.expires_at is not None and best.expires_at <= horizon:
            return Cell("expiring", best)
        # A major revision of the course since: the holder must retrain, so the cell counts as expiring.
        due, _version = best.retraining(now=now, versions=versions.get(best.course_key, []))
        if due is not None:
            return Cell("expiring", best, retraining_due=due)
        return Cell("compliant", best)
    expired = [c for c in certificates if c.status_at(now) == "expired"]
    if expired:
        return Cell("expired", expired[0])
    if enrolled:
        return Cell("in_progress")
    return Cell("missing")


def platform_role_courses(job_role) -> list[str]:
    """The courses a platform role needs: its learning path's, else the courses aimed at it."""
    path = LearningPathPage.objects.live().filter(role=job_role, locale__language_code="ru").first()
    if path is None:
        path = LearningPathPage.objects.live().filter(role=job_role).first()
    if path is not None:
        keys = [str(item.course.translation_key) for item in path.path_courses.select_related("course")]
    else:
        keys = [
            str(key)
            for key in CoursePage.objects.live()
            .filter(audience_roles=job_role)
            .order_by("path")
            .values_list("translation_key", flat=True)
            .distinct()
        ]
    return list(dict.fromkeys(keys))
