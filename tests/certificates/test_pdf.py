"""The certificate PDF: text, fonts, QR code, size, determinism; served by /verify/<code>/pdf."""

import io
import re
import subprocess
from datetime import date
from pathlib import Path

import pypdf
import pytest
import zxingcpp
from PIL import Image

from certificates.pdf import CertificateData, render_certificate_pdf
from certificates.services import issue_certificate

LONG = CertificateData(
    code="7KQ2M-ZV9RT-ABCDE-FGHJK-MNPQR-S",
    verify_url="https://cart-academy.example/verify/7KQ2M-ZV9RT-ABCDE-FGHJK-MNPQR-S/",
    holder_name="Констанция Александровна Преображенская-Оболенская",
    holder_latin_name="Konstantsiya Preobrazhenskaya-Obolenskaya",
    course_title_ru=(
        "Асептическое производство, контроль контаминации и мониторинг чистых помещений "
        "класса A и B для операторов производства CAR-T-препаратов"
    ),
    course_title_en=(
        "Aseptic processing, contamination control and environmental monitoring of grade A and B "
        "clean rooms for CAR-T manufacturing operators"
    ),
    course_version="2.1",
    hours="12",
    issuer_name="Демонстрационный учебный центр",
    signatory_name="Игорь Волков",
    signatory_title="Руководитель учебного центра · Head of the training centre",
    issued=date(2026, 11, 25),
    expires=date(2028, 11, 25),
)


def rasterize(content: bytes, tmp_path: Path) -> Image.Image:
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(content)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-singlefile", str(pdf), str(tmp_path / "page")], check=True
    )
    return Image.open(tmp_path / "page.png")


def test_pdf_text_fonts_metadata_and_size():
    content = render_certificate_pdf(LONG)
    reader = pypdf.PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert round(float(page.mediabox.width)) == 842 and round(float(page.mediabox.height)) == 595
    text = " ".join(page.extract_text().split())
    assert "Констанция Александровна" in text and "Преображенская-Оболенская" in text
    assert LONG.code in text and "Konstantsiya" in text
    fonts = [font["/BaseFont"] for font in _fonts(page)]
    assert fonts and all(re.match(r"^/[A-Z]{6}\+", name) for name in fonts), fonts  # embedded subsets
    assert all("/FontFile2" in font["/FontDescriptor"] for font in _fonts(page))  # TrueType programs inside
    assert reader.metadata.title == f"Сертификат / Certificate {LONG.code}"
    assert LONG.code in reader.metadata["/Keywords"]
    print(f"certificate PDF: {len(content)} bytes")
    assert len(content) <= 150 * 1024


def _fonts(page):
    return [font.get_object() for font in page["/Resources"]["/Font"].values()]


def test_same_input_same_bytes():
    assert render_certificate_pdf(LONG) == render_certificate_pdf(LONG)


def test_qr_code_decodes_to_the_verify_url(tmp_path):
    image = rasterize(render_certificate_pdf(LONG), tmp_path)
    found = [result.text for result in zxingcpp.read_barcodes(image)]
    assert found == [LONG.verify_url]


@pytest.mark.django_db
def test_verify_pdf_serves_the_certificate_and_410_when_revoked(client, trainee, demo_course):
    certificate = issue_certificate(user=trainee, course=demo_course).certificate
    response = client.get(f"/verify/{certificate.code}/pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)
    text = pypdf.PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert certificate.code in text and "Анна Смирнова" in " ".join(text.split())
    certificate.revoke(reason="error")
    gone = client.get(f"/verify/{certificate.code}/pdf")
    assert gone.status_code == 410
    assert client.get("/verify/NOT-A-CODE/pdf").status_code == 404


@pytest.mark.django_db
def test_issuance_renders_the_pdf_and_emails_the_holder(
    trainee, demo_course, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = issue_certificate(user=trainee, course=demo_course).certificate
    certificate.refresh_from_db()
    assert certificate.pdf.name.endswith(".pdf")
    assert len(mailoutbox) == 1 and certificate.code in mailoutbox[0].body
    assert "сертификат" in mailoutbox[0].subject.lower()


def _png(color: str, size=(240, 80)) -> bytes:
    from PIL import ImageDraw

    image = Image.new("RGB", size, "white")
    ImageDraw.Draw(image).line([(10, 60), (80, 15), (150, 60), (230, 20)], fill=color, width=5)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def test_signature_and_logo_images_are_drawn(tmp_path):
    from dataclasses import replace

    plain = render_certificate_pdf(LONG)
    with_images = render_certificate_pdf(
        replace(LONG, logo=_png("#0b5c6b", (80, 80)), signature=_png("#123"))
    )
    page = pypdf.PdfReader(io.BytesIO(with_images)).pages[0]
    assert len(page.images) == 2 and with_images != plain
    assert len(with_images) <= 150 * 1024
    decoded = [r.text for r in zxingcpp.read_barcodes(rasterize(with_images, tmp_path))]
    assert decoded == [LONG.verify_url]


def test_markup_in_names_and_titles_is_printed_as_text_and_loads_nothing():
    """A holder's name or a course title full of ReportLab markup prints literally: no link, no file."""
    from dataclasses import replace

    hostile = (
        '<img src="/etc/passwd"/> <a href="https://evil.example">x</a> <font size="90">big</font> &amp; <'
    )
    content = render_certificate_pdf(
        replace(LONG, holder_name=f"Иван {hostile}", course_title_ru=f"Курс {hostile}", issuer_name=hostile)
    )
    reader = pypdf.PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() for page in reader.pages).replace("\n", " ")
    assert "evil.example" in text and "/etc/passwd" in text and "&amp;" in text
    assert not any("/Annots" in page for page in reader.pages)
    assert len(reader.pages[0].images) <= 1  # only the QR code


def test_reportlab_trusts_no_host_and_no_scheme_to_read_from():
    from reportlab import rl_config
    from reportlab.lib.utils import rlUrlRead

    assert rl_config.trustedHosts is None and rl_config.trustedSchemes == []
    for url in ("data:text/plain,secret", "file:///etc/hostname", "https://evil.example/logo.png"):
        with pytest.raises(OSError):
            rlUrlRead(url)
