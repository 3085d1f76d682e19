"""The training matrix as a PDF for an inspector: dated, with the employer's name, one table per role."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

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
        Paragraph(_("Training matrix"), title),
        Paragraph(organization.name, subtitle),
        Paragraph(
            _("Generated %(date)s. Expiring means within %(days)s days.")
            % {"date": timezone.localtime(now).strftime("%Y-%m-%d %H:%M %Z"), "days": within_days}
            + " "
            + _("Only staff who share their records are listed."),
            subtitle,
        ),
        Spacer(1, 4 * mm),
    ]
    for matrix in matrices:
        story.append(
            Paragraph(
                f"{matrix.role.name} — "
                + _("%(compliant)s of %(total)s people compliant")
                % {"compliant": matrix.compliant_people, "total": len(matrix.rows)},
                role_title,
            )
        )
        if not matrix.courses or not matrix.rows:
            story.append(Paragraph(_("No required courses or no staff assigned."), body))
            continue
        data = [[Paragraph(_("Person"), head)] + [Paragraph(title_, head) for _key, title_ in matrix.courses]]
        style = [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f3f3")),
            ("REPEATROWS", (0, 0), (-1, 0)),
        ]
        for row_index, row in enumerate(matrix.rows, start=1):
            line = [Paragraph(f"{row.user.full_name or row.user.email}", body)]
            for column, cell in enumerate(row.cells, start=1):
                text = labels[cell.status]
                if cell.certificate is not None and cell.certificate.expires_at:
                    text += "<br/>" + _("until %(date)s") % {
                        "date": cell.certificate.expires_at.date().isoformat()
                    }
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

    buffer = io.BytesIO()

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont("DejaVuSans", 7)
        canvas.drawString(
            15 * mm, 8 * mm, f"{organization.name} · {_('Training matrix')} · {now.date().isoformat()}"
        )
        canvas.drawRightString(landscape(A4)[0] - 15 * mm, 8 * mm, _("Page %(page)s") % {"page": doc.page})
        canvas.restoreState()

    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=f"{_('Training matrix')} — {organization.name}",
        author=organization.name,
        invariant=1,
    )
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
