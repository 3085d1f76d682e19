"""The inspector dossier: who was qualified on course X, version N, on date D, with each person's evidence.

`build_dossier` returns a plain dict (the structure below); `sign_dossier` serialises it to the exact JSON
bytes that are served and signs those bytes as a detached JWS (RFC 7515 Appendix F) with the platform's
Ed25519 key, so anyone can check them against /.well-known/jwks.json. The PDF (`employers.pdf`) is
drawn from the same dict and prints the JWS's SHA-256 fingerprint, so a printed copy matches its JSON.

Who is listed: everyone in the organisation's scope who holds a certificate of this course and version
issued by the end of D (in the site's time zone) — for an employer its consenting staff, for a publisher
(university, training centre) everyone holding a certificate of its own course. `qualified` is true when
that certificate was valid at the end of D; revoked, superseded and expired ones are listed as such.

Structure (`format` "cart-academy/dossier/1"; times are ISO 8601 with their offset, null when unknown):

    {
      "dossier": {
        "format": "cart-academy/dossier/1",
        "organization": {"slug", "kind": "employer" | "university", "name": {"ru", "en"}},
        "scope": "consenting_staff" | "certificate_holders",
        "course": {"key": <uuid>, "title": {"ru", "en"}, "version": "1.0"},
        "as_of": "YYYY-MM-DD",
        "as_of_end": <the last instant of that day>,
        "time_zone": "Europe/Moscow",
        "generated_at": <time>,
        "generator": {"name", "url", "jwks"},
        "people_count": <int>,
        "qualified_count": <int>
      },
      "people": [
        {
          "name", "latin_name", "email",      # the name as certified
          "qualified": <bool>,
          "certificate": {"code", "status_on_date", "status_now", "issued_at", "expires_at",
                          "revoked_at", "superseded_at", "verify_url"},
          "final_exam": null | {"title", "attempt", "started_at", "finished_at", "percent", "pass_mark",
                                "passed", "signatures": [...]},
          "lessons": [{"key", "title": {"ru", "en"}, "opened_at", "confirmed_at", "seconds_on_page", "via",
                       "signatures": [...]}]
        }
      ]
    }

A signature is `{"signer", "signed_at", "time_zone", "meaning", "method"}` (what the signed record shows,
21 CFR 11.50). Only evidence recorded by the end of D counts. The dossier costs a fixed number of queries,
whatever the number of people. Each generation is recorded in the audit trail (`dossier.generated`).
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.api import Attempt
from audit.api import record
from certificates.api import Certificate, sign_detached
from courses.api import CoursePage, LessonPage
from learning.api import LessonCompletion
from people.api import Organization, signatures_of_many

from .matrix import consenting_staff
from .permissions import DOSSIER_KINDS

DOSSIER_FORMAT = "cart-academy/dossier/1"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_VERSION = 20


class DossierError(ValueError):
    """The request cannot be answered (unknown course, bad date, no version). Its message is for people."""


@dataclass(frozen=True)
class DossierRequest:
    course_key: uuid.UUID
    version: str
    as_of: date


@dataclass(frozen=True)
class SignedDossier:
    data: dict
    body: bytes  # the exact JSON bytes the JWS covers
    jws: str  # detached: header..signature

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the detached JWS, printed on the PDF to match it to its JSON."""
        return hashlib.sha256(self.jws.encode("ascii")).hexdigest()


def parse_request(params) -> DossierRequest:
    """Read `course`, `version` and `date` (YYYY-MM-DD) from query parameters; DossierError when wrong."""
    course = (params.get("course") or "").strip()
    if not course:
        raise DossierError(_("Choose a course."))
    try:
        course_key = uuid.UUID(course)
    except ValueError:
        raise DossierError(_("Unknown course.")) from None
    version = (params.get("version") or "").strip()
    if not version:
        raise DossierError(_("Give the course version, as printed on its certificates (e.g. 1.0)."))
    if len(version) > MAX_VERSION:
        raise DossierError(_("Unknown course version."))
    text = (params.get("date") or "").strip()
    if not text:
        raise DossierError(_("Give the date as YYYY-MM-DD."))
    try:
        if not _DATE.match(text):
            raise ValueError(text)
        as_of = date.fromisoformat(text)
    except ValueError:
        raise DossierError(_("The date must be a real date written as YYYY-MM-DD.")) from None
    if as_of > timezone.localdate():
        raise DossierError(_("The date cannot be in the future."))
    return DossierRequest(course_key=course_key, version=version, as_of=as_of)


def end_of_day(day: date) -> datetime:
    """The last instant of `day` in the site's time zone: what "qualified on that date" is judged at."""
    start_of_next = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
    return start_of_next - timedelta(microseconds=1)


def _iso(moment) -> str | None:
    return timezone.localtime(moment).isoformat() if moment is not None else None


def _titles(rows) -> dict[str, str]:
    """{"ru": ..., "en": ...} from (title, language) rows, each language falling back on the other."""
    titles = {language: title for title, language in rows}
    fallback = titles.get("ru") or titles.get("en") or ""
    return {"ru": titles.get("ru") or fallback, "en": titles.get("en") or fallback}


def _signatures(found, record) -> list[dict]:
    return [signature.manifestation() for signature in found.get((record._meta.label, str(record.pk)), [])]


def _course(organization: Organization, course_key: uuid.UUID, version: str) -> dict:
    """The course's titles, or DossierError when it is unknown or not the publisher's (one or two queries)."""
    rows = list(
        CoursePage.objects.filter(translation_key=course_key).values_list(
            "title", "locale__language_code", "provider_id", "version_label"
        )
    )
    if organization.kind == Organization.UNIVERSITY:
        rows = [row for row in rows if row[2] == organization.pk]
    if not rows:
        raise DossierError(_("Unknown course."))
    versions = {row[3] for row in rows} | set(
        Certificate.objects.filter(course_key=course_key).values_list("course_version", flat=True).distinct()
    )
    if version not in versions:
        raise DossierError(
            _("This course has no version %(version)s. Versions: %(versions)s.")
            % {"version": version, "versions": ", ".join(sorted(versions))}
        )
    return {"key": str(course_key), "title": _titles((row[0], row[1]) for row in rows), "version": version}


def _current_on(certificates: list, moment) -> Certificate:
    """Of one person's certificates for the version, the one that stood at `moment` (else the latest)."""
    standing = [c for c in certificates if c.superseded_at is None or c.superseded_at > moment]
    return max(standing or certificates, key=lambda c: c.issued_at)


def build_dossier(*, organization: Organization, course_key, version: str, as_of: date, now=None) -> dict:
    """Who was qualified on the course version at the end of `as_of`, with their evidence (see the module)."""
    if organization.kind not in DOSSIER_KINDS:
        raise DossierError(_("Only employers and publishers have dossiers."))
    course_key = uuid.UUID(str(course_key))
    now = now or timezone.now()
    moment = end_of_day(as_of)
    course = _course(organization, course_key, version)

    certificates = Certificate.objects.filter(
        course_key=course_key, course_version=version, issued_at__lte=moment
    ).select_related("holder")
    if organization.kind == Organization.EMPLOYER:
        certificates = certificates.filter(holder__in=consenting_staff(organization))
    by_holder: dict[int, list] = {}
    for certificate in certificates:
        by_holder.setdefault(certificate.holder_id, []).append(certificate)
    holders = list(by_holder)

    completions = list(
        LessonCompletion.objects.filter(
            user_id__in=holders, course_key=course_key, completed_at__lte=moment
        ).order_by("completed_at", "pk")
    )
    attempts = list(
        Attempt.objects.filter(
            user_id__in=holders,
            assessment__is_final=True,
            assessment__page__translation_key=course_key,
            passed=True,
            finished_at__lte=moment,
        )
        .select_related("assessment")
        .order_by("finished_at", "pk")
    )
    lesson_rows = LessonPage.objects.filter(
        translation_key__in={completion.lesson_key for completion in completions}
    ).values_list("translation_key", "title", "locale__language_code", "path")
    lesson_titles: dict[uuid.UUID, list] = {}
    lesson_order: dict[uuid.UUID, str] = {}
    for key, title, language, path in lesson_rows:
        lesson_titles.setdefault(key, []).append((title, language))
        lesson_order[key] = min(lesson_order.get(key, path), path)
    signatures = signatures_of_many(completions + attempts)

    completions_of: dict[int, list] = {}
    for completion in completions:
        completions_of.setdefault(completion.user_id, []).append(completion)
    attempts_of: dict[int, list] = {}
    for attempt in attempts:
        attempts_of.setdefault(attempt.user_id, []).append(attempt)

    people = []
    for holder_id, held in by_holder.items():
        certificate = _current_on(held, moment)
        status = certificate.status_on(moment)
        passed = attempts_of.get(holder_id, [])
        # The attempt that earned the certificate: the last one passed before it was issued.
        earned = [a for a in passed if a.finished_at <= certificate.issued_at] or passed
        exam = earned[-1] if earned else None
        lessons = sorted(
            completions_of.get(holder_id, []),
            key=lambda c: (lesson_order.get(c.lesson_key, "~"), c.completed_at),
        )
        people.append(
            {
                "name": certificate.holder_name,
                "latin_name": certificate.holder_latin_name,
                "email": certificate.holder.email,
                "qualified": status == Certificate.VALID,
                "certificate": {
                    "code": certificate.code,
                    "status_on_date": status,
                    "status_now": certificate.status_at(now),
                    "issued_at": _iso(certificate.issued_at),
                    "expires_at": _iso(certificate.expires_at),
                    "revoked_at": _iso(certificate.revoked_at),
                    "superseded_at": _iso(certificate.superseded_at),
                    "verify_url": settings.SITE_URL.rstrip("/")
                    + reverse("certificates:verify_code", args=[certificate.code]),
                },
                "final_exam": None
                if exam is None
                else {
                    "title": exam.assessment.title,
                    "attempt": exam.pk,
                    "started_at": _iso(exam.started_at),
                    "finished_at": _iso(exam.finished_at),
                    "percent": str(exam.percent) if exam.percent is not None else None,
                    "pass_mark": exam.pass_mark if exam.pass_mark is not None else exam.assessment.pass_mark,
                    "passed": bool(exam.passed),
                    "signatures": _signatures(signatures, exam),
                },
                "lessons": [
                    {
                        "key": str(completion.lesson_key),
                        "title": _titles(lesson_titles.get(completion.lesson_key, [])),
                        "opened_at": _iso(completion.opened_at),
                        "confirmed_at": _iso(completion.completed_at),
                        "seconds_on_page": completion.seconds_on_page,
                        "via": completion.via,
                        "signatures": _signatures(signatures, completion),
                    }
                    for completion in lessons
                ],
            }
        )
    people.sort(key=lambda person: (person["name"].casefold(), person["email"]))
    site = settings.SITE_URL.rstrip("/")
    return {
        "dossier": {
            "format": DOSSIER_FORMAT,
            "organization": {
                "slug": organization.slug,
                "kind": organization.kind,
                "name": {"ru": organization.name_ru, "en": organization.name_en},
            },
            "scope": "consenting_staff"
            if organization.kind == Organization.EMPLOYER
            else "certificate_holders",
            "course": course,
            "as_of": as_of.isoformat(),
            "as_of_end": _iso(moment),
            "time_zone": timezone.get_current_timezone_name(),
            "generated_at": _iso(now),
            "generator": {
                "name": "CAR-T Academy inspector dossier",
                "url": site + "/",
                "jwks": site + reverse("jwks"),
            },
            "people_count": len(people),
            "qualified_count": sum(1 for person in people if person["qualified"]),
        },
        "people": people,
    }


def sign_dossier(data: dict) -> SignedDossier:
    """The JSON bytes to serve (UTF-8, indented) and their detached JWS."""
    body = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
    return SignedDossier(data=data, body=body, jws=sign_detached(body))


def record_generation(signed: SignedDossier, *, organization: Organization, actor=None, target=None) -> None:
    """Put the generation in the audit trail (personal data leaves the platform): what, as of when, for
    how many people, and the fingerprint that names this very JSON and PDF."""
    meta = signed.data["dossier"]
    record(
        "dossier.generated",
        actor=actor,
        target=target if target is not None else organization,
        organization=organization,
        after={
            "course": meta["course"]["key"],
            "version": meta["course"]["version"],
            "as_of": meta["as_of"],
            "people": meta["people_count"],
            "jws_sha256": signed.fingerprint,
        },
    )
