from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("account/", views.account, name="account"),
    path("plans/<slug:satker_slug>/<int:year>/matrix/", views.plan_matrix, name="plan_matrix"),
]
