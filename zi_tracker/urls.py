from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("", include("components.urls")),
    path("", include("evidence.urls")),
    path("", include("reports.urls")),
    path("", include("monitoring.urls")),
    path("", include("surveys.urls")),
    path("", include("assessment.urls")),
    # Log in and out, and change one's own password. No self-service password reset: the
    # court's administrator resets passwords (reset links by e-mail need a mail server
    # courts rarely have).
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # The language switch also serves the login page, before anyone has signed in.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "ZI Tracker"
admin.site.site_title = "ZI Tracker"

# A database out of reach gets a 503 in Indonesian; anything else the usual 500 page.
handler500 = "zi_tracker.errors.server_error"
