from django.urls import path

from . import import_views, onboarding_views, views

plan = "plans/<slug:satker_slug>/<int:year>/"

urlpatterns = [
    path(plan + "matrix.pdf", views.plan_matrix_pdf, name="plan_matrix_pdf"),
    path(plan + "matrix.xlsx", views.plan_matrix_xlsx, name="plan_matrix_xlsx"),
    path(plan + "evidence.zip", views.evidence_bundle, name="evidence_bundle"),
    path(plan + "matrix.pdf/status/<int:render_id>/", views.render_status, name="render_status"),
    path(plan + "matrix/print/", views.plan_matrix_print, name="plan_matrix_print"),
    path(plan + "sign/", views.plan_sign, name="plan_sign"),
    path(plan + "reopen/", views.plan_reopen, name="plan_reopen"),
    path(plan + "signed/<int:version>.pdf", views.signed_version_pdf, name="signed_version_pdf"),
    path("verify/", views.verify_lookup, name="verify_lookup"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("onboarding/", onboarding_views.onboarding_page, name="onboarding"),
    path("onboarding/confirm/", onboarding_views.onboarding_confirm, name="onboarding_confirm"),
    path(
        "onboarding/template/<str:kind>.xlsx",
        onboarding_views.onboarding_template,
        name="onboarding_template",
    ),
    path("accounts/undangan/<uidb64>/<token>/", onboarding_views.invitation, name="invitation"),
    path("accounts/undangan/selesai/", onboarding_views.invitation_done, name="invitation_done"),
    path("satker/<slug:satker_slug>/import/", import_views.import_upload, name="import_upload"),
    path(
        "satker/<slug:satker_slug>/import/template.xlsx",
        import_views.import_template,
        name="import_template",
    ),
    path(
        "satker/<slug:satker_slug>/import/<int:pk>/",
        import_views.import_preview,
        name="import_preview",
    ),
    path(
        "satker/<slug:satker_slug>/import/<int:pk>/discard/",
        import_views.import_discard,
        name="import_discard",
    ),
    path(
        "satker/<slug:satker_slug>/import/<int:pk>/<str:path>/",
        import_views.import_item,
        name="import_item",
    ),
]
