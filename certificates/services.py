"""Issuing, revoking and reissuing certificates."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from assessments.api import Assessment, Attempt
from audit.api import record
from courses.api import CoursePage, major_versions
from learning.api import completed_course_keys

from .codes import new_code
from .models import Certificate
from .sharing import CertificateShare, share
from .signing import sign

if TYPE_CHECKING:
    from people.api import User


class MissingName(Exception):
    """The holder has no name on certificates yet; they are asked for it before issuance."""


def add_months(moment, months: int):
    """The same day and time `months` later, clamped to the month's last day (31 Jan + 1 → 28/29 Feb)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Issued:
    certificate: Certificate
    created: bool


def _titles(course) -> tuple[str, str]:
    """The course title in Russian and English (a language without a translation takes the other)."""
    titles = {course.locale.language_code: course.title}
    for page in course.get_translations().live().select_related("locale"):
        titles.setdefault(page.locale.language_code, page.title)
    ru = titles.get("ru") or course.title
    return ru, titles.get("en") or ru


def _best_score(user: User, course) -> object:
    from django.db.models import Max

    finals = Assessment.objects.filter(page__translation_key=course.translation_key, is_final=True)
    passed = Attempt.objects.filter(user=user, assessment__in=finals, passed=True)
    return passed.aggregate(best=Max("percent"))["best"]


def _exam_signed_at(user: User, course):
    """When the holder signed the passed final exam attempt the score comes from (None without one)."""
    finals = Assessment.objects.filter(page__translation_key=course.translation_key, is_final=True)
    attempt = (
        Attempt.objects.filter(user=user, assessment__in=finals, passed=True)
        .select_related("signature")
        .order_by("-percent", "-finished_at")
        .first()
    )
    return attempt.signature.signed_at if attempt and attempt.signature else None


def issuer_name(organization) -> str:
    """The issuer as printed and signed: both names when they differ ("Университет / University")."""
    if organization is None:
        return ""
    if organization.name_ru == organization.name_en:
        return organization.name_ru
    return f"{organization.name_ru} / {organization.name_en}"


def issue_certificate(*, user: User, course, version: str | None = None, issued_at=None) -> Issued:
    """The holder's certificate for this course and version: created once, even under concurrent calls.

    `version` and `issued_at` default to the course's current version and now (the demo backdates).
    """
    if not user.full_name.strip():
        raise MissingName
    version = version or course.version_label
    existing = Certificate.objects.filter(
        holder=user,
        course_key=course.translation_key,
        course_version=version,
        superseded_at__isnull=True,
    ).first()
    if existing is not None:
        return Issued(existing, False)
    now = issued_at or timezone.now()
    title_ru, title_en = _titles(course)
    certificate = Certificate(
        holder=user,
        course_key=course.translation_key,
        course=course,
        course_version=version,
        course_revision_id=course.live_revision_id,
        holder_name=user.full_name,
        holder_latin_name=user.latin_name,
        course_title_ru=title_ru,
        course_title_en=title_en,
        issuer_name=issuer_name(course.provider),
        signatory_name=course.certificate_signatory_name or getattr(course.provider, "signatory_name", ""),
        signatory_title=course.certificate_signatory_title or getattr(course.provider, "signatory_title", ""),
        hours=course.estimated_hours,
        score=_best_score(user, course),
        exam_signed_at=_exam_signed_at(user, course),
        issued_at=now,
        expires_at=add_months(now, course.certificate_validity_months)
        if course.certificate_validity_months
        else None,
    )
    certificate.jws, certificate.key_id = sign(certificate.claims())
    try:
        with transaction.atomic():
            certificate.save()
            record(
                "certificate.issued",
                target=certificate,
                organization=getattr(course, "provider_id", None),
                after=certificate.claims(),
            )
            transaction.on_commit(lambda: _after_issue(certificate.pk))
    except IntegrityError:
        # Another request issued it at the same moment; the database constraint kept it single.
        return Issued(
            Certificate.objects.get(
                holder=user,
                course_key=course.translation_key,
                course_version=version,
                superseded_at__isnull=True,
            ),
            False,
        )
    return Issued(certificate, True)


@transaction.atomic
def reissue_certificate(*, certificate: Certificate, by=None) -> Certificate:
    """A new certificate (new code) with the holder's current name; the old one becomes superseded."""
    old = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if old.superseded_at is not None:
        return old.superseded_by
    holder = old.holder
    if not holder.full_name.strip():
        raise MissingName
    now = timezone.now()
    old.superseded_at = now
    old.save(update_fields=["superseded_at"])
    # The successor repeats the old certificate with a new code, the holder's current name and a new date.
    replacement = Certificate.objects.get(pk=old.pk)
    replacement.pk = None
    replacement._state.adding = True
    replacement.code = new_code()
    replacement.holder_name = holder.full_name
    replacement.holder_latin_name = holder.latin_name
    replacement.issued_at = now
    replacement.superseded_at = None
    replacement.superseded_by = None
    replacement.revoked_at, replacement.revocation_reason, replacement.revoked_by = None, "", None
    replacement.pdf = ""
    replacement.credentials = None
    replacement.jws, replacement.key_id = sign(replacement.claims())
    replacement.save()
    old.superseded_by = replacement
    old.save(update_fields=["superseded_by"])
    record(
        "certificate.reissued",
        actor=by,
        target=replacement,
        organization=getattr(replacement.course, "provider_id", None),
        before={"code": old.code, "holder": old.claims()["holder"]},
        after=replacement.claims(),
    )
    transaction.on_commit(lambda: _after_issue(replacement.pk))
    return replacement


def supersede_earlier_versions(*, certificate: Certificate) -> int:
    """After retraining on a new course version: the holder's certificates of earlier versions of the course
    are superseded by this one (they stay, with the date; the verify page points to the new one)."""
    earlier = list(
        Certificate.objects.select_for_update()
        .filter(
            holder_id=certificate.holder_id,
            course_key=certificate.course_key,
            superseded_at__isnull=True,
            revoked_at__isnull=True,
        )
        .exclude(pk=certificate.pk)
    )
    now = timezone.now()
    for old in earlier:
        old.superseded_at, old.superseded_by = now, certificate
        old.save(update_fields=["superseded_at", "superseded_by"])
        record(
            "certificate.superseded",
            target=old,
            organization=getattr(certificate.course, "provider_id", None),
            after={"by": certificate.code, "version": certificate.course_version},
        )
    return len(earlier)


def issue_pending_certificates(*, user: User) -> int:
    """Certificates for completed courses that had to wait for the holder's name. Returns how many."""
    done = completed_course_keys(user=user)
    have = set(Certificate.objects.filter(holder=user).values_list("course_key", flat=True))
    issued = 0
    for course in CoursePage.objects.live().filter(translation_key__in=[k for k in done if k not in have]):
        if course.translation_key in have:
            continue
        issue_certificate(user=user, course=course)
        have.add(course.translation_key)
        issued += 1
    return issued


def _after_issue(certificate_id: int) -> None:
    """Sign the Open Badges credentials, render the PDF and email the holder, in the background."""
    from .tasks import email_certificate, render_certificate, sign_credentials

    sign_credentials.enqueue(certificate_id)
    render_certificate.enqueue(certificate_id)
    email_certificate.enqueue(certificate_id)


@dataclass(frozen=True)
class HeldCertificate:
    certificate: Certificate
    status: str
    renewal_due: bool
    verify_url: str
    qr_svg: str
    retraining_due: object = None  # a date, when a major revision of the course asks the holder to retrain
    retraining_version: str = ""
    share: CertificateShare | None = None  # PDF, copy link, LinkedIn, VK (a valid certificate only)


def earned_certificate(*, user: User, course) -> Certificate | None:
    """The holder's current certificate for a course (any version), or None while it is not issued."""
    return (
        Certificate.objects.filter(
            holder=user,
            course_key=course.translation_key,
            superseded_at__isnull=True,
            revoked_at__isnull=True,
        )
        .order_by("-issued_at")
        .first()
    )


def certificates_for_holder(*, user: User, now=None) -> list[HeldCertificate]:
    """The holder's certificates, newest first, with what the dashboard shows (two queries)."""
    import segno
    from django.conf import settings
    from django.utils.safestring import mark_safe

    now = now or timezone.now()
    soon = now + timezone.timedelta(days=90)
    held = []
    certificates = list(Certificate.objects.filter(holder=user).order_by("-issued_at"))
    versions = major_versions({certificate.course_key for certificate in certificates})
    for certificate in certificates:
        status = certificate.status_at(now)
        due, version = certificate.retraining(now=now, versions=versions.get(certificate.course_key, []))
        url = f"{settings.SITE_URL}/verify/{certificate.code}/"
        svg = segno.make(url, error="m").svg_inline(scale=3, title=certificate.code)
        held.append(
            HeldCertificate(
                certificate=certificate,
                status=status,
                renewal_due=status == Certificate.VALID
                and certificate.expires_at is not None
                and certificate.expires_at <= soon,
                verify_url=url,
                qr_svg=mark_safe(svg),  # noqa: S308 - generated by segno from our own URL
                retraining_due=due,
                retraining_version=version.label if version else "",
                share=share(certificate) if status == Certificate.VALID else None,
            )
        )
    return held
