from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("", include("components.urls")),
    path("", include("evidence.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    # The language switch also serves the login page, before anyone has signed in.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "ZI Tracker"
admin.site.site_title = "ZI Tracker"
