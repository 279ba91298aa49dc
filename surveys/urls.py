from django.urls import path, register_converter

from . import public_views, views
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
]  # fmt: skip
