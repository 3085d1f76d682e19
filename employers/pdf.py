"""PDFs for an inspector: the training matrix (dated, with the employer's name, one table per role) and the
dossier (one table per person, with the fingerprint of its signed JSON)."""

from __future__ import annotations

import io
from datetime import date, datetime
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from base.api import local_date, local_datetime, zone_in_words
from certificates.api import register_fonts

COLOURS = {
    "compliant": colors.HexColor("#d9f2e3"),
    "expiring": colors.HexColor("#fff1c2"),
    "expired": colors.HexColor("#f8d7d3"),
    "in_progress": colors.HexColor("#dde8f7"),
    "missing": colors.HexColor("#eeeeee"),
}


def status_labels() -> dict[str, str]:
    return {
        "compliant": _("Compliant"),
        "expiring": _("Expiring"),
        "expired": _("Expired"),
        "in_progress": _("In progress"),
        "missing": _("Missing"),
    }


def render_matrix_pdf(*, organization, matrices, within_days: int, now=None) -> bytes:
    register_fonts()
    now = now or timezone.now()
    labels = status_labels()
    body = ParagraphStyle("body", fontName="DejaVuSans", fontSize=8, leading=10)
    head = ParagraphStyle("head", parent=body, fontName="DejaVuSans-Bold")
    title = ParagraphStyle("title", fontName="DejaVuSans-Bold", fontSize=15, leading=19)
    subtitle = ParagraphStyle("subtitle", parent=body, fontSize=9, leading=12)
    role_title = ParagraphStyle("role", fontName="DejaVuSans-Bold", fontSize=11, leading=14, spaceBefore=8)

    story = [
        Paragraph(escape(_("Training matrix")), title),
        Paragraph(escape(organization.name), subtitle),
        Paragraph(
            _("Generated %(date)s. Expiring means within %(days)s days.")
            % {"date": local_datetime(now), "days": within_days}
            + " "
            + _("Only staff who share their records are listed."),
            subtitle,
        ),
        Spacer(1, 4 * mm),
    ]
    for matrix in matrices:
        story.append(
            Paragraph(
                escape(f"{matrix.role.name} — ")
                + _("%(compliant)s of %(total)s people compliant")
                % {"compliant": matrix.compliant_people, "total": len(matrix.rows)},
                role_title,
            )
        )
        if not matrix.courses or not matrix.rows:
            story.append(Paragraph(_("No required courses or no staff assigned."), body))
            continue
        headings = [Paragraph(escape(title_), head) for _key, title_ in matrix.courses]
        data = [[Paragraph(_("Person"), head)] + headings]
        style = [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f3f3")),
            ("REPEATROWS", (0, 0), (-1, 0)),
        ]
        for row_index, row in enumerate(matrix.rows, start=1):
            line = [Paragraph(escape(row.user.full_name or row.user.email), body)]
            for column, cell in enumerate(row.cells, start=1):
                text = labels[cell.status]
                if cell.certificate is not None and cell.certificate.expires_at:
                    text += "<br/>" + _("until %(date)s") % {"date": local_date(cell.certificate.expires_at)}
                if cell.certificate is not None:
                    text += f"<br/><font size=6>{cell.certificate.code}</font>"
                line.append(Paragraph(text, body))
                style.append(("BACKGROUND", (column, row_index), (column, row_index), COLOURS[cell.status]))
            data.append(line)
        totals = ", ".join(f"{labels[status]}: {matrix.totals.get(status, 0)}" for status in labels)
        data.append(
            [Paragraph(_("Totals"), head), Paragraph(totals, body)] + [""] * (len(matrix.courses) - 1)
        )
        style.append(("SPAN", (1, len(data) - 1), (-1, len(data) - 1)))
        width = landscape(A4)[0] - 30 * mm
        first = 55 * mm
        other = (width - first) / max(1, len(matrix.courses))
        table = LongTable(data, colWidths=[first] + [other] * len(matrix.courses), repeatRows=1)
        table.setStyle(TableStyle([s for s in style if s[0] != "REPEATROWS"]))
        story.append(table)

    return _landscape_pdf(
        story,
        title=f"{_('Training matrix')} — {organization.name}",
        author=organization.name,
        footer=[f"{organization.name} · {_('Training matrix')} · {local_date(now)}"],
    )


def _when(value: str | None, *, with_time: bool = True) -> str:
    """An ISO time from the dossier, in the site's time zone, for print (30.11.2026 12:00 in Russian; the
    zone is named once, in the dossier's heading)."""
    if not value:
        return "—"
    moment = timezone.localtime(datetime.fromisoformat(value))
    return f"{local_date(moment)} {moment:%H:%M}" if with_time else local_date(moment)


def roster_status_labels() -> dict[str, str]:
    """A certificate's status on the roster and in its CSV (`expiring`: valid, but not for long)."""
    return {**certificate_status_labels(), "expiring": _("Expiring")}


def bulk_status_labels() -> dict[str, str]:
    """A bulk verification row's status: a certificate's, or why there is none."""
    return {
        **certificate_status_labels(),
        "not_found": _("No such certificate"),
        "invalid": _("Not a certificate code"),
    }


def certificate_status_labels() -> dict[str, str]:
    return {
        "valid": _("Valid"),
        "expired": _("Expired"),
        "revoked": _("Revoked"),
        "superseded": _("Superseded"),
        "": "—",
    }


def _signed(signatures: list[dict]) -> str:
    """Who signed, when and meaning what, escaped for Paragraph markup."""
    if not signatures:
        return "—"
    lines = []
    for signature in signatures:
        # Printed in the signer's own time zone, as the signature manifests it (21 CFR 11.50).
        signed_at = local_datetime(
            datetime.fromisoformat(signature["signed_at"]), zone=signature["time_zone"]
        )
        lines.append(escape(f"{signature['signer']}, {signed_at}: {signature['meaning']}"))
    return "<br/>".join(lines)


def render_dossier_pdf(*, dossier: dict, fingerprint: str) -> bytes:
    """The inspector dossier as a PDF: one table per person, the JWS fingerprint in every page's footer.

    Drawn from the dossier dict (the signed JSON), so what is printed is what is signed.
    """
    register_fonts()
    meta = dossier["dossier"]
    language = get_language() or "ru"
    language = "en" if language.startswith("en") else "ru"
    organization = meta["organization"]["name"][language]
    course = meta["course"]["title"][language]
    statuses = certificate_status_labels()
    body = ParagraphStyle("body", fontName="DejaVuSans", fontSize=8, leading=10)
    head = ParagraphStyle("head", parent=body, fontName="DejaVuSans-Bold")
    title = ParagraphStyle("title", fontName="DejaVuSans-Bold", fontSize=15, leading=19)
    subtitle = ParagraphStyle("subtitle", parent=body, fontSize=9, leading=12)
    person_title = ParagraphStyle(
        "person", fontName="DejaVuSans-Bold", fontSize=11, leading=14, spaceBefore=8
    )
    generated = local_datetime(datetime.fromisoformat(meta["generated_at"]))
    as_of = local_date(date.fromisoformat(meta["as_of"]))

    story = [
        Paragraph(escape(_("Inspector dossier")), title),
        Paragraph(escape(organization), subtitle),
        Paragraph(
            escape(
                _("Course: %(course)s, version %(version)s.")
                % {"course": course, "version": meta["course"]["version"]}
            ),
            subtitle,
        ),
        Paragraph(
            escape(
                _("Qualified at the end of %(date)s (%(zone)s): %(qualified)s of %(total)s people listed.")
                % {
                    "date": as_of,
                    "zone": zone_in_words(meta["time_zone"]),
                    "qualified": meta["qualified_count"],
                    "total": meta["people_count"],
                }
            ),
            subtitle,
        ),
        Paragraph(
            escape(
                (
                    _("Only staff who share their records are listed.")
                    if meta["scope"] == "consenting_staff"
                    else _("Everyone holding a certificate of this course version is listed.")
                )
                + " "
                + _("Generated %(date)s. The signed JSON of this dossier has the same fingerprint.")
                % {"date": generated}
            ),
            subtitle,
        ),
        Spacer(1, 4 * mm),
    ]
    width = landscape(A4)[0] - 30 * mm
    widths = [0.26 * width, 0.16 * width, 0.16 * width, 0.12 * width, 0.30 * width]
    if not dossier["people"]:
        story.append(
            Paragraph(escape(_("Nobody held a certificate of this course version on that date.")), body)
        )
    for person in dossier["people"]:
        certificate = person["certificate"]
        status = statuses.get(certificate["status_on_date"], certificate["status_on_date"])
        name = person["name"] or person["email"]
        story.append(
            Paragraph(
                escape(f"{name} · {person['email']} — ")
                + escape(_("qualified") if person["qualified"] else _("not qualified")),
                person_title,
            )
        )

        def cell(text, style=body):
            return Paragraph(text, style)

        data = [
            [
                cell(escape(_("Certificate")), head),
                cell(escape(certificate["code"])),
                cell(escape(_("Status on the date: %(status)s") % {"status": status})),
                cell(
                    escape(_("Issued %(date)s") % {"date": _when(certificate["issued_at"], with_time=False)})
                ),
                cell(
                    escape(
                        _("Expires %(date)s") % {"date": _when(certificate["expires_at"], with_time=False)}
                        if certificate["expires_at"]
                        else _("No expiry")
                    )
                ),
            ]
        ]
        exam = person["final_exam"]
        if exam is None:
            data.append(
                [
                    cell(escape(_("Final exam")), head),
                    cell(escape(_("No passed attempt recorded."))),
                    "",
                    "",
                    "",
                ]
            )
            spans = [("SPAN", (1, 1), (-1, 1))]
        else:
            data.append(
                [
                    cell(escape(_("Final exam")), head),
                    cell(escape(exam["title"])),
                    cell(escape(_("Finished %(date)s") % {"date": _when(exam["finished_at"])})),
                    cell(
                        escape(
                            _("%(percent)s%% (pass mark %(mark)s%%)")
                            % {"percent": exam["percent"], "mark": exam["pass_mark"]}
                        )
                    ),
                    cell(_signed(exam["signatures"])),
                ]
            )
            spans = []
        data.append(
            [
                cell(escape(_("Lesson")), head),
                cell(escape(_("Opened")), head),
                cell(escape(_("Confirmed")), head),
                cell(escape(_("Seconds on page")), head),
                cell(escape(_("Signature")), head),
            ]
        )
        for lesson in person["lessons"]:
            data.append(
                [
                    cell(escape(lesson["title"][language] or lesson["key"])),
                    cell(escape(_when(lesson["opened_at"]))),
                    cell(escape(_when(lesson["confirmed_at"]))),
                    cell(
                        escape("—" if lesson["seconds_on_page"] is None else str(lesson["seconds_on_page"]))
                    ),
                    cell(_signed(lesson["signatures"])),
                ]
            )
        if not person["lessons"]:
            data.append([cell(escape(_("No lesson confirmations recorded."))), "", "", "", ""])
            spans.append(("SPAN", (0, len(data) - 1), (-1, len(data) - 1)))
        table = LongTable(data, colWidths=widths, repeatRows=0)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BACKGROUND", (0, 0), (-1, 1), colors.HexColor("#f3f3f3")),
                    ("BACKGROUND", (0, 2), (-1, 2), colors.HexColor("#e6e6e6")),
                    *spans,
                ]
            )
        )
        story.append(table)

    return _landscape_pdf(
        story,
        title=f"{_('Inspector dossier')} — {course} {meta['course']['version']} — {as_of}",
        author=organization,
        footer=[
            f"{organization} · {_('Inspector dossier')} · {as_of} · "
            + _("Generated %(date)s") % {"date": generated},
            _("JWS SHA-256: %(fingerprint)s") % {"fingerprint": fingerprint},
        ],
    )


def _landscape_pdf(story: list, *, title: str, author: str, footer: list[str]) -> bytes:
    """An A4 landscape PDF of `story` with `footer` lines and the page number at the foot of every page."""
    buffer = io.BytesIO()
    top = 6 * mm + 4 * mm * (len(footer) - 1)

    def draw_footer(canvas, doc):
        canvas.saveState()
        canvas.setFont("DejaVuSans", 7)
        for index, line in enumerate(footer):
            canvas.drawString(15 * mm, top - 4 * mm * index, line)
        canvas.drawRightString(landscape(A4)[0] - 15 * mm, top, _("Page %(page)s") % {"page": doc.page})
        canvas.restoreState()

    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=top + 9 * mm,
        title=title,
        author=author,
        invariant=1,
    )
    document.build(story, onFirstPage=draw_footer, onLaterPages=draw_footer)
    return buffer.getvalue()
