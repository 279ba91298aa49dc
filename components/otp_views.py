"""The second factor: set up an authenticator app (QR code), enter its code, turn it off."""

import base64

import django_otp
import segno
from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from .logins import OTP_KEY, needs_second_factor
from .models import AccountEvent


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=gettext_lazy("Code from the authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": gettext_lazy("Enter the six digits the app shows.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

    def __init__(self, device, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        allowed, _details = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(_("Too many wrong codes. Wait a minute and try again."))
        if not self.device.verify_token(token):
            raise forms.ValidationError(
                _("The code is wrong or has expired. Enter the code the app shows now.")
            )
        return token


def _next_url(request, default):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def _passed(request, device):
    django_otp.login(request, device)
    request.session.pop(OTP_KEY, None)


@never_cache
@require_http_methods(["GET", "POST"])
def otp_verify(request):
    """After the password: the six digits of the user's authenticator app."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return redirect("otp_setup")
    form = TokenForm(device, request.POST or None)
    if request.method == "POST" and form.is_valid():
        _passed(request, device)
        return redirect(_next_url(request, "home"))
    context = {"form": form, "next": _next_url(request, "")}
    return render(
        request, "registration/otp_verify.html", context, status=400 if form.errors else 200
    )


@never_cache  # the QR code carries the secret
@require_http_methods(["GET", "POST"])
def otp_setup(request):
    """Scan the QR code with an authenticator app and confirm with its first code."""
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        messages.info(request, _("Two-step verification is already on."))
        return redirect("account")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="ZI Tracker", confirmed=False)
    device.user = request.user  # the QR code's label names them: no second query for it
    form = TokenForm(device, request.POST or None)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        AccountEvent.objects.create(user=request.user, kind=AccountEvent.Kind.OTP_ENABLED)
        _passed(request, device)
        messages.success(request, _("Two-step verification is on."))
        return redirect(_next_url(request, "account"))
    context = {
        "form": form,
        "next": _next_url(request, ""),
        "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=5, border=2),
        "secret": base64.b32encode(device.bin_key).decode(),
        "required": needs_second_factor(request.user),
    }
    return render(
        request, "registration/otp_setup.html", context, status=400 if form.errors else 200
    )


@require_POST
def otp_disable(request):
    """Turn the second factor off with a current code (never for administrators)."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None or needs_second_factor(request.user):
        messages.error(request, _("Two-step verification cannot be turned off for this account."))
        return redirect("account")
    form = TokenForm(device, request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["token"][0])
        return redirect("account")
    TOTPDevice.objects.filter(user=request.user).delete()
    AccountEvent.objects.create(user=request.user, kind=AccountEvent.Kind.OTP_DISABLED)
    messages.success(request, _("Two-step verification is off."))
    return redirect("account")
