from django.urls import path

from . import otp_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("account/", views.account, name="account"),
    path("account/two-step/", otp_views.otp_setup, name="otp_setup"),
    path("account/two-step/verify/", otp_views.otp_verify, name="otp_verify"),
    path("account/two-step/off/", otp_views.otp_disable, name="otp_disable"),
    path("plans/<slug:satker_slug>/<int:year>/matrix/", views.plan_matrix, name="plan_matrix"),
]
