from django.urls import path

from . import views

plan = "plans/<slug:satker_slug>/<int:year>/"

urlpatterns = [
    path("overview/", views.satker_overview, name="satker_overview"),
    path(plan, views.plan_detail, name="plan_detail"),
]
