"""The certificate PDF signed with PAdES and carrying its credential (ADR 0022), checked with pyHanko."""

import io
import json

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from certificates import pades
from certificates.pdf import render_certificate_pdf
from tests.certificates.test_pdf import LONG

CREDENTIAL = json.dumps({"type": ["VerifiableCredential"], "code": LONG.code}).encode()


def signed(content: bytes | None = None) -> bytes:
    return pades.embed_and_sign(
        content or render_certificate_pdf(LONG),
        credential=CREDENTIAL,
        file_name=pades.credential_file_name(LONG.code),
    )


@pytest.mark.django_db
def test_signature_is_intact_covers_the_whole_file_and_is_ours():
    plain = render_certificate_pdf(LONG)
    content = signed(plain)
    report = pades.check_signature(PdfFileReader(io.BytesIO(content), strict=False))
    assert report.present and report.intact and report.whole_file and report.ours, report
    print(f"PDF {len(plain)} bytes before, {len(content)} bytes signed with the credential embedded")


@pytest.mark.django_db
def test_one_appended_byte_breaks_whole_file_coverage():
    report = pades.check_signature(PdfFileReader(io.BytesIO(signed() + b"\n"), strict=False))
    print(report)
    assert report.present and not (report.intact and report.whole_file)


@pytest.mark.django_db
def test_embedded_credential_comes_back():
    reader = PdfFileReader(io.BytesIO(signed()), strict=False)
    name, data = pades.embedded_credential(reader)
    assert name == f"certificate-{LONG.code}.credential.json" and data == CREDENTIAL


@pytest.mark.django_db
def test_poppler_a_reader_other_than_pyhanko_validates_the_ecdsa_signature(tmp_path):
    """pdfsig (Poppler with NSS, as in Okular and Evince): the signature checks out and covers it all."""
    import subprocess

    good = tmp_path / "signed.pdf"
    good.write_bytes(signed())
    report = subprocess.run(["pdfsig", str(good)], capture_output=True, text=True, check=True).stdout
    assert "Signature is Valid" in report and "Total document signed" in report, report
    assert "ETSI.CAdES.detached" in report and "CAR-T Academy" in report
    listing = subprocess.run(["pdfdetach", "-list", str(good)], capture_output=True, text=True, check=True)
    assert f"certificate-{LONG.code}.credential.json" in listing.stdout
    appended = tmp_path / "appended.pdf"
    appended.write_bytes(good.read_bytes() + b"\n")
    report = subprocess.run(["pdfsig", str(appended)], capture_output=True, text=True, check=False).stdout
    assert "Total document signed" not in report, report
