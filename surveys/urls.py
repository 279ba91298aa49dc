from django.urls import path, register_converter

from . import import_views, public_views, report_views, views
from .converters import PeriodConverter

register_converter(PeriodConverter, "period")

survey = "surveys/<slug:satker_slug>/<period:period>/"

urlpatterns = [
    path("survei/<slug:satker_slug>/<period:period>/", public_views.survey_public,
         name="survey_public"),
    path("survei/<slug:satker_slug>/<period:period>/terima-kasih/", public_views.survey_thanks,
         name="survey_thanks"),
    path("surveys/<slug:satker_slug>/", views.survey_list, name="survey_list"),
    path(survey, views.survey_results, name="survey_results"),
    path(survey + "items/", views.survey_items, name="survey_items"),
    path(survey + "kiosk/", views.survey_kiosk, name="survey_kiosk"),
    path(survey + "report.pdf", report_views.survey_pdf, name="survey_pdf"),
    path(survey + "report.xlsx", report_views.survey_xlsx, name="survey_xlsx"),
    path(survey + "poster.pdf", report_views.survey_poster, name="survey_poster"),
    path(survey + "attach/", report_views.survey_attach, name="survey_attach"),
    path(survey + "import/", import_views.survey_import, name="survey_import"),
    path(survey + "import/<int:pk>/", import_views.survey_import_preview,
         name="survey_import_preview"),
]  # fmt: skip
