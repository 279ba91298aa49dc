"""The survey report as PDF and Excel (to publish and to send to Ditjen Badilum), attached
as evidence of a plan row the team lead picks, and the QR poster for the service room."""

import base64
import hashlib
import io

import segno
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font

from evidence.services import submit_evidence
from evidence.uploads import PreparedFile
from reports.pdf import render_pdf
from reports.xlsx import append, no_formulas

from . import charts, results
from .importing import PROFILE_TITLES
from .models import AgeBand, Education, Occupation, Sex

PROFILE_LABELS = {
    "age_band": dict(AgeBand.choices),
    "sex": dict(Sex.choices),
    "education": dict(Education.choices),
    "occupation": dict(Occupation.choices),
}


def results_context(survey):
    """What the results page and the report show: the period, the year, the charts."""
    figures = results.survey_results(survey, with_profile=True)
    trend = results.trend(survey.satker)
    return {
        "survey": survey,
        "results": figures,
        "year": results.year_results(survey.satker, survey.year),
        "trend": trend,
        "element_chart": charts.element_chart(figures),
        "trend_chart": charts.trend_chart(trend),
        "profile_charts": charts.profile_charts(figures.profile, PROFILE_LABELS, PROFILE_TITLES),
    }


def file_name(survey, kind, extension):
    return f"{kind}-{survey.satker.slug}-{survey.period}.{extension}"


def report_pdf(survey):
    with translation.override("id"):
        context = {**results_context(survey), "made_at": timezone.now()}
        return render_pdf(render_to_string("surveys/report_document.html", context))


def poster_pdf(survey, public_url):
    """An A4 poster: the court, the invitation and a QR code of the questionnaire's address."""
    qr = segno.make(public_url, error="m")
    svg = qr.svg_inline(scale=10, border=2)
    data_uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    with translation.override("id"):
        html = render_to_string(
            "surveys/poster_document.html", {"survey": survey, "qr": data_uri, "url": public_url}
        )
    return render_pdf(html)


def report_xlsx(survey):
    with translation.override("id"):
        context = results_context(survey)
        book = Workbook()
        _summary_sheet(book.active, survey, context)
        _items_sheet(book.create_sheet("Unsur IKM"), context["results"].elements, chart=True)
        _items_sheet(book.create_sheet("IPKP"), context["results"].ipkp.items)
        _items_sheet(book.create_sheet("IPAK"), context["results"].ipak.items)
        _profile_sheet(book.create_sheet("Responden"), context["results"].profile)
        buffer = io.BytesIO()
        no_formulas(book).save(buffer)
        return buffer.getvalue()


def _summary_sheet(sheet, survey, context):
    figures = context["results"]
    sheet.title = "Ringkasan"
    append(sheet, [f"HASIL SURVEI PELAYANAN {survey.satker.name} PERIODE {survey.period}"])
    sheet["A1"].font = Font(bold=True)
    append(sheet, ["Responden", figures.respondents])
    append(sheet, ["Sampel minimum (Krejcie dan Morgan)", figures.minimum or ""])
    append(sheet, ["IKM", figures.ikm, figures.grade or "", str(figures.grade_label or "")])
    for name, index in (("IPKP", figures.ipkp), ("IPAK", figures.ipak)):
        append(sheet, [f"{name} (1-4)", index.value, str(index.category or "")])
        append(sheet, [f"{name} x 25", index.x25])
    sheet.column_dimensions["A"].width = 40


def _items_sheet(sheet, elements, chart=False):
    append(sheet, ["Nomor", "Unsur / butir", "Jawaban", "Nilai rata-rata (1-4)"])
    for element in elements:
        label = element.item.name or element.item.text
        append(sheet, [element.item.code, label, element.answers, element.nrr])
    sheet.column_dimensions["B"].width = 60
    if chart and elements:
        bars = BarChart()
        bars.type = "bar"
        bars.title = "NRR per unsur"
        rows = len(elements) + 1
        bars.add_data(Reference(sheet, min_col=4, min_row=1, max_row=rows), titles_from_data=True)
        bars.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=rows))
        sheet.add_chart(bars, "F2")


def _profile_sheet(sheet, profile):
    append(sheet, ["Pertanyaan", "Jawaban", "Responden"])
    for name, rows in profile.items():
        labels = PROFILE_LABELS.get(name, {})
        for value, count in rows:
            append(sheet, [str(PROFILE_TITLES[name]), str(labels.get(value, value) or "–"), count])
    sheet.column_dimensions["B"].width = 40


def attach_as_evidence(survey, requirement, month, user, submission):
    """Store the report PDF as evidence of `requirement` (a row of the satker's plan of the
    survey's year) for `month`. It waits for review like any upload; the form's submission
    token makes a double click store it once (evidence.services.Conflict)."""
    data = report_pdf(survey)
    prepared = PreparedFile(
        original_name=file_name(survey, "laporan-survei", "pdf"),
        content=ContentFile(data),
        content_type="application/pdf",
        extension=".pdf",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    [stored] = submit_evidence(
        requirement=requirement,
        month=month,
        prepared=[prepared],
        user=user,
        description=_("Survey report %(period)s") % {"period": survey.period},
        activity_date=timezone.localdate(),
        submission=submission,
    )
    return stored
