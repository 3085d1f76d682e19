"""/verify/upload/ and `verify_credential FILE`: each check with its verdict, nothing stored (ADR 0022)."""

import copy
import io
import json

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import override_settings
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from audit.models import AuditEntry
from certificates import pades
from certificates.credentials import credential_for
from certificates.inspection import inspect_file
from certificates.models import Certificate, PdfSigningCertificate
from certificates.pdf import render_certificate_pdf
from certificates.services import issue_certificate
from certificates.storage import private_storage
from certificates.tasks import signed_pdf

URL = "/verify/upload/"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def certificate(trainee, demo_course):
    return issue_certificate(user=trainee, course=demo_course).certificate


@pytest.fixture
def signed(certificate):
    return signed_pdf(certificate)


ALL_PDF_CHECKS = [
    "file",
    "signature",
    "coverage",
    "signer",
    "embedded",
    "format",
    "issuer",
    "proof",
    "dates",
    "certificate",
    "status",
    "text",
]


def upload(client, name: str, content: bytes, **extra):
    handle = io.BytesIO(content)
    handle.name = name
    return client.post(URL, {"file": handle}, **extra)


def page_checks(response) -> tuple[str, dict[str, str]]:
    """The page's overall verdict and each check's state, by key, as the page marks them."""
    soup = BeautifulSoup(response.content, "html.parser")
    section = soup.select_one("[data-upload-result]")
    assert section is not None, response.content.decode()[:2000]
    checks = section.select("[data-check]")
    return section["data-ok"], {item["data-check"]: item["data-check-ok"] for item in checks}


def failed(result) -> list[str]:
    return [check.key for check in result.checks if check.ok is False]


# The signed PDF itself ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_valid_pdf_passes_every_check(certificate, signed):
    result = inspect_file(signed)
    assert result.kind == "pdf" and result.code == certificate.code
    assert result.states() == dict.fromkeys(ALL_PDF_CHECKS, True), result.checks
    assert result.ok


@pytest.mark.django_db
def test_embedded_credential_is_the_certificates_and_verifies(certificate, signed):
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(signed), strict=False)
    name, data = pades.embedded_credential(reader)
    assert name == f"certificate-{certificate.code}.credential.json"
    document = json.loads(data)
    assert document == credential_for(certificate)
    # An associated file of the document, data about it, with the credential's media type.
    spec = reader.root["/AF"][0].get_object()
    assert spec["/AFRelationship"] == "/Data" and spec["/UF"] == name
    assert spec["/EF"]["/F"].get_object()["/Subtype"] == "/application/vc+ld+json"


@pytest.mark.django_db
def test_upload_page_shows_every_check_passed(client, signed):
    response = upload(client, "certificate.pdf", signed)
    assert response.status_code == 200
    ok, checks = page_checks(response)
    assert ok == "true" and checks == dict.fromkeys(ALL_PDF_CHECKS, "true")


@pytest.mark.django_db
def test_one_appended_byte_is_caught(signed):
    result = inspect_file(signed + b"\n")
    assert not result.ok and failed(result) == ["coverage"], result.checks


@pytest.mark.django_db
def test_pdf_resaved_by_another_program_is_caught(signed):
    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(signed)))
    writer.add_metadata({"/Title": "Edited"})
    buffer = io.BytesIO()
    writer.write(buffer)
    result = inspect_file(buffer.getvalue())
    assert not result.ok
    assert result.states()["signature"] is False  # the signed bytes are not what was signed


@pytest.mark.django_db
def test_printed_text_replaced_in_an_incremental_update_is_caught(certificate, signed):
    """The realistic forgery: keep the signed bytes, add an update that redraws the page with another name."""
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    stream = generic.StreamObject(stream_data=b"BT /F9 24 Tf 100 400 Td (Forged Person) Tj ET")
    page["/Contents"] = writer.add_object(stream)
    page["/Resources"]["/Font"]["/F9"] = writer.add_object(
        generic.DictionaryObject(
            {
                generic.pdf_name("/Type"): generic.pdf_name("/Font"),
                generic.pdf_name("/Subtype"): generic.pdf_name("/Type1"),
                generic.pdf_name("/BaseFont"): generic.pdf_name("/Helvetica"),
            }
        )
    )
    writer.update_container(page)
    output = io.BytesIO()
    writer.write(output)
    result = inspect_file(output.getvalue())
    states = result.states()
    assert not result.ok
    assert states["signature"] is True  # the signed revision is still intact …
    assert states["coverage"] is False  # … but something was added after the signature
    assert states["text"] is False  # and the printed text no longer says what the credential says
    assert "Forged Person" in output.getvalue().decode("latin-1")


@pytest.mark.django_db
def test_signed_pdf_whose_print_differs_from_its_credential_fails_the_text_check(certificate):
    from dataclasses import replace

    from certificates.pdf import data_for

    printed = render_certificate_pdf(replace(data_for(certificate), holder_name="Пётр Подставной"))
    credential = json.dumps(credential_for(certificate)).encode()
    forged = pades.embed_and_sign(
        printed, credential=credential, file_name=pades.credential_file_name(certificate.code)
    )
    result = inspect_file(forged)
    assert failed(result) == ["text"] and not result.ok
    assert "holder" in result.checks[-1].message or "владельца" in result.checks[-1].message


# Bad input --------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_non_pdf_gets_a_clear_verdict(client):
    response = upload(client, "photo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    assert response.status_code == 200
    ok, checks = page_checks(response)
    assert ok == "false" and checks == {"file": "false"}
    assert "PDF" in response.content.decode()


@pytest.mark.django_db
def test_a_broken_pdf_gets_a_clear_verdict_not_a_500(client):
    response = upload(client, "broken.pdf", b"%PDF-1.7\n" + b"garbage " * 50)
    assert response.status_code == 200
    ok, checks = page_checks(response)
    assert ok == "false" and checks == {"file": "false"}


@pytest.mark.django_db
def test_a_pdf_without_a_credential(client):
    response = upload(client, "plain.pdf", render_certificate_pdf(_any_data()))
    ok, checks = page_checks(response)
    assert ok == "false" and checks == {"file": "true", "signature": "false", "embedded": "false"}


@pytest.mark.django_db
def test_a_signed_pdf_without_a_credential(client):
    from pyhanko.sign import signers

    signer, _certificate = pades.current_signer()
    output = io.BytesIO()
    signers.PdfSigner(signers.PdfSignatureMetadata(field_name="S"), signer=signer).sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(render_certificate_pdf(_any_data()))), output=output
    )
    result = inspect_file(output.getvalue())
    assert result.states() == {
        **dict.fromkeys(["file", "signature", "coverage", "signer"], True),
        "embedded": False,
    }


def _any_data():
    from tests.certificates.test_pdf import LONG

    return LONG


@pytest.mark.django_db
def test_a_50_mb_upload_is_refused_before_its_body_is_read(client):
    stream = CountingStream(50 * 1024 * 1024)
    response = client.post(
        URL,
        content_type="multipart/form-data; boundary=BoUnDaRy",
        data=b"",
        CONTENT_LENGTH=str(stream.size),
        **{"wsgi.input": stream},
    )
    assert response.status_code == 413
    assert stream.read_bytes == 0  # not one byte of the 50 MB was read, let alone kept in memory
    assert BeautifulSoup(response.content, "html.parser").select_one("[data-upload-error]")


@pytest.mark.django_db
@override_settings(VERIFY_UPLOAD_MAX_BYTES=4096)
def test_a_file_over_the_limit_stops_the_upload_even_when_the_length_fits(client):
    response = upload(client, "big.pdf", b"%PDF-1.7\n" + b"x" * 6000)
    assert response.status_code == 413
    assert BeautifulSoup(response.content, "html.parser").select_one("[data-upload-error]")


class CountingStream:
    """A request body of `size` bytes made up on demand; counts what the server reads from it."""

    def __init__(self, size: int):
        self.size = size
        self.read_bytes = 0

    def read(self, size=-1):
        size = self.size - self.read_bytes if size is None or size < 0 else size
        size = min(size, self.size - self.read_bytes)
        self.read_bytes += size
        return b"\0" * size

    def readline(self, size=-1):
        return self.read(min(size if size and size > 0 else 65536, 65536))


@pytest.mark.django_db
def test_empty_form_asks_for_a_file(client):
    assert client.post(URL, {}).status_code == 400


@pytest.mark.django_db
def test_a_credential_file_verifies_alone(client, certificate):
    document = credential_for(certificate)
    response = upload(client, "credential.json", json.dumps(document).encode())
    ok, checks = page_checks(response)
    assert ok == "true" and checks == dict.fromkeys(
        ["file", "format", "issuer", "proof", "dates", "certificate", "status"], "true"
    )


@pytest.mark.django_db
def test_a_credential_from_a_foreign_issuer_fails(certificate):
    document = credential_for(certificate)
    document["issuer"] = {"id": "did:web:evil.example", "type": ["Profile"], "name": "Evil"}
    result = inspect_file(json.dumps(document).encode())
    assert failed(result) == ["issuer", "proof", "certificate"], result.checks


@pytest.mark.django_db
def test_a_credential_with_an_unknown_context_fails_without_fetching_it(certificate):
    document = credential_for(certificate)
    document["@context"] = [*document["@context"], "https://evil.example/context.jsonld"]
    result = inspect_file(json.dumps(document).encode())
    assert failed(result) == ["format", "proof", "certificate"], result.checks


@pytest.mark.django_db
def test_a_tampered_proof_fails(certificate):
    document = copy.deepcopy(credential_for(certificate))
    value = document["proof"][0]["proofValue"]
    document["proof"][0]["proofValue"] = value[:-2] + ("A" if value[-2] != "A" else "B") + value[-1]
    result = inspect_file(json.dumps(document).encode())
    assert failed(result) == ["proof", "certificate"], result.checks


@pytest.mark.django_db
def test_a_changed_credential_fails_its_proof(certificate):
    document = credential_for(certificate)
    document["credentialSubject"]["identifier"][0]["identityHash"] = "Someone Else"
    result = inspect_file(json.dumps(document).encode())
    assert failed(result) == ["proof", "certificate"], result.checks


@pytest.mark.django_db
def test_a_revoked_certificate_fails_the_live_status(certificate, signed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        Certificate.objects.get(pk=certificate.pk).revoke(reason="error")
    result = inspect_file(signed)
    assert failed(result) == ["status"], result.checks


@pytest.mark.django_db
def test_nothing_is_stored(client, signed):
    storage = private_storage()
    files = storage.listdir("certificates") if storage.exists("certificates") else ([], [])
    entries, certificates, keys = AuditEntry.objects.count(), Certificate.objects.count(), _keys()
    upload(client, "certificate.pdf", signed)
    upload(client, "tampered.pdf", signed + b"x")
    assert (AuditEntry.objects.count(), Certificate.objects.count(), _keys()) == (entries, certificates, keys)
    assert (storage.listdir("certificates") if storage.exists("certificates") else ([], [])) == files


def _keys():
    return PdfSigningCertificate.objects.count()


@pytest.mark.django_db
def test_csrf_is_checked(signed):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.get(URL).status_code == 200
    assert upload(strict, "certificate.pdf", signed).status_code == 403


@pytest.mark.django_db
@override_settings(VERIFY_UPLOAD_RATE_LIMIT="2/m")
def test_uploads_are_rate_limited(client):
    answers = [upload(client, "x.txt", b"hello").status_code for _ in range(3)]
    assert answers == [200, 200, 429]


@pytest.mark.django_db
def test_upload_page_in_english_and_linked_from_verify(client):
    page = client.get(URL + "?lang=en")
    assert page.status_code == 200 and b"Check a certificate file" in page.content
    assert b'lang="en"' in page.content or b"lang=en" in page.content
    russian = client.get(URL)
    assert russian.status_code == 200
    assert URL.encode() in client.get("/verify/").content


# Keys: rotation, publication --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_rotation_keeps_old_pdfs_verifiable_and_publishes_both(certificate, signed, tmp_path, client):
    old = pades.current_signer()[1]
    target = tmp_path / "new-pdf-signing.pem"
    call_command("rotate_pdf_signing_key", "--output", str(target))
    with override_settings(CERTIFICATE_PDF_SIGNING_KEY_FILE=str(target)):
        pades.reset_cache()
        try:
            new = pades.current_signer()[1]
            again = signed_pdf(certificate)
        finally:
            pades.reset_cache()
    assert pades.fingerprint(new) != pades.fingerprint(old)
    assert inspect_file(signed).ok and inspect_file(again).ok
    published = client.get("/.well-known/pdf-signing-certificates.pem").content.decode()
    assert published.count("BEGIN CERTIFICATE") == 2
    retired = PdfSigningCertificate.objects.get(fingerprint=pades.fingerprint(old))
    assert retired.retired_at is not None


@pytest.mark.django_db
def test_signing_certificate_names_the_platform_and_document_signing(signed):
    from cryptography import x509

    certificate = pades.current_signer()[1]
    assert "CAR-T Academy" in certificate.subject.rfc4514_string()
    assert certificate.subject == certificate.issuer  # self-issued
    usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign
    assert not certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca


@pytest.mark.django_db
def test_a_pdf_signed_by_a_stranger_is_not_ours(certificate, tmp_path):
    stranger = tmp_path / "stranger.pem"
    pades.generate_key_file(stranger)
    with override_settings(CERTIFICATE_PDF_SIGNING_KEY=stranger.read_text()):
        pades.reset_cache()
        try:
            signer, cert = pades._cached()  # signs without registering (publishing) the certificate
            from pyhanko.sign import signers

            output = io.BytesIO()
            writer = IncrementalPdfFileWriter(io.BytesIO(render_certificate_pdf(_any_data())))
            signers.PdfSigner(signers.PdfSignatureMetadata(field_name="S"), signer=signer).sign_pdf(
                writer, output=output
            )
        finally:
            pades.reset_cache()
    result = inspect_file(output.getvalue())
    signed_by_us = {**dict.fromkeys(["file", "signature", "coverage"], True), "signer": False}
    assert result.states() == {**signed_by_us, "embedded": False}


# The command ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_verify_credential_command(signed, tmp_path, capsys):
    good = tmp_path / "certificate.pdf"
    good.write_bytes(signed)
    call_command("verify_credential", str(good))
    out = capsys.readouterr().out
    assert "verified" in out and "FAIL" not in out and "--  " in out  # the status: skipped offline
    bad = tmp_path / "tampered.pdf"
    bad.write_bytes(signed + b" ")
    with pytest.raises(CommandError, match="NOT VERIFIED"):
        call_command("verify_credential", str(bad))
    assert "FAIL" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("verify_credential", str(tmp_path / "missing.pdf"))


# Issuance ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_issuance_and_reissue_store_newly_signed_pdfs(
    trainee, demo_course, django_capture_on_commit_callbacks
):
    from certificates.services import reissue_certificate

    with django_capture_on_commit_callbacks(execute=True):
        first = issue_certificate(user=trainee, course=demo_course).certificate
    first.refresh_from_db()
    stored = first.pdf.open("rb").read()
    assert inspect_file(stored).ok
    with django_capture_on_commit_callbacks(execute=True):
        second = reissue_certificate(certificate=first)
    second.refresh_from_db()
    renewed = second.pdf.open("rb").read()
    result = inspect_file(renewed)
    assert result.code == second.code and result.code != first.code
    assert stored != renewed
