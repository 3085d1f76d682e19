"""Every certificate as an Open Badges 3.0 verifiable credential (ADR 0021).

- The platform is the issuer: `did:web` at /.well-known/did.json, one Ed25519 Multikey per signing key ever
  used (the same keys as /.well-known/jwks.json, the same ids). The publishing organisation is the
  achievement's `creator`.
- Each certificate carries two signed `OpenBadgeCredential`s, Russian and English, signed once and stored
  (`Certificate.credentials`): never rewritten, so the proof's `created` and the evidence stay. They are
  signed by a background task right after issuance (`created` = the issuance time); a request that comes
  before it, or for a certificate issued before credentials existed, signs them itself (`created` = then).
- Proofs are W3C Data Integrity `eddsa-rdfc-2022`: RDF Dataset Canonicalization (RDFC-1.0) by pyld over
  JSON-LD contexts loaded ONLY from the pinned copies in certificates/jsonld/ (see its README).
- Revocation and supersession: a `BitstringStatusListCredential` per 131 072 certificates, stored in
  `StatusList`, regenerated on every revoke, reissue and supersession.

`credential_for(certificate)` and `verify_credential(document)` are the functions other code calls.
"""

from __future__ import annotations

import base64
import contextlib
import copy
import gzip
import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from pyld import jsonld

from assessments.api import Assessment, Attempt
from people.api import bump_learning_state

from .codes import normalize_code
from .models import Certificate, SigningKey, StatusList
from .signing import current_key
from .verification import forget

CREDENTIALS_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DID_V1 = "https://www.w3.org/ns/did/v1"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
CREDENTIAL_CONTEXT = [CREDENTIALS_V2, OB_V3]
STATUS_CONTEXT = [CREDENTIALS_V2]
CRYPTOSUITE = "eddsa-rdfc-2022"
#: Bits in one status list: the W3C minimum (16 KiB), which hides which certificate a verifier asks about.
STATUS_LIST_SIZE = 131_072
REVOCATION = "revocation"
LANGUAGES = ("ru", "en")

JSONLD_DIR = Path(__file__).resolve().parent / "jsonld"
#: The only documents the JSON-LD processor may load: pinned local copies (sources and hashes in the README;
#: the independent verifier in tests/vc_verifier reads the same map).
PINNED_CONTEXTS: dict[str, str] = json.loads((JSONLD_DIR / "pinned.json").read_text(encoding="utf-8"))


class ContextRefused(Exception):
    """A JSON-LD document asked for a context that is not one of the pinned local copies."""


@cache
def _pinned(url: str) -> dict:
    return json.loads((JSONLD_DIR / PINNED_CONTEXTS[url]).read_text(encoding="utf-8"))


def document_loader(url: str, options=None) -> dict:
    """pyld's loader: pinned local contexts only; anything else is refused (never a network request)."""
    if url not in PINNED_CONTEXTS:
        raise jsonld.JsonLdError(
            f"Refused to load {url!r}: only pinned contexts are used.",
            "jsonld.LoadDocumentError",
            code="loading document failed",
            cause=ContextRefused(url),
        )
    # "static": the pinned copies never change, so pyld keeps each resolved context in its shared cache
    # instead of resolving it again for every document it canonicalises (about 40% of a credential's cost).
    return {"contextUrl": None, "documentUrl": url, "document": copy.deepcopy(_pinned(url)), "tag": "static"}


# --- encodings -------------------------------------------------------------------------------------------

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, rest = divmod(number, 58)
        out = _B58[rest] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def b58decode(text: str) -> bytes:
    number = 0
    for char in text:
        number = number * 58 + _B58.index(char)  # ValueError on a foreign character
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def _b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def multikey(public_jwk: dict) -> str:
    """The Multikey `publicKeyMultibase` of an Ed25519 JWK: z + base58btc(0xed01 + the 32 raw bytes)."""
    return "z" + b58encode(b"\xed\x01" + _b64url_decode(public_jwk["x"]))


def xsd_datetime(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _parse_datetime(text) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else None


# --- the platform's identity -----------------------------------------------------------------------------


def platform_did() -> str:
    """did:web of SITE_URL's host (a port is written %3A, as the did:web method asks)."""
    parts = urlsplit(settings.SITE_URL)
    host = parts.hostname or "localhost"
    if parts.port:
        host = f"{host}%3A{parts.port}"
    path = ":".join(segment for segment in parts.path.split("/") if segment)
    return f"did:web:{host}:{path}" if path else f"did:web:{host}"


def method_id(kid: str) -> str:
    return f"{platform_did()}#{kid}"


def did_document() -> dict:
    """/.well-known/did.json: every signing key ever used, current and past, as an assertion method."""
    did = platform_did()
    methods = [
        {
            "id": f"{did}#{key.kid}",
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": multikey(key.public_jwk),
        }
        for key in SigningKey.objects.order_by("created_at")
    ]
    return {
        "@context": [DID_V1, MULTIKEY_V1],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }


def _platform_profile(language: str) -> dict:
    return {
        "id": platform_did(),
        "type": ["Profile"],
        "name": str(settings.SITE_NAME),
        "url": settings.SITE_URL,
    }


# --- building credentials --------------------------------------------------------------------------------


def credential_url(certificate: Certificate, language: str = "ru") -> str:
    url = f"{settings.SITE_URL}/verify/{certificate.code}/credential.json"
    return url if language == "ru" else f"{url}?lang={language}"


def status_list_number(certificate_pk: int) -> int:
    return (certificate_pk - 1) // STATUS_LIST_SIZE + 1


def status_list_url(number: int, purpose: str = REVOCATION) -> str:
    return f"{settings.SITE_URL}/credentials/status/{purpose}/{number}"


def _absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else f"{settings.SITE_URL}{url}"


def _organization_profile(certificate: Certificate, language: str) -> dict:
    """The organisation that publishes the course: the achievement's creator (the platform signs)."""
    organization = getattr(certificate.course, "provider", None)
    if organization is None:
        return {"id": f"{platform_did()}#publisher", "type": ["Profile"], "name": certificate.issuer_name}
    profile = {
        "id": f"{platform_did()}#organization-{organization.slug}",
        "type": ["Profile"],
        "name": organization.name_en if language == "en" else organization.name_ru,
    }
    if organization.website:
        profile["url"] = organization.website
    logo = getattr(organization, "logo", None)
    if logo is not None:
        with contextlib.suppress(ValueError, AttributeError):
            profile["image"] = {"id": _absolute(logo.file.url), "type": "Image"}
    return profile


def _alignments(certificate: Certificate, language: str) -> list[dict]:
    """The job roles the course is written for (courses' audience roles)."""
    course = certificate.course
    if course is None:
        return []
    return [
        {
            "type": ["Alignment"],
            "targetName": role.name_en if language == "en" else role.name_ru,
            "targetCode": role.code,
            "targetType": "ext:JobRole",
            # The catalog's stable address, filtered to the courses for this role.
            "targetUrl": f"{settings.SITE_URL}/{language}/catalog/?role={role.code}",
        }
        for role in course.audience_roles.all()
    ]


def _exam_finished_at(certificate: Certificate):
    """When the holder finished the passed final exam this certificate's score comes from (None without)."""
    finals = Assessment.objects.filter(page__translation_key=certificate.course_key, is_final=True)
    attempt = (
        Attempt.objects.filter(user_id=certificate.holder_id, assessment__in=finals, passed=True)
        .filter(finished_at__lte=certificate.issued_at)
        .order_by("-percent", "-finished_at")
        .first()
    )
    return attempt.finished_at if attempt else None


def _evidence(certificate: Certificate, exam_at) -> list[dict]:
    if exam_at is None and certificate.exam_signed_at is None:
        return []
    lines = []
    if exam_at is not None:
        lines.append(_("Final exam passed on %(date)s.") % {"date": xsd_datetime(exam_at)})
    if certificate.score is not None:
        lines.append(_("Score: %(score)s%%.") % {"score": certificate.score})
    if certificate.exam_signed_at is not None:
        lines.append(
            _("Signed electronically by the holder (SOP signature) at %(time)s.")
            % {"time": xsd_datetime(certificate.exam_signed_at)}
        )
    return [{"type": ["Evidence"], "name": _("Final exam"), "narrative": " ".join(lines)}]


def build_credential(certificate: Certificate, language: str, *, exam_at=None) -> dict:
    """The unsigned OpenBadgeCredential of a certificate in one language."""
    with translation.override(language):
        title = certificate.course_title(language)
        name = (
            (certificate.holder_latin_name or certificate.holder_name)
            if language == "en"
            else certificate.holder_name
        )
        hours = f"{Decimal(str(certificate.hours)).normalize():f}" if certificate.hours is not None else None
        description = _("Certificate of completion of the course «%(title)s», version %(version)s.") % {
            "title": title,
            "version": certificate.course_version,
        }
        if hours:
            description += " " + _("Hours: %(hours)s.") % {"hours": hours}
        achievement = {
            "id": f"urn:uuid:{uuid.uuid5(certificate.course_key, certificate.course_version)}",
            "type": ["Achievement"],
            "achievementType": "Certificate",
            "name": title,
            "description": description,
            "criteria": {
                "narrative": _(
                    "Completed every lesson of the course «%(title)s» (version %(version)s) and passed its "
                    "final exam, where the course has one."
                )
                % {"title": title, "version": certificate.course_version}
            },
            "version": certificate.course_version,
            "inLanguage": language,
            "creator": _organization_profile(certificate, language),
        }
        if hours:
            achievement["creditsAvailable"] = float(hours)
        alignment = _alignments(certificate, language)
        if alignment:
            achievement["alignment"] = alignment
        subject = {
            "type": ["AchievementSubject"],
            "identifier": [
                {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": name}
            ],
            "achievement": achievement,
        }
        if hours:
            subject["creditsEarned"] = float(hours)
        status_url = status_list_url(status_list_number(certificate.pk))
        credential = {
            "@context": list(CREDENTIAL_CONTEXT),
            "id": credential_url(certificate, language),
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "name": title,
            "description": description,
            "issuer": _platform_profile(language),
            "validFrom": xsd_datetime(certificate.issued_at),
            "awardedDate": xsd_datetime(certificate.issued_at),
            "credentialSubject": subject,
            "credentialStatus": {
                "id": f"{status_url}#{(certificate.pk - 1) % STATUS_LIST_SIZE}",
                "type": "BitstringStatusListEntry",
                "statusPurpose": REVOCATION,
                "statusListIndex": str((certificate.pk - 1) % STATUS_LIST_SIZE),
                "statusListCredential": status_url,
            },
        }
        if certificate.expires_at is not None:
            credential["validUntil"] = xsd_datetime(certificate.expires_at)
        evidence = _evidence(certificate, exam_at)
        if evidence:
            credential["evidence"] = evidence
    return credential


# --- eddsa-rdfc-2022 -------------------------------------------------------------------------------------


def canonical(document: dict) -> str:
    """RDFC-1.0 (URDNA2015) N-Quads of a JSON-LD document, with the pinned contexts only."""
    return jsonld.normalize(
        document,
        {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": document_loader},
    )


def _hash_data(unsigned: dict, proof_options: dict) -> bytes:
    config = {**proof_options, "@context": unsigned["@context"]}
    return (
        hashlib.sha256(canonical(config).encode()).digest()
        + hashlib.sha256(canonical(unsigned).encode()).digest()
    )


def add_proof(unsigned: dict, *, created: datetime) -> dict:
    """The document with a DataIntegrityProof (eddsa-rdfc-2022) by the platform's current key."""
    key, kid = current_key()
    options = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": xsd_datetime(created),
        "verificationMethod": method_id(kid),
        "proofPurpose": "assertionMethod",
    }
    signature = key.sign(_hash_data(unsigned, options))
    # A list of one proof: Open Badges 3.0's JSON Schema wants `proof` as an array (VC DM 2.0 allows both).
    return {**unsigned, "proof": [{**options, "proofValue": "z" + b58encode(signature)}]}


def _check_proof(document: dict) -> tuple[bool, str]:
    proof = document.get("proof")
    if isinstance(proof, list) and len(proof) == 1:
        proof = proof[0]
    if not isinstance(proof, dict):
        return False, _("The credential has no single proof.")
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != CRYPTOSUITE:
        return False, _("The proof is not a DataIntegrityProof with the eddsa-rdfc-2022 cryptosuite.")
    if proof.get("proofPurpose") != "assertionMethod":
        return False, _("The proof is not made for assertion.")
    method = proof.get("verificationMethod", "")
    did, _hash, kid = str(method).partition("#")
    key = SigningKey.objects.filter(kid=kid).first() if did == platform_did() and kid else None
    if key is None:
        return False, _("The proof's key is not one of the platform's keys (current or past).")
    value = proof.get("proofValue", "")
    try:
        if not isinstance(value, str) or not value.startswith("z"):
            raise ValueError
        signature = b58decode(value[1:])
        options = {name: item for name, item in proof.items() if name != "proofValue"}
        unsigned = {name: item for name, item in document.items() if name != "proof"}
        public = Ed25519PublicKey.from_public_bytes(_b64url_decode(key.public_jwk["x"]))
        public.verify(signature, _hash_data(unsigned, options))
    except (InvalidSignature, ValueError, TypeError, KeyError, jsonld.JsonLdError):
        return False, _("The signature does not match the credential: it was changed after signing.")
    return True, _("Signed by the platform's key %(kid)s.") % {"kid": kid}


# --- status lists ----------------------------------------------------------------------------------------


def encode_bits(indexes, size: int = STATUS_LIST_SIZE) -> str:
    """GZIP + multibase base64url (no padding) of a bitstring with these indexes set (index 0 = first bit)."""
    bits = bytearray(size // 8)
    for index in indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    return "u" + base64.urlsafe_b64encode(gzip.compress(bytes(bits), mtime=0)).rstrip(b"=").decode()


def bit_at(encoded: str, index: int) -> bool:
    if not encoded.startswith("u"):
        raise ValueError("not multibase base64url")
    bits = gzip.decompress(_b64url_decode(encoded[1:]))
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def regenerate_status_list(number: int, purpose: str = REVOCATION) -> dict:
    """Sign the list of revoked and superseded certificates in range `number` and store it."""
    first = (number - 1) * STATUS_LIST_SIZE + 1
    voided = (
        Certificate.objects.filter(pk__gte=first, pk__lt=first + STATUS_LIST_SIZE)
        .filter(Q(revoked_at__isnull=False) | Q(superseded_at__isnull=False))
        .values_list("pk", flat=True)
    )
    url = status_list_url(number, purpose)
    now = timezone.now()
    document = add_proof(
        {
            "@context": list(STATUS_CONTEXT),
            "id": url,
            "type": ["VerifiableCredential", "BitstringStatusListCredential"],
            "issuer": platform_did(),
            "validFrom": xsd_datetime(now),
            "credentialSubject": {
                "id": f"{url}#list",
                "type": "BitstringStatusList",
                "statusPurpose": purpose,
                "encodedList": encode_bits(pk - first for pk in voided.iterator(chunk_size=10_000)),
            },
        },
        created=now,
    )
    StatusList.objects.update_or_create(
        purpose=purpose, number=number, defaults={"credential": document, "updated_at": now}
    )
    return document


def status_list(number: int, purpose: str = REVOCATION) -> dict | None:
    """The stored status list credential (made now if none is stored); None for a list beyond the last one."""
    if purpose != REVOCATION or number < 1:
        return None
    stored = (
        StatusList.objects.filter(purpose=purpose, number=number).values_list("credential", flat=True).first()
    )
    if stored is not None:
        return stored
    last = Certificate.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    if number > max(status_list_number(last), 1):
        return None
    return regenerate_status_list(number, purpose)


def status_changed(certificate_pks) -> None:
    """After the commit, regenerate the lists holding these certificates (revoked, reissued, superseded)."""
    numbers = {status_list_number(pk) for pk in certificate_pks}

    def regenerate() -> None:
        for number in sorted(numbers):
            regenerate_status_list(number)

    transaction.on_commit(regenerate)


# --- the two functions other code calls --------------------------------------------------------------------


def issue_credentials(certificate: Certificate, *, created: datetime | None = None) -> dict:
    """Sign and store both language variants of a certificate's credential, once (never rewritten)."""
    if certificate.credentials:
        return certificate.credentials
    exam_at = _exam_finished_at(certificate)
    created = created or timezone.now()
    documents = {
        language: add_proof(build_credential(certificate, language, exam_at=exam_at), created=created)
        for language in LANGUAGES
    }
    if Certificate.objects.filter(pk=certificate.pk, credentials__isnull=True).update(credentials=documents):
        forget(certificate.code)  # an update() sends no post_save: the verification cache drops its copy
        bump_learning_state(certificate.holder_id)  # and the holder's pages kept per person (ADR 0023)
    certificate.credentials = Certificate.objects.values_list("credentials", flat=True).get(pk=certificate.pk)
    return certificate.credentials


def stored_credential(certificate: Certificate, language: str = "ru") -> dict:
    """The signed credential as stored on this certificate object, not copied: for answers that only
    serialise it (the verification API reads a fresh object per request, so nothing shares it)."""
    documents = certificate.credentials or issue_credentials(certificate)
    return documents["en" if language == "en" else "ru"]


def credential_for(certificate: Certificate, language: str = "ru") -> dict:
    """The signed OpenBadgeCredential of a certificate (Russian by default; "en" for the English variant),
    a copy the caller may change."""
    return copy.deepcopy(stored_credential(certificate, language))


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    message: str


@dataclass
class CredentialVerdict:
    ok: bool
    checks: list[Check] = field(default_factory=list)
    certificate_code: str | None = None
    status: str | None = None  # the certificate's status, when it was found


def _code_of(document: dict) -> str | None:
    prefix = f"{settings.SITE_URL}/verify/"
    identifier = document.get("id")
    if not isinstance(identifier, str) or not identifier.startswith(prefix):
        return None
    return normalize_code(identifier[len(prefix) :].split("/", 1)[0])


def verify_credential(
    document: dict, *, check_status: bool = True, now: datetime | None = None
) -> CredentialVerdict:
    """Check a credential file the platform issued: contexts, issuer, proof, dates, status, certificate.

    Every check is reported (names: format, issuer, proof, dates, status, certificate), with a translated
    message; `ok` is true only when all pass. `check_status=False` skips the status (an offline check).
    """
    now = now or timezone.now()
    checks: list[Check] = []
    if not isinstance(document, dict):
        return CredentialVerdict(
            False, [Check("format", False, _("This is not a credential (a JSON object)."))]
        )

    contexts_ok = document.get("@context") == CREDENTIAL_CONTEXT
    types = document.get("type")
    types_ok = isinstance(types, list) and {"VerifiableCredential", "OpenBadgeCredential"} <= set(types)
    if not contexts_ok:
        checks.append(Check("format", False, _("The credential uses contexts other than the known ones.")))
    elif not types_ok:
        checks.append(Check("format", False, _("This is not an Open Badges credential.")))
    else:
        checks.append(Check("format", True, _("An Open Badges 3.0 credential with known contexts.")))

    issuer = document.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if issuer_id == platform_did():
        checks.append(Check("issuer", True, _("Issued by this platform (%(did)s).") % {"did": issuer_id}))
    else:
        checks.append(Check("issuer", False, _("Not issued by this platform.")))

    if contexts_ok and issuer_id == platform_did():
        proof_ok, message = _check_proof(document)
    else:
        proof_ok, message = False, _("The proof was not checked: unknown contexts or another issuer.")
    checks.append(Check("proof", proof_ok, message))

    valid_from = _parse_datetime(document.get("validFrom"))
    valid_until = _parse_datetime(document.get("validUntil")) if "validUntil" in document else None
    if valid_from is None or ("validUntil" in document and valid_until is None):
        checks.append(Check("dates", False, _("The validity dates cannot be read.")))
    elif now < valid_from:
        checks.append(Check("dates", False, _("The credential is not valid yet.")))
    elif valid_until is not None and now >= valid_until:
        checks.append(
            Check("dates", False, _("The credential expired on %(date)s.") % {"date": valid_until.date()})
        )
    else:
        checks.append(Check("dates", True, _("Within its validity dates.")))

    code = _code_of(document)
    certificate = Certificate.objects.filter(code=code).first() if code else None
    if certificate is None:
        checks.append(
            Check("certificate", False, _("No certificate of this platform matches the credential."))
        )
    elif document not in (certificate.credentials or {}).values():
        # The proof covers the canonical RDF, which leaves out terms no context defines; the file must also
        # be, to the letter, one the platform issued for this certificate.
        message = _("The credential differs from the one issued for certificate %(code)s.")
        checks.append(Check("certificate", False, message % {"code": certificate.code}))
    else:
        checks.append(Check("certificate", True, _("Certificate %(code)s.") % {"code": certificate.code}))

    if not check_status:
        checks.append(Check("status", True, _("Revocation status not checked (offline check).")))
    else:
        checks.append(_status_check(document))

    return CredentialVerdict(
        ok=all(check.ok for check in checks),
        checks=checks,
        certificate_code=certificate.code if certificate else None,
        status=certificate.status_at(now) if certificate else None,
    )


def _status_check(document: dict) -> Check:
    """Read the bit in our status list credential, as any verifier would (its proof checked too)."""
    entry = document.get("credentialStatus")
    try:
        url = entry["statusListCredential"]
        index = int(entry["statusListIndex"])
        prefix = f"{settings.SITE_URL}/credentials/status/{REVOCATION}/"
        if entry.get("type") != "BitstringStatusListEntry" or entry.get("statusPurpose") != REVOCATION:
            raise ValueError
        if not url.startswith(prefix) or not 0 <= index < STATUS_LIST_SIZE:
            raise ValueError
        listed = status_list(int(url[len(prefix) :]))
        if listed is None:
            raise ValueError
        list_ok, _message = _check_proof(listed)
        if not list_ok:
            return Check("status", False, _("The status list's signature does not check out."))
        revoked = bit_at(listed["credentialSubject"]["encodedList"], index)
    except (KeyError, TypeError, ValueError, OSError):
        return Check("status", False, _("The credential's status cannot be checked."))
    if revoked:
        return Check("status", False, _("Revoked or superseded by the issuer."))
    return Check("status", True, _("Not revoked."))
