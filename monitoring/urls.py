from django.urls import path

from . import views

plan = "plans/<slug:satker_slug>/<int:year>/"

urlpatterns = [
    path("overview/", views.satker_overview, name="satker_overview"),
    path(plan, views.plan_detail, name="plan_detail"),
    path(plan + "monev/<int:month>/", views.monev_report, name="monev_report"),
    path(plan + "monev/<int:month>.pdf", views.monev_pdf, name="monev_pdf"),
    path(plan + "monev/<int:month>.xlsx", views.monev_xlsx, name="monev_xlsx"),
    path(plan + "monev/<int:month>/attach/", views.monev_attach, name="monev_attach"),
]
