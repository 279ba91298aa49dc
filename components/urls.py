from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("account/", views.account, name="account"),
    path("plans/<slug:satker_slug>/<int:year>/matrix/", views.plan_matrix, name="plan_matrix"),
    path(
        "plans/<slug:satker_slug>/<int:year>/next-year/",
        views.plan_next_year,
        name="plan_next_year",
    ),
]
