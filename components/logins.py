"""What happens around a login: the lockout page, the idle timeout, the second factor,
and the record of password changes.

The second factor is decided once, at login, and kept in the session: every later request
then costs no query to know whether it must first pass the six-digit code.
"""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import AccountEvent

# Session keys: when the session was last saved, and the step still owed ("verify": enter
# the code; "setup": an administrator must first set up an authenticator app).
SEEN_KEY = "zi_seen"
OTP_KEY = "zi_otp"


def needs_second_factor(user):
    return settings.OTP_REQUIRED_FOR_ADMINS and (user.is_staff or user.is_superuser)


@receiver(user_logged_in)
def remember_login(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    request.session[SEEN_KEY] = int(time.time())
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        request.session[OTP_KEY] = "verify"
    elif needs_second_factor(user):
        request.session[OTP_KEY] = "setup"


@receiver(post_save, sender=get_user_model())
def record_password_change(sender, instance, created, **kwargs):
    # set_password() keeps the new raw password in _password until the save that stores
    # it (AbstractBaseUser.save), so this sees every change: own page, admin, command.
    if not created and getattr(instance, "_password", None) is not None:
        AccountEvent.objects.create(user=instance, kind=AccountEvent.Kind.PASSWORD_CHANGED)


class LoginSecurityMiddleware:
    """The idle timeout, the second factor and no-store caching, for signed-in requests.

    A session expires SESSION_COOKIE_AGE (SESSION_IDLE_TIMEOUT) after it was last saved;
    saving it at most every SESSION_IDLE_REFRESH seconds keeps an active user signed in
    without a database write on every request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is None or SESSION_KEY not in session:
            return self.get_response(request)
        now = int(time.time())
        if now - session.get(SEEN_KEY, 0) >= settings.SESSION_IDLE_REFRESH:
            session[SEEN_KEY] = now
        owed = session.get(OTP_KEY)
        if owed and request.path not in self.open_paths():
            target = reverse("otp_verify" if owed == "verify" else "otp_setup")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        response = self.get_response(request)
        # Every signed-in page shows the court's plan or its evidence: a shared computer's
        # browser must not keep a copy (nor the back button show one after logging out).
        response["Cache-Control"] = "private, no-store"
        return response

    def open_paths(self):
        names = ["otp_verify", "otp_setup", "logout", "set_language"]
        return {reverse(name) for name in names}


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked account or address: the login page, saying why."""
    minutes = (
        int(settings.AXES_COOLOFF_TIME.total_seconds() // 60) if settings.AXES_COOLOFF_TIME else 0
    )
    if minutes:
        message = _(
            "Too many failed logins for this account or from this address. Logging in is "
            "locked for %(minutes)s minutes; the administrator can unlock it sooner."
        ) % {"minutes": minutes}
    else:
        message = _(
            "Too many failed logins for this account or from this address. Logging in is "
            "locked until the administrator unlocks it."
        )
    context = {"form": AuthenticationForm(request), "locked_message": message}
    return render(request, "registration/login.html", context, status=429)
