from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("plans/<slug:satker_slug>/<int:year>/", views.plan_detail, name="plan_detail"),
    path("plans/<slug:satker_slug>/<int:year>/matrix/", views.plan_matrix, name="plan_matrix"),
]
