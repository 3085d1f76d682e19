"""The certificate PDF signed with PAdES (pyHanko), carrying its credential as an associated file.

Readers (Acrobat, Foxit, Okular, pdfsig) accept ECDSA and RSA in PDF signatures, not Ed25519, so the PDF is
signed with its own key: ECDSA P-256, with an X.509 certificate the platform issues for itself (self-signed,
subject = the platform). The private key and the certificate come from `CERTIFICATE_PDF_SIGNING_KEY` (PEM
text: the key followed by the certificate) or the file `CERTIFICATE_PDF_SIGNING_KEY_FILE`, created on first
use in development. Every certificate that ever signed is kept in `PdfSigningCertificate` and published at
/.well-known/pdf-signing-certificates.pem, so old PDFs stay verifiable after a rotation (ADR 0022).

`sign_certificate_pdf(pdf, credential=..., name=...)` embeds the credential JSON first, then signs: the
signature's byte range covers the embedded file.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import io
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from .models import PdfSigningCertificate
from .signing import write_key_file

CREDENTIAL_MIME = "application/vc+ld+json"
SIGNATURE_FIELD = "CertificateSignature"
# RFC 9336 id-kp-documentSigning: the certificate is meant for signing documents.
DOCUMENT_SIGNING = ObjectIdentifier("1.3.6.1.5.5.7.3.36")
VALIDITY_YEARS = 20  # no timestamp (B-B): readers check the certificate at today's date, for years to come
# Room for the CMS signature (about 1.2 KB with ECDSA P-256 and one certificate; RSA-3072 fits too):
# reserving it skips pyHanko's trial signature, which halves the signing time.
SIGNATURE_BYTES = 4096
MAX_EMBEDDED_BYTES = 1024 * 1024  # an embedded credential is a few kilobytes; refuse to inflate more


def platform_name() -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "CAR-T Academy certificate signing"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "CAR-T Academy"),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, settings.SITE_URL),
        ]
    )


def issue_certificate_for(
    key: ec.EllipticCurvePrivateKey, *, now: dt.datetime | None = None
) -> x509.Certificate:
    """The platform's self-issued document-signing certificate for `key`."""
    now = now or dt.datetime.now(dt.UTC)
    public = key.public_key()
    return (
        x509.CertificateBuilder()
        .subject_name(platform_name())
        .issuer_name(platform_name())
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now.replace(year=now.year + VALIDITY_YEARS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([DOCUMENT_SIGNING, ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(
            x509.SubjectAlternativeName([x509.UniformResourceIdentifier(settings.SITE_URL)]), critical=False
        )
        .sign(key, hashes.SHA256())
    )


def generate_key_file(path: Path) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    """A new P-256 key and its certificate, written to `path` (mode 0600, never overwritten)."""
    key = ec.generate_private_key(ec.SECP256R1())
    certificate = issue_certificate_for(key)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    write_key_file(path, pem + certificate.public_bytes(serialization.Encoding.PEM))
    return key, certificate


def key_file() -> Path:
    configured = getattr(settings, "CERTIFICATE_PDF_SIGNING_KEY_FILE", "")
    if configured:
        return Path(configured)
    return Path(settings.CERTIFICATE_SIGNING_KEY_FILE).with_name("pdf-signing.pem")


def _parse(pem: bytes) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = serialization.load_pem_private_key(pem, password=None)
    certificates = x509.load_pem_x509_certificates(pem) if b"CERTIFICATE-----" in pem else []
    if not isinstance(key, ec.EllipticCurvePrivateKey | _rsa_type()) or not certificates:
        raise ImproperlyConfigured(
            "The PDF signing key must hold an ECDSA (or RSA) private key followed by its X.509 certificate."
        )
    return key, certificates[0]


def _rsa_type():
    from cryptography.hazmat.primitives.asymmetric import rsa

    return rsa.RSAPrivateKey


def _load() -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    pem = getattr(settings, "CERTIFICATE_PDF_SIGNING_KEY", "")
    if pem:
        return _parse(pem.encode())
    path = key_file()
    if not path.exists():
        if not getattr(settings, "CERTIFICATE_KEY_AUTOCREATE", False):
            raise ImproperlyConfigured(
                f"No PDF signing key: set CERTIFICATE_PDF_SIGNING_KEY or create {path} "
                "(manage.py rotate_pdf_signing_key --output PATH)."
            )
        try:
            return generate_key_file(path)
        except FileExistsError:  # another process made it first: use theirs
            pass
    return _parse(path.read_bytes())


@lru_cache(maxsize=1)
def _cached():
    from pyhanko.sign import signers

    key, certificate = _load()
    der = certificate.public_bytes(serialization.Encoding.DER)
    signer = signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(der),
        signing_key=asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        ),
        cert_registry=None,
    )
    return signer, certificate


def fingerprint(certificate: x509.Certificate) -> str:
    return certificate.fingerprint(hashes.SHA256()).hex()


def register(certificate: x509.Certificate) -> PdfSigningCertificate:
    """Publish a signing certificate (before it signs anything); the same certificate is kept once."""
    row, _created = PdfSigningCertificate.objects.get_or_create(
        fingerprint=fingerprint(certificate),
        defaults={
            "pem": certificate.public_bytes(serialization.Encoding.PEM).decode(),
            "subject": certificate.subject.rfc4514_string(),
            "not_before": certificate.not_valid_before_utc,
            "not_after": certificate.not_valid_after_utc,
        },
    )
    return row


def current_signer():
    signer, certificate = _cached()
    register(certificate)
    return signer, certificate


def reset_cache() -> None:
    _cached.cache_clear()


def off_the_event_loop(function, *args, **kwargs):
    """pyHanko's synchronous API calls asyncio.run(), which fails in a thread whose event loop is running
    (an async caller, Playwright's tests): there, the call runs in a thread of its own (no database use).
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


def credential_file_name(code: str) -> str:
    return f"certificate-{code}.credential.json"


def embed_and_sign(pdf: bytes, *, credential: bytes, file_name: str) -> bytes:
    """`pdf` with `credential` embedded as an associated file (/AF, /Data), then signed (PAdES B-B)."""
    from pyhanko.pdf_utils import embed, generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.fields import MDPPerm

    signer, _certificate = current_signer()
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    now = timezone.now()
    embedded = embed.EmbeddedFileObject.from_file_data(
        writer,
        data=credential,
        mime_type=CREDENTIAL_MIME,
        params=embed.EmbeddedFileParams(creation_date=now, modification_date=now),
    )
    embed.embed_file(
        writer,
        embed.FileSpec(
            file_spec_string=file_name,
            file_name=file_name,
            embedded_data=embedded,
            description="Open Badges 3.0 credential of this certificate (signed, machine-readable)",
            af_relationship=generic.pdf_name("/Data"),
        ),
    )
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        certify=True,
        docmdp_permissions=MDPPerm.NO_CHANGES,
        reason="Certificate issued by CAR-T Academy / Сертификат выдан Академией CAR-T",
        location=settings.SITE_URL,
        name="CAR-T Academy",
    )
    output = io.BytesIO()
    pdf_signer = signers.PdfSigner(metadata, signer=signer)
    off_the_event_loop(pdf_signer.sign_pdf, writer, bytes_reserved=SIGNATURE_BYTES, output=output)
    return output.getvalue()


# Reading a signed certificate PDF back -------------------------------------------------------------------


@dataclass(frozen=True)
class SignatureReport:
    present: bool
    intact: bool = False  # the signed bytes hash to the signed digest and the signature checks out
    whole_file: bool = False  # the signature covers every byte of the file (nothing appended or added)
    ours: bool = False  # the signer's certificate is one the platform published
    signer: str = ""
    fingerprint: str = ""
    signed_at: dt.datetime | None = None


def known_certificates() -> list[asn1_x509.Certificate]:
    return [
        asn1_x509.Certificate.load(x509.load_pem_x509_certificate(row.pem.encode()).public_bytes(_DER))
        for row in PdfSigningCertificate.objects.order_by("created_at")
    ]


_DER = serialization.Encoding.DER


def check_signature(reader) -> SignatureReport:
    """pyHanko's validator on the last signature of `reader`, trusting only our published certificates."""
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    signatures = reader.embedded_signatures
    if not signatures:
        return SignatureReport(present=False)
    signature = signatures[-1]
    ours = known_certificates()
    context = ValidationContext(trust_roots=ours, allow_fetching=False, revocation_mode="soft-fail")
    status = off_the_event_loop(validate_pdf_signature, signature, context)
    signer_cert = status.signing_cert
    digest = hashlib.sha256(signer_cert.dump()).hexdigest() if signer_cert is not None else ""
    return SignatureReport(
        present=True,
        intact=bool(status.intact and status.valid),
        whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE and len(signatures) == 1,
        ours=bool(status.trusted) and digest in {hashlib.sha256(c.dump()).hexdigest() for c in ours},
        signer=signer_cert.subject.human_friendly if signer_cert is not None else "",
        fingerprint=digest,
        signed_at=status.signer_reported_dt,
    )


class EmbeddedFileError(Exception):
    pass


def embedded_credential(reader) -> tuple[str, bytes] | None:
    """(name, bytes) of the embedded `*.credential.json` file, or None when the PDF has none.

    The stream is inflated by hand with a ceiling, so a small PDF cannot expand into gigabytes.
    """
    root = reader.root
    try:
        names = root["/Names"]["/EmbeddedFiles"]["/Names"]
    except KeyError:
        return None
    for index in range(0, len(names) - 1, 2):
        spec = names[index + 1].get_object()
        name = str(spec.get("/UF", spec.get("/F", names[index])))
        if not name.endswith(".credential.json"):
            continue
        stream = spec["/EF"].get("/UF", spec["/EF"]["/F"]).get_object()
        return name, _bounded_data(stream)
    return None


def _bounded_data(stream) -> bytes:
    filters = stream.get("/Filter")
    raw = stream.encoded_data
    if filters is None:
        data = raw
    else:
        names = [str(f) for f in (filters if isinstance(filters, list) else [filters])]
        if names != ["/FlateDecode"] or "/DecodeParms" in stream:
            raise EmbeddedFileError("unsupported filter")
        inflater = zlib.decompressobj()
        try:
            data = inflater.decompress(raw, MAX_EMBEDDED_BYTES + 1)
        except zlib.error as error:
            raise EmbeddedFileError("corrupt stream") from error
    if len(data) > MAX_EMBEDDED_BYTES:
        raise EmbeddedFileError("too large")
    return data
