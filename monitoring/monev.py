"""The monthly monitoring and evaluation report (laporan monev): PDF, Excel, as evidence."""

import hashlib
import io

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.chart import LineChart, Reference
from openpyxl.styles import Alignment, Font

from components.models import MONTH_ABBREVIATIONS, Membership, Role, display_name, plan_of
from evidence.services import submit_evidence
from evidence.uploads import PreparedFile
from reports.pdf import render_pdf
from reports.xlsx import append, no_formulas

from .models import MonevReport
from .progress import kurva_s_geometry, plan_progress

MONTH_NAMES_ID = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
]  # fmt: skip


def report_context(plan, month, today=None):
    """Everything the report shows, from plan_progress and the team lead's notes."""
    today = today or timezone.localdate()
    progress = plan_progress(plan, month, today)
    notes = MonevReport.objects.filter(plan=plan, month=month).select_related("updated_by").first()
    lead = (
        Membership.objects.filter(satker=plan.satker_id, role=Role.KETUA_TIM)
        .select_related("user__profile")
        .order_by("pk")
        .first()
    )
    return {
        "plan": plan,
        "month": month,
        "month_name": MONTH_NAMES_ID[month - 1],
        "progress": progress,
        "chart": kurva_s_geometry(progress.curve),
        "notes": notes,
        "lead": lead.user if lead else None,
        "lead_nip": _lead_nip(lead),
        "made_at": timezone.now(),
    }


def _lead_nip(lead):
    profile = getattr(lead.user, "profile", None) if lead else None
    return profile.nip_display if profile and profile.nip else ""


def report_pdf(plan, month):
    with translation.override("id"):
        html = render_to_string("monitoring/monev_document.html", report_context(plan, month))
    return render_pdf(html)


def report_xlsx(plan, month):
    """The same report as a workbook: summary, progress, realized, overdue, notes, Kurva S."""
    with translation.override("id"):
        return _report_xlsx(plan, month)


def _report_xlsx(plan, month):
    context = report_context(plan, month)
    progress = context["progress"]
    book = Workbook()
    _summary_sheet(book.active, plan, context)
    _progress_sheet(book.create_sheet("Kemajuan"), progress)
    _realized_sheet(book.create_sheet("Realisasi bulan ini"), progress)
    _overdue_sheet(book.create_sheet("Terlambat"), progress)
    _notes_sheet(book.create_sheet("Catatan"), context["notes"])
    _curve_sheet(book.create_sheet("Kurva S"), progress)
    buffer = io.BytesIO()
    no_formulas(book).save(buffer)
    return buffer.getvalue()


def _summary_sheet(sheet, plan, context):
    progress = context["progress"]
    sheet.title = "Ringkasan"
    append(sheet, [f"LAPORAN MONITORING DAN EVALUASI ZONA INTEGRITAS {plan.satker.name}"])
    append(sheet, [f"Bulan {context['month_name']} {plan.year}"])
    sheet["A1"].font = Font(bold=True)
    append(sheet, [])
    labels = [("planned", "Direncanakan"), ("realized", "Terealisasi"),
              ("submitted", "Menunggu review"), ("returned", "Dikembalikan"),
              ("overdue", "Terlambat (s.d. bulan ini)")]  # fmt: skip
    for key, label in labels:
        append(sheet, [label, progress.counts[key]])
    append(sheet, ["Capaian terhadap rencana s.d. bulan ini (%)", progress.total.percent])
    append(sheet, ["Capaian terhadap rencana setahun (%), titik Kurva S", progress.year.percent])
    sheet.column_dimensions["A"].width = 40


def _progress_sheet(sheet, progress):
    bold = Font(bold=True)
    append(sheet, ["Kode", "Komponen / indikator", "Direncanakan", "Terealisasi", "Capaian (%)"])
    for row in progress.components:
        component, tally = row["component"], row["tally"]
        append(sheet, [str(component.number), component.name, tally.planned,
                      tally.realized, tally.percent])  # fmt: skip
        sheet.cell(sheet.max_row, 2).font = bold
        for indicator, tally in row["indicators"]:
            append(sheet, [indicator.code, indicator.name, tally.planned, tally.realized,
                          tally.percent])  # fmt: skip
    sheet.column_dimensions["B"].width = 70


def _realized_sheet(sheet, progress):
    append(sheet, ["Indikator", "Bukti fisik"])
    for indicator, requirement, _cell in progress.realized_this_month:
        append(sheet, [indicator.code, requirement.text])
    sheet.column_dimensions["B"].width = 90


def _overdue_sheet(sheet, progress):
    append(sheet, ["Bulan", "Indikator", "Bukti fisik", "PIC"])
    for item in progress.overdue:
        pics = ", ".join(display_name(u) for u in item.pics)
        append(sheet, [item.month_name, item.indicator.code, item.text, pics])
    sheet.column_dimensions["C"].width = 80
    sheet.column_dimensions["D"].width = 30


def _notes_sheet(sheet, notes):
    wrap = Alignment(wrap_text=True, vertical="top")
    append(sheet, ["Catatan rapat", notes.notes if notes else ""])
    append(sheet, ["Tindak lanjut", notes.follow_ups if notes else ""])
    sheet.column_dimensions["B"].width = 100
    for cells in sheet.iter_rows():
        for cell in cells:
            cell.alignment = wrap


def _curve_sheet(sheet, progress):
    append(sheet, ["Bulan", "Rencana kumulatif (%)", "Realisasi kumulatif (%)"])
    for name, planned, realized in progress.curve:
        append(sheet, [name, planned, realized])
    chart = LineChart()
    chart.title = "Kurva S"
    chart.y_axis.title = "%"
    data = Reference(sheet, min_col=2, min_row=1, max_col=3, max_row=13)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=13))
    sheet.add_chart(chart, "E2")


def attach_as_evidence(plan, month, user, submission):
    """Store the month's report PDF as evidence of the plan's monev requirement, that month.

    It waits for review like any upload; the submission token of the form makes a double
    click store it once (evidence.services.Conflict). Returns the EvidenceFile.
    """
    requirement = plan.monev_requirement
    if plan_of(requirement) != plan:
        raise ValueError("The monev requirement belongs to another plan.")
    data = report_pdf(plan, month)
    name = f"laporan-monev-{plan.satker.slug}-{plan.year}-{month:02d}.pdf"
    prepared = PreparedFile(
        original_name=name,
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
        description=_("Monev report %(month)s %(year)s")
        % {"month": MONTH_ABBREVIATIONS[month - 1], "year": plan.year},
        activity_date=timezone.localdate(),
        submission=submission,
    )
    return stored
