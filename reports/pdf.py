"""The matrix as the court prints it, rendered to PDF with WeasyPrint.

Where the time goes (bench/matrix_pdf.py, profiled on these machines): WeasyPrint's cost
grows with the number of table cells more than with the text. Twelve month cells a row were
over half of it, so the months of a row are one cell: its grid is a background image drawn
once and referenced, and its marks are one line of monospace text spaced to the month
columns (still text: pdftotext reads the V). That makes a plan ten times the seed about
twice as fast to render as a plain table; what remains is mostly laying out the text.
Drafts are cached per plan state, and large plans render in the background (reports.jobs).
"""

import base64
import io
import logging

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import Truncator
from PIL import Image, ImageDraw
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from components.matrix import build_matrix, matrix_fingerprint

from .models import PAGE_SIZES

logger = logging.getLogger(__name__)

# The court's headings, in Indonesian whatever the interface language: it is its document.
MONTH_HEADINGS = "JAN FEB MAR APR MEI JUN JUL AGS SEP OKT NOV DES".split()  # noqa: SIM905
MONTH_COLUMN_MM = 7.0
MARK_FONT_PT = 8.0
# DejaVu Sans Mono advances every glyph by 1233/2048 em.
MARK_ADVANCE_MM = MARK_FONT_PT * 1233 / 2048 * 25.4 / 72
MARK_SPACING_MM = MONTH_COLUMN_MM - MARK_ADVANCE_MM


def _month_grid_png():
    """Eleven vertical rules dividing a cell into twelve months, as a data URI.

    One pixel high: stretched to each row's height it stays a set of crisp lines.
    """
    width = 2400
    image = Image.new("L", (width, 1), 255)
    draw = ImageDraw.Draw(image)
    for month in range(1, 12):
        x = round(month * width / 12)
        draw.line([(x - 3, 0), (x + 2, 0)], fill=0)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


MONTH_GRID = _month_grid_png()


def month_marks(months):
    """One character per month: V planned, ● planned and realized, + realized unplanned.

    Three shapes that stay apart in black and white, at any print quality.
    """
    return "".join(
        ("●" if mark.planned else "+") if mark.realized else ("V" if mark.planned else " ")
        for mark in months
    )


def _rows_with_marks(rows):
    """(row, month marks, running header) for each row.

    The running header names the component and indicator of the first row on each page
    ("… (lanjutan)" when the page starts inside them), so merged cells cut by a page break
    are never anonymous.
    """
    component = indicator = ""
    for row in rows:
        if row.component:
            component = f"{row.component.number} {row.component.name}"
        if row.indicator_rowspan:
            found = row.indicator
            indicator = f"{found.code} {Truncator(found.name).chars(70)}" if found else ""
            context = f"{component} · {indicator}"
        else:
            context = f"{component} · {indicator} (lanjutan)"
        marks = month_marks(row.months) if row.requirement else ""
        yield row, marks, context


def local_only_fetcher():
    """WeasyPrint may read data: URIs only: nothing is fetched from disk or the network."""
    return URLFetcher(allowed_protocols={"data"})


def document_context(
    plan, rows, *, paper, signed=None, qr_svg=None, signature_uri=None, preview=False
):
    return {
        "plan": plan,
        "rows": list(_rows_with_marks(rows)),
        "page_size": PAGE_SIZES[paper],
        "paper": paper,
        "signed": signed,
        "draft": signed is None,
        "qr_svg": qr_svg,
        "signature_uri": signature_uri,
        "printed_at": timezone.now(),
        "preview": preview,
        "month_grid": MONTH_GRID,
        "mark_spacing_mm": f"{MARK_SPACING_MM:.3f}",
        "mark_indent_mm": f"{MARK_SPACING_MM / 2:.3f}",
        "mark_font_pt": MARK_FONT_PT,
        "month_columns": range(12),
        "month_names": MONTH_HEADINGS,
        "column_numbers": range(1, 18),
    }


def matrix_html(plan, rows, **options):
    """The document's HTML, always in Indonesian: it is the court's document, whatever
    language the person who renders or signs it has chosen."""
    with translation.override("id"):
        context = document_context(plan, rows, **options)
        return render_to_string("reports/matrix_document.html", context)


def render_pdf(html):
    """PDF bytes from the document's HTML. Fonts come from the system's Debian packages."""
    return HTML(string=html, url_fetcher=local_only_fetcher()).write_pdf()


def draft_pdf(plan, paper, rows=None):
    """A draft (watermarked) PDF of the plan as it stands, and the state's fingerprint."""
    rows = rows if rows is not None else build_matrix(plan)
    return render_pdf(matrix_html(plan, rows, paper=paper)), matrix_fingerprint(plan, rows)
