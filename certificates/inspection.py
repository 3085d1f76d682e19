"""Checking an uploaded certificate PDF or credential file: each check with its verdict (ADR 0022).

`inspect_file(data)` reads bytes already in memory (the view refuses anything over the size limit before
reading it) and stores nothing. For a PDF: the PAdES signature (pyHanko: intact, covering the whole file),
the signer (one of our published certificates), the embedded credential (its proof, via
`credentials.verify_credential`), its status, and whether the printed text says what the credential says.
For a JSON credential: its proof and status. Any unreadable input gives a verdict, never an exception.
"""

from __future__ import annotations

import io
import json
import logging
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext as _

from . import pades
from .codes import normalize_code
from .credentials import verify_credential
from .pdf import _date_en, _date_ru

logger = logging.getLogger(__name__)

MAX_JSON_BYTES = pades.MAX_EMBEDDED_BYTES


@dataclass(frozen=True)
class Check:
    # file, signature, coverage, signer, embedded, format, issuer, proof, dates, certificate, status, text
    key: str
    name: str
    ok: bool | None  # None: not checked (not applicable, or skipped offline)
    message: str


@dataclass
class Inspection:
    kind: str  # "pdf" | "credential" | "unknown"
    checks: list[Check] = field(default_factory=list)
    code: str = ""

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(check.ok is not False for check in self.checks)

    def add(self, key: str, ok: bool | None, message: str) -> bool | None:
        self.checks.append(Check(key, _label(key), ok, message))
        return ok

    def states(self) -> dict[str, bool | None]:
        return {check.key: check.ok for check in self.checks}


def inspect_file(data: bytes, *, check_status: bool = True) -> Inspection:
    head = data[:1024].lstrip()
    if data.startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return _inspect_pdf(data, check_status=check_status)
    if head.startswith((b"{", b"\xef\xbb\xbf{")):
        return _inspect_json(data, check_status=check_status)
    result = Inspection("unknown")
    result.add(
        "file",
        False,
        _(
            "This is neither a PDF nor a credential (JSON) file. "
            "Upload the certificate PDF or its credential."
        ),
    )
    return result


def _inspect_json(data: bytes, *, check_status: bool) -> Inspection:
    result = Inspection("credential")
    document = _parse_json(data)
    if document is None:
        result.add("file", False, _("The file is not valid JSON, so it cannot be a credential."))
        return result
    result.add("file", True, _("A credential (JSON) file."))
    _check_credential(result, document, check_status=check_status)
    return result


def _parse_json(data: bytes) -> dict | None:
    if len(data) > MAX_JSON_BYTES:
        return None
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    return document if isinstance(document, dict) else None


def _inspect_pdf(data: bytes, *, check_status: bool) -> Inspection:
    from pyhanko.pdf_utils.reader import PdfFileReader

    result = Inspection("pdf")
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        reader.root  # noqa: B018 - parses the catalog: a broken file fails here
    except Exception:  # noqa: BLE001 - any parser failure on hostile input is "not a readable PDF"
        result.add("file", False, _("The file looks like a PDF but cannot be read."))
        return result
    result.add("file", True, _("A PDF document."))
    _check_signature(result, reader)
    document = _check_embedded(result, reader)
    if document is None:
        return result
    _check_credential(result, document, check_status=check_status)
    _check_printed_text(result, data, document)
    return result


def _check_signature(result: Inspection, reader) -> None:
    name = "signature"
    try:
        report = pades.check_signature(reader)
    except Exception:  # noqa: BLE001 - a malformed signature dictionary is an invalid signature
        logger.info("unreadable PDF signature", exc_info=True)
        result.add(name, False, _("The PDF signature cannot be read."))
        return
    if not report.present:
        result.add(name, False, _("The PDF is not signed. Certificates from this platform are signed."))
        return
    if report.intact:
        result.add(name, True, _("The signature is valid: the signed content is unchanged."))
    else:
        result.add(name, False, _("The signature does not match the content: the document was changed."))
    coverage = "coverage"
    if report.intact and report.whole_file:
        result.add(coverage, True, _("The signature covers the whole file: nothing was added after signing."))
    elif report.intact:
        result.add(
            coverage,
            False,
            _("Something was added to the file after it was signed (appended bytes or an update)."),
        )
    else:
        result.add(coverage, False, _("The signature does not cover the file as it is now."))
    signer = "signer"
    if report.ours:
        result.add(
            signer,
            True,
            _("Signed by the platform's certificate (SHA-256 %(fingerprint)s).")
            % {"fingerprint": _grouped(report.fingerprint)},
        )
    else:
        result.add(
            signer,
            False,
            _("Signed by a certificate this platform did not publish: %(subject)s.")
            % {"subject": report.signer or "?"},
        )


def _grouped(hex_digest: str) -> str:
    return ":".join(hex_digest[i : i + 2] for i in range(0, len(hex_digest), 2)).upper()


def _check_embedded(result: Inspection, reader) -> dict | None:
    name = "embedded"
    try:
        found = pades.embedded_credential(reader)
    except (pades.EmbeddedFileError, KeyError, TypeError, ValueError, AttributeError):
        found = ("", b"")
    except Exception:  # noqa: BLE001 - hostile object structure
        logger.info("unreadable embedded file", exc_info=True)
        found = ("", b"")
    if found is None:
        result.add(name, False, _("The PDF carries no credential file, so it cannot be checked further."))
        return None
    file_name, data = found
    document = _parse_json(data) if data else None
    if document is None:
        result.add(name, False, _("The embedded credential file cannot be read."))
        return None
    result.add(name, True, _("Found %(name)s.") % {"name": file_name})
    return document


def _check_credential(result: Inspection, document: dict, *, check_status: bool) -> None:
    try:
        verdict = verify_credential(document, check_status=check_status)
    except Exception:  # noqa: BLE001 - a credential shaped unlike any we issue is simply not valid
        logger.info("credential check failed", exc_info=True)
        result.add("proof", False, _("The credential cannot be checked: it is malformed."))
        return
    result.code = getattr(verdict, "certificate_code", "") or ""
    for check in verdict.checks:
        if check.name == "status" and not check_status:
            result.add(
                "status",
                None,
                _("Not checked offline: the certificate's verify page shows whether it is still valid."),
            )
        else:
            result.add(check.name, bool(check.ok), str(check.message))


def _label(name: str) -> str:
    labels = {
        "file": _("File"),
        "signature": _("Signature"),
        "coverage": _("Whole document"),
        "signer": _("Signer"),
        "embedded": _("Embedded credential"),
        "text": _("Printed text"),
        "format": _("Credential format"),
        "issuer": _("Issuer"),
        "proof": _("Credential proof"),
        "dates": _("Validity dates"),
        "status": _("Status"),
        "certificate": _("Certificate"),
    }
    return labels.get(name, name)


# Printed text --------------------------------------------------------------------------------------------


def printed_fields(document: dict) -> dict[str, list[str]]:
    """What the credential says that the PDF must print: a label → acceptable spellings (any one)."""
    values = _printed_values(document)
    fields: dict[str, list[str]] = {}
    if values.get("holder"):
        fields[_("holder's name")] = [v for v in values["holder"] if v]
    if values.get("course"):
        fields[_("course title")] = [v for v in values["course"] if v]
    if values.get("code"):
        fields[_("certificate code")] = [values["code"]]
    for key, label in (("issued", _("date of issue")), ("expires", _("expiry date"))):
        day = _as_date(values.get(key))
        if day is not None:
            fields[label] = [_date_ru(day), _date_en(day)]
    return {label: spellings for label, spellings in fields.items() if spellings}


def _printed_values(document: dict) -> dict:
    """Holder, course, code and dates as an Open Badges 3.0 credential of ours states them."""
    subject = document.get("credentialSubject")
    subject = subject if isinstance(subject, dict) else {}
    identifiers = subject.get("identifier")
    holders = [
        item.get("identityHash")
        for item in (identifiers if isinstance(identifiers, list) else [])
        if isinstance(item, dict)
        and item.get("identityType") == "name"
        and isinstance(item.get("identityHash"), str)
    ]
    achievement = subject.get("achievement")
    achievement = achievement if isinstance(achievement, dict) else {}
    course = achievement.get("name") or document.get("name")
    identifier = document.get("id")
    code = ""
    if isinstance(identifier, str) and "/verify/" in identifier:
        code = normalize_code(identifier.split("/verify/", 1)[1].split("/", 1)[0]) or ""
    return {
        "holder": holders,
        "course": [course] if isinstance(course, str) else [],
        "code": code,
        "issued": document.get("validFrom"),
        "expires": document.get("validUntil"),
    }


def _as_date(value) -> date | None:
    if not value:
        return None
    if isinstance(value, date):
        return value
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")).date()
    except ValueError:
        return None


def _normalise(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split()).casefold()


def printed_text(data: bytes) -> str:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    return _normalise(" ".join(page.extract_text() or "" for page in reader.pages[:3]))


def _check_printed_text(result: Inspection, data: bytes, document: dict) -> None:
    name = "text"
    try:
        text = printed_text(data)
        fields = printed_fields(document)
    except Exception:  # noqa: BLE001 - unreadable page content
        logger.info("unreadable PDF text", exc_info=True)
        result.add(name, False, _("The text of the PDF cannot be read."))
        return
    if not fields:
        result.add(name, False, _("The credential names no holder, course or code to compare."))
        return
    missing = [
        label
        for label, spellings in fields.items()
        if not any(_normalise(spelling) in text for spelling in spellings)
    ]
    if missing:
        result.add(
            name,
            False,
            _("The printed certificate differs from its credential: %(fields)s.")
            % {"fields": ", ".join(missing)},
        )
    else:
        result.add(
            name,
            True,
            _("The printed %(fields)s match the credential.") % {"fields": ", ".join(fields)},
        )
