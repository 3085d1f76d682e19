"""Finding a certificate by what someone typed, and describing it publicly (no email, no personal data)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import get_language

from courses.api import major_versions

from .codes import normalize_code
from .credentials import issue_credentials, stored_credential
from .models import Certificate
from .signing import altered_claims, verify
from .verification import Verified, cached_verification


def find_certificate(raw_code: str) -> Certificate | None:
    """One query; malformed and unknown codes are treated the same."""
    code = normalize_code(raw_code)
    if code is None:
        return None
    return Certificate.objects.filter(code=code).select_related("superseded_by").first()


def _verify_row(code: str) -> Verified | None:
    """Read the certificate and check its signature (the verification cache's miss path)."""
    certificate = Certificate.objects.filter(code=code).select_related("superseded_by").first()
    if certificate is None:
        return None
    if not certificate.credentials:
        # Normally signed by a task right after issuance; an older certificate gets its credentials now, so
        # the cached record carries them and a hit never signs again (ADR 0021, ADR 0019).
        issue_credentials(certificate)
    return _check(certificate)


def _check(certificate: Certificate) -> Verified:
    check = verify(certificate.jws)
    altered = altered_claims(check.claims, certificate.claims()) if check.ok else []
    if check.ok and check.kid != certificate.key_id:
        altered.append("kid")
    versions = major_versions([certificate.course_key]).get(certificate.course_key, [])
    return Verified(certificate, check.ok, tuple(altered), tuple(versions))


def verified_certificate(raw_code: str) -> Verified | None:
    """The certificate behind what someone typed, with its signature check, through the verification cache
    (ADR 0019); None for malformed and unknown codes alike. A hit costs no query."""
    code = normalize_code(raw_code)
    if code is None:
        return None
    return cached_verification(code, _verify_row)


def public_record(certificate: Certificate, verified: Verified | None = None) -> dict:
    """The JSON the API returns (the contract in shared/design.md), plus the signature check.

    The signature is valid only if the JWS checks out against a published key *and* its claims are
    the stored record's: a row edited in the database shows `record_altered` and `signature_valid: false`.
    Status and retraining are decided now, whether the rest comes from the cache (`verified`) or not.
    """
    verified = verified or _check(certificate)
    altered = list(verified.altered)
    language = get_language()
    now = timezone.now()
    due, version = certificate.retraining(now=now, versions=list(verified.versions))
    return {
        "code": certificate.code,
        "status": certificate.status_at(now),
        "holder": {"name": certificate.holder_name, "latin_name": certificate.holder_latin_name or None},
        "course": {
            "title": certificate.course_title(language),
            "title_ru": certificate.course_title_ru,
            "title_en": certificate.course_title_en,
            "version": certificate.course_version,
        },
        "issuer": {"name": certificate.issuer_name},
        "issued_at": certificate.issued_at.isoformat(),
        "expires_at": certificate.expires_at.isoformat() if certificate.expires_at else None,
        "exam_signed_at": certificate.exam_signed_at.isoformat() if certificate.exam_signed_at else None,
        "revocation": {
            "reason": certificate.revocation_reason,
            "revoked_at": certificate.revoked_at.isoformat(),
        }
        if certificate.revoked_at
        else None,
        **_void_fields(certificate),
        # A major revision of the course after this version: the holder must retrain by this date.
        "retraining_due": due.isoformat() if due else None,
        "retraining_version": version.label if version else None,
        "proof": {"type": "JWS", "alg": "EdDSA", "kid": certificate.key_id, "jws": certificate.jws},
        "signature_valid": verified.signature_ok and not altered,
        "record_altered": altered,
        # The Open Badges 3.0 credential in the answer's language (ADR 0021).
        "credential": stored_credential(certificate, language),
    }


MAX_BULK = 1000


def verify_many(raw_codes: list[str]) -> list[dict]:
    """Results in input order for up to MAX_BULK codes, in one query. Rows that are not codes are reported."""
    normalized = [normalize_code(raw) if isinstance(raw, str) else None for raw in raw_codes]
    found = {
        certificate.code: certificate
        for certificate in Certificate.objects.filter(
            code__in={code for code in normalized if code}
        ).select_related("superseded_by")
    }
    now = timezone.now()
    language = get_language()
    versions = major_versions({certificate.course_key for certificate in found.values()})
    results = []
    for raw, code in zip(raw_codes, normalized, strict=True):
        shown = raw if isinstance(raw, str) else repr(raw)
        if code is None:
            results.append({"input": shown[:100], "code": None, "status": "invalid"})
            continue
        certificate = found.get(code)
        if certificate is None:
            results.append({"input": shown[:100], "code": code, "status": "not_found"})
            continue
        due, _version = certificate.retraining(now=now, versions=versions.get(certificate.course_key, []))
        results.append(
            {
                "input": shown[:100],
                "code": code,
                "status": certificate.status_at(now),
                "retraining_due": due.isoformat() if due else None,
                "holder": {"name": certificate.holder_name},
                "course": {
                    "title": certificate.course_title(language),
                    "version": certificate.course_version,
                },
                "issuer": {"name": certificate.issuer_name},
                "issued_at": certificate.issued_at.isoformat(),
                "expires_at": certificate.expires_at.isoformat() if certificate.expires_at else None,
                **_void_fields(certificate),
            }
        )
    return results


def _void_fields(certificate: Certificate) -> dict:
    """Why and since when a certificate no longer counts: its revocation and its successor (else nulls)."""
    successor = certificate.superseded_by
    return {
        "revoked_at": certificate.revoked_at.isoformat() if certificate.revoked_at else None,
        "revocation_reason": certificate.revocation_reason or None,
        "superseded_at": certificate.superseded_at.isoformat() if certificate.superseded_at else None,
        "superseded_by": successor.code if successor else None,
    }
