from django.urls import path

from . import evidence_views, views, workbook_views

base = "assessment/<slug:satker_slug>/<int:year>/"

urlpatterns = [
    path(base, views.assessment_page, name="assessment"),
    path(base + "start/", views.assessment_start, name="assessment_start"),
    path(base + "q/<int:question_id>/<str:tier>/", views.answer, name="assessment_answer"),
    path(
        base + "q/<int:question_id>/<str:tier>/bukti/",
        evidence_views.question_evidence,
        name="assessment_evidence",
    ),
    path(
        base + "bukti/<uuid:public_id>/",
        evidence_views.evidence_open,
        name="assessment_evidence_open",
    ),
    path(
        base + "bukti/<uuid:public_id>/hapus/",
        evidence_views.evidence_remove,
        name="assessment_evidence_remove",
    ),
    path(base + "tautan/", evidence_views.links_page, name="assessment_links"),
    path(base + "bukti-lke.zip", evidence_views.lke_bundle, name="assessment_bundle"),
    path(base + "submit/", views.submit, name="assessment_submit"),
    path(base + "return/", views.send_back, name="assessment_return"),
    path(base + "final/", views.finalise, name="assessment_finalise"),
    path(base + "from-surveys/", views.fill_from_surveys, name="assessment_from_surveys"),
    path(base + "lke.xlsx", workbook_views.workbook_download, name="assessment_workbook"),
    path(base + "lke.pdf", workbook_views.lke_pdf_view, name="assessment_pdf"),
    path(base + "import/", workbook_views.workbook_import, name="assessment_import"),
    path(
        base + "import/confirm/",
        workbook_views.workbook_import_confirm,
        name="assessment_import_confirm",
    ),
]
