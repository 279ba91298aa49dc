"""Time the matrix PDF against LibreOffice converting the same matrix, in the same run.

    .venv/bin/python bench/matrix_pdf.py [--repeats N] [--profile]

For the seed plan and for the seed ten times over (the same texts, so the same layout
work per row), it prints the median time of:
  ours         build the rows, the HTML, and render the PDF with WeasyPrint (cold);
  cached       ask for the same draft again (what a second download costs);
  libreoffice  `soffice --headless --convert-to pdf` of the matrix as .xlsx (column widths,
               wrapping and row heights set, repeated header row, landscape A4), the
               baseline the issue names;
and the ratio ours / libreoffice. The machines are shared and noisy: read the ratio.
With --profile it also prints where our time goes.
"""

import argparse
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
os.environ["DATABASE_URL"] = "sqlite:///:memory:"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

settings.PDF_BACKGROUND_ROWS = 10**6  # time the rendering itself, in this thread

import openpyxl  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from openpyxl.styles import Alignment, Border, Side  # noqa: E402
from weasyprint import HTML  # noqa: E402

from components.matrix import build_matrix  # noqa: E402
from components.models import Plan  # noqa: E402
from reports import pdf  # noqa: E402
from reports.jobs import draft_render  # noqa: E402
from tests.factories import make_satker, replicate_plan  # noqa: E402

HEADINGS = ["NO", "KOMPONEN", "INDIKATOR", "LANGKAH AKSI", "BUKTI FISIK", *pdf.MONTH_HEADINGS]
WIDTHS = [4, 13, 21, 36, 36] + [4] * 12  # characters, about A4 landscape


def lines(text, width):
    return max(1, math.ceil(len(text or "") / (width * 1.1)))


def write_xlsx(rows, path):
    """The matrix as a workbook laid out for printing, as a court would keep it."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.print_title_rows = "1:1"
    for index, width in enumerate(WIDTHS, 1):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = width
    sheet.append(HEADINGS)
    thin = Side(style="thin")
    border, wrap = Border(thin, thin, thin, thin), Alignment(wrap_text=True, vertical="top")
    for offset, row in enumerate(rows):
        r = offset + 2
        texts = {}
        if row.component:
            texts[1], texts[2] = row.component.number, row.component.name
        if row.indicator_rowspan and row.indicator:
            texts[3] = f"{row.indicator.code} {row.indicator.name}"
        if row.step_cell and row.step:
            texts[4] = row.step.text
        if row.requirement:
            texts[5] = row.requirement.text
        for column, value in texts.items():
            sheet.cell(r, column, value)
        for span, column in [
            (row.component_rowspan, 1),
            (row.component_rowspan, 2),
            (row.indicator_rowspan, 3),
            (row.step_rowspan if row.step_cell else 0, 4),
        ]:
            if span > 1 and column in texts:
                sheet.merge_cells(
                    start_row=r, end_row=r + span - 1, start_column=column, end_column=column
                )
        for month, mark in enumerate(row.months):
            if mark.planned:
                sheet.cell(r, 6 + month, "V")
        for column in range(1, 18):
            cell = sheet.cell(r, column)
            cell.alignment, cell.border = wrap, border
        height = (
            max(lines(str(texts.get(c, "")), WIDTHS[c - 1]) for c in (4, 5) if c in texts)
            if (4 in texts or 5 in texts)
            else 1
        )
        sheet.row_dimensions[r].height = 11 * height + 3
    book.save(path)


def median(function, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def ours(plan):
    pdf.render_pdf(pdf.matrix_html(plan, build_matrix(plan), paper="a4"))


def libreoffice(xlsx, out):
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", out, str(xlsx)],
        check=True,
        capture_output=True,
    )


def profile(plan):
    start = time.perf_counter()
    rows = build_matrix(plan)
    html = pdf.matrix_html(plan, rows, paper="a4")
    built = time.perf_counter()
    document = HTML(string=html, url_fetcher=pdf.local_only_fetcher()).render()
    laid_out = time.perf_counter()
    document.write_pdf()
    written = time.perf_counter()
    print(
        f"    rows {len(rows)}, pages {len(document.pages)}: data and HTML "
        f"{built - start:.2f} s, layout {laid_out - built:.2f} s, PDF {written - laid_out:.2f} s"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    options = parser.parse_args()
    if not shutil.which("soffice"):
        sys.exit("LibreOffice is needed: apt-get install libreoffice-calc")

    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command(
        "loaddata", "fixtures/frameworks.json", "fixtures/pn-sarolangun-2021.json", verbosity=0
    )
    seed = Plan.objects.get(satker__slug="pn-sarolangun", year=2021)
    large = replicate_plan(seed, make_satker("pn-besar"), 2021, copies=10)
    work = Path(tempfile.mkdtemp(prefix="zi-bench-"))
    ours(seed)  # warm fonts and templates, as a running server is

    print(f"{'plan':<22}{'ours':>9}{'cached':>9}{'libreoffice':>13}{'ours/LO':>9}")
    for label, plan in [("seed (62 rows)", seed), ("seed x 10 (620 rows)", large)]:
        rows = build_matrix(plan)
        xlsx = work / f"{plan.satker.slug}.xlsx"
        write_xlsx(rows, xlsx)
        ours_time = median(lambda plan=plan: ours(plan), options.repeats)
        draft_render(plan, "a4")
        cached = median(lambda plan=plan: draft_render(plan, "a4"), options.repeats)
        lo_time = median(lambda xlsx=xlsx: libreoffice(xlsx, work), options.repeats)
        print(
            f"{label:<22}{ours_time:>8.2f}s{cached:>8.2f}s{lo_time:>12.2f}s"
            f"{ours_time / lo_time:>8.2f}x"
        )
        if options.profile:
            profile(plan)
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
