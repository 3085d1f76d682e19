"""The certificate as a PDF: A4 landscape, Russian and English side by side, a vector QR code.

`render_certificate_pdf(data)` is a pure function of its input: the same data gives the same bytes
(ReportLab's invariant mode), so a re-render can be compared with the stored file.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import segno
from django.conf import settings
from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

FONTS = Path(settings.SITE_DIR) / "fonts"
BRAND = HexColor("#0b5c6b")
ACCENT = HexColor("#1f8a70")
INK = HexColor("#14232b")
MUTED = HexColor("#4d5f68")
MONTHS_RU = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]
MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


_FONTS = ("DejaVuSans", "DejaVuSans-Bold", "DejaVuSerif-Bold")
_fonts_lock = threading.Lock()


def register_fonts() -> None:
    """Register the certificate's fonts once per process. Under a lock: in a threaded server two renders may
    start together, and one must not use a font the other has not registered yet."""
    if _FONTS[-1] in pdfmetrics.getRegisteredFontNames():
        return
    with _fonts_lock:
        registered = pdfmetrics.getRegisteredFontNames()
        for name in _FONTS:
            if name not in registered:
                pdfmetrics.registerFont(TTFont(name, str(FONTS / f"{name}.ttf")))


@dataclass(frozen=True)
class CertificateData:
    code: str
    verify_url: str
    holder_name: str
    holder_latin_name: str
    course_title_ru: str
    course_title_en: str
    course_version: str
    hours: str
    issuer_name: str
    signatory_name: str
    signatory_title: str
    issued: date
    expires: date | None
    logo: bytes | None = None  # image files (PNG/JPEG) from the course's certificate settings
    signature: bytes | None = None


def _image_bytes(image) -> bytes | None:
    if image is None:
        return None
    try:
        with image.file.open("rb") as handle:
            return handle.read()
    except (OSError, ValueError):
        return None


def data_for(certificate) -> CertificateData:
    course = certificate.course
    return CertificateData(
        code=certificate.code,
        verify_url=f"{settings.SITE_URL}/verify/{certificate.code}/",
        holder_name=certificate.holder_name,
        holder_latin_name=certificate.holder_latin_name,
        course_title_ru=certificate.course_title_ru,
        course_title_en=certificate.course_title_en,
        course_version=certificate.course_version,
        hours=f"{certificate.hours:g}" if certificate.hours is not None else "",
        issuer_name=certificate.issuer_name,
        signatory_name=certificate.signatory_name,
        signatory_title=certificate.signatory_title,
        issued=certificate.issued_at.date(),
        expires=certificate.expires_at.date() if certificate.expires_at else None,
        logo=_image_bytes(_course_or_provider(course, "certificate_logo", "logo")),
        signature=_image_bytes(_course_or_provider(course, "certificate_signature", "signature")),
    )


def _date_ru(value: date) -> str:
    return f"{value.day}\u00a0{MONTHS_RU[value.month - 1]} {value.year}\u00a0г."


def _date_en(value: date) -> str:
    return f"{value.day}\u00a0{MONTHS_EN[value.month - 1]} {value.year}"


def _fit(
    canvas: Canvas,
    text: str,
    style: ParagraphStyle,
    x: float,
    top: float,
    width: float,
    height: float,
    min_size: float = 9,
) -> float:
    """Draw `text` as a centred paragraph in the box, shrinking the font until it fits; returns its height."""
    size = style.fontSize
    longest = max(text.split(), key=lambda word: pdfmetrics.stringWidth(word, style.fontName, 10), default="")
    while True:
        fitted = ParagraphStyle("fit", parent=style, fontSize=size, leading=size * 1.2)
        paragraph = Paragraph(_escape(text), fitted)
        _w, used = paragraph.wrap(width, height)
        word_fits = pdfmetrics.stringWidth(longest, style.fontName, size) <= width
        if (used <= height and word_fits) or size <= min_size:
            paragraph.drawOn(canvas, x, top - used)
            return used
        size -= 0.5


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _course_or_provider(course, course_field: str, provider_field: str):
    """The course's own certificate image if it has one, else its provider's."""
    if course is None:
        return None
    return getattr(course, course_field) or getattr(course.provider, provider_field, None)


def _logo(canvas: Canvas, x: float, y: float, size: float) -> None:
    """The platform mark drawn with vectors (a cell with its receptors)."""
    canvas.saveState()
    canvas.setFillColor(BRAND)
    canvas.roundRect(x, y, size, size, size * 0.25, stroke=0, fill=1)
    cx, cy = x + size / 2, y + size / 2
    canvas.setStrokeColor(HexColor("#ffffff"))
    canvas.setLineWidth(size * 0.06)
    canvas.circle(cx, cy, size * 0.21, stroke=1, fill=0)
    canvas.setStrokeColor(HexColor("#7fd6c2"))
    for dx, dy in ((0, 1), (0, -1), (1, 0), (-1, 0), (0.7, 0.7), (-0.7, -0.7), (0.7, -0.7), (-0.7, 0.7)):
        canvas.line(
            cx + dx * size * 0.29, cy + dy * size * 0.29, cx + dx * size * 0.42, cy + dy * size * 0.42
        )
    canvas.setFillColor(HexColor("#7fd6c2"))
    canvas.circle(cx, cy, size * 0.07, stroke=0, fill=1)
    canvas.restoreState()


def _qr(canvas: Canvas, url: str, x: float, y: float, size: float) -> None:
    """The QR code as vector squares (crisp at any zoom and in print)."""
    qr = segno.make(url, error="m", micro=False)
    matrix = list(qr.matrix_iter(scale=1, border=2))
    module = size / len(matrix)
    canvas.saveState()
    canvas.setFillColor(HexColor("#000000"))
    for row, line in enumerate(matrix):
        for col, dark in enumerate(line):
            if dark:
                canvas.rect(x + col * module, y + size - (row + 1) * module, module, module, stroke=0, fill=1)
    canvas.restoreState()


def render_certificate_pdf(data: CertificateData) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    width, height = landscape(A4)
    canvas = Canvas(
        buffer, pagesize=(width, height), invariant=1, pageCompression=1, initialFontName="DejaVuSans"
    )
    canvas.setTitle(f"Сертификат / Certificate {data.code}")
    canvas.setAuthor(data.issuer_name)
    canvas.setSubject(f"{data.course_title_ru} / {data.course_title_en}")
    canvas.setKeywords(f"CAR-T, certificate, сертификат, {data.code}")
    canvas.setCreator("CAR-T Academy")

    # Frame
    canvas.setStrokeColor(BRAND)
    canvas.setLineWidth(3)
    canvas.rect(22, 22, width - 44, height - 44)
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(0.8)
    canvas.rect(30, 30, width - 60, height - 60)

    # Header: the issuer's logo (or the platform mark) and the platform name in both languages
    if data.logo:
        canvas.drawImage(
            ImageReader(io.BytesIO(data.logo)), 52, height - 96, 40, 40, preserveAspectRatio=True, mask="auto"
        )
    else:
        _logo(canvas, 52, height - 96, 40)
    canvas.setFillColor(INK)
    canvas.setFont("DejaVuSans-Bold", 14)
    canvas.drawString(102, height - 72, "Академия CAR-T · CAR-T Academy")
    canvas.setFont("DejaVuSans", 9)
    canvas.setFillColor(MUTED)
    canvas.drawString(102, height - 88, f"{data.issuer_name}")

    heading = ParagraphStyle(
        "h", fontName="DejaVuSerif-Bold", fontSize=26, alignment=TA_CENTER, textColor=BRAND
    )
    small = ParagraphStyle(
        "s", fontName="DejaVuSans", fontSize=11, alignment=TA_CENTER, textColor=MUTED, leading=14
    )
    name = ParagraphStyle("n", fontName="DejaVuSerif-Bold", fontSize=24, alignment=TA_CENTER, textColor=INK)
    title = ParagraphStyle("t", fontName="DejaVuSans-Bold", fontSize=15, alignment=TA_CENTER, textColor=INK)

    column = (width - 100 - 40) / 2
    sides = [
        (
            50,
            "СЕРТИФИКАТ",
            "удостоверяет, что",
            data.holder_name,
            "успешно завершил(а) курс",
            f"«{data.course_title_ru}»",
            "  ·  ".join(
                x
                for x in (f"{data.hours} ч" if data.hours else "", f"версия курса {data.course_version}")
                if x
            ),
            f"Выдан {_date_ru(data.issued)}"
            + (f" · действителен до {_date_ru(data.expires)}" if data.expires else ""),
        ),
        (
            50 + column + 40,
            "CERTIFICATE",
            "This certifies that",
            data.holder_latin_name or data.holder_name,
            "has successfully completed the course",
            f"“{data.course_title_en}”",
            "  ·  ".join(
                x
                for x in (
                    f"{data.hours} hours" if data.hours else "",
                    f"course version {data.course_version}",
                )
                if x
            ),
            f"Issued {_date_en(data.issued)}"
            + (f" · valid until {_date_en(data.expires)}" if data.expires else ""),
        ),
    ]
    for x, head, lead, person, completed, course, details, dates in sides:
        top = height - 130
        top -= _fit(canvas, head, heading, x, top, column, 34) + 10
        top -= _fit(canvas, lead, small, x, top, column, 18) + 8
        top -= _fit(canvas, person, name, x, top, column, 62, min_size=12) + 10
        top -= _fit(canvas, completed, small, x, top, column, 18) + 6
        top -= _fit(canvas, course, title, x, top, column, 64, min_size=9) + 10
        top -= _fit(canvas, details, small, x, top, column, 30) + 2
        _fit(canvas, dates, small, x, top, column, 30)
    canvas.setStrokeColor(HexColor("#d5dfe3"))
    canvas.line(width / 2, height - 140, width / 2, 170)

    # Signatory (left), QR code and code (right)
    if data.signature:
        canvas.drawImage(
            ImageReader(io.BytesIO(data.signature)),
            60,
            112,
            160,
            44,
            preserveAspectRatio=True,
            anchor="sw",
            mask="auto",
        )
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(0.6)
    canvas.line(60, 110, 300, 110)
    canvas.setFillColor(INK)
    canvas.setFont("DejaVuSans-Bold", 10)
    canvas.drawString(60, 96, data.signatory_name or data.issuer_name)
    canvas.setFont("DejaVuSans", 8.5)
    canvas.setFillColor(MUTED)
    canvas.drawString(60, 84, data.signatory_title or "Выдавшая организация · Issuing organisation")
    canvas.drawString(60, 66, "Цифровая подпись Ed25519 · Digitally signed with Ed25519")

    qr_size = 96
    _qr(canvas, data.verify_url, width - 60 - qr_size, 52, qr_size)
    canvas.setFillColor(INK)
    canvas.setFont("DejaVuSans-Bold", 10)
    canvas.drawRightString(width - 60 - qr_size - 12, 130, data.code)
    canvas.setFont("DejaVuSans", 8.5)
    canvas.setFillColor(MUTED)
    canvas.drawRightString(width - 60 - qr_size - 12, 117, "Код сертификата · Certificate code")
    canvas.drawRightString(width - 60 - qr_size - 12, 99, "Проверка · Verify:")
    canvas.setFont("DejaVuSans", 7.5)
    canvas.drawRightString(width - 60 - qr_size - 12, 88, data.verify_url.split("://", 1)[-1])

    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
