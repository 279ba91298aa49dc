"""Onboarding in bulk, for the administrator: satkers and members from a file, previewed,
then imported; new members invited by e-mail to set their password."""

import base64
import zlib

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from evidence.uploads import refuse_file
from zi_tracker.middleware import upload_limit
from zi_tracker.throttle import public_throttle

from . import onboarding, xlsx
from .onboarding import blank
from .plan_import import MAX_BYTES

SALT = "reports.onboarding"
TOKEN_AGE = 3600  # a preview stays good for an hour
KINDS = {"satkers": (onboarding.check_satkers, onboarding.apply_satkers),
         "members": (onboarding.check_members, onboarding.apply_members)}  # fmt: skip


class OnboardingForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What the file holds"),
                             choices=[("satkers", gettext_lazy("Satkers")),
                                      ("members", gettext_lazy("Members"))])  # fmt: skip
    file = forms.FileField(label=gettext_lazy("CSV or Excel file"))
    invite = forms.BooleanField(
        label=gettext_lazy("E-mail new members a link to set their password"),
        required=False,
        initial=True,
    )


def _require_admin(request):
    if not request.user.is_superuser:
        raise PermissionDenied


def _token(kind, data, invite):
    packed = base64.b64encode(zlib.compress(data)).decode()
    return signing.dumps({"kind": kind, "data": packed, "invite": invite}, salt=SALT)


def _untoken(token):
    value = signing.loads(token, salt=SALT, max_age=TOKEN_AGE)
    return value["kind"], zlib.decompress(base64.b64decode(value["data"])), value["invite"]


@require_http_methods(["GET", "POST"])
@upload_limit(MAX_BYTES)
def onboarding_page(request):
    _require_admin(request)
    form = OnboardingForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if getattr(request, "oversized_uploads", None):
        refuse_file(form, "file", _("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES >> 20})
    elif request.method == "POST" and form.is_valid():
        kind, upload = form.cleaned_data["kind"], form.cleaned_data["file"]
        data = b"".join(upload.chunks())
        try:
            rows = KINDS[kind][0](data)
        except onboarding.TableRefused as refused:
            form.add_error("file", str(refused))
        else:
            return _preview(request, kind, rows, upload.name,
                            _token(kind, data, form.cleaned_data["invite"]))  # fmt: skip
    status = 400 if request.method == "POST" else 200
    return render(request, "reports/onboarding.html", context, status=status)


def _preview(request, kind, rows, name, token, status=200):
    problems = sum(len(row.problems) for row in rows)
    context = {"kind": kind, "rows": rows, "file_name": name, "token": token,
               "problems": problems,
               "counts": {action: sum(1 for r in rows if r.action == action)
                          for action in ("create", "update", "add", "unchanged")}}  # fmt: skip
    return render(request, "reports/onboarding_preview.html", context, status=status)


@require_http_methods(["GET"])
def onboarding_template(request, kind):
    """A blank workbook for satkers or members, with what goes in each column."""
    _require_admin(request)
    if kind not in blank.HEADERS:
        raise Http404
    book = blank.blank_workbook(kind)
    response = HttpResponse(xlsx.workbook_bytes(book), content_type=xlsx.XLSX_TYPE)
    name = "templat-satker.xlsx" if kind == "satkers" else "templat-anggota.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_http_methods(["POST"])
def onboarding_confirm(request):
    _require_admin(request)
    try:
        kind, data, invite = _untoken(request.POST.get("token", ""))
    except (signing.BadSignature, ValueError, KeyError, zlib.error):
        messages.error(request, _("This preview has expired; upload the file again."))
        return redirect("onboarding")
    check, apply = KINDS[kind]
    try:
        rows = check(data)  # again: the app may have changed since the preview
    except onboarding.TableRefused as refused:
        messages.error(request, str(refused))
        return redirect("onboarding")
    if any(row.problems for row in rows):
        return _preview(request, kind, rows, _("the file"), request.POST["token"], status=400)
    if kind == "satkers":
        created, updated = apply(rows)
        messages.success(request, _("%(created)s satkers created, %(updated)s updated.")
                         % {"created": created, "updated": updated})  # fmt: skip
    else:
        users = apply(rows)
        sent = onboarding.invite(users) if invite else 0
        messages.success(request, _("%(rows)s memberships saved, %(new)s new accounts, "
                                    "%(sent)s invitations sent.")
                         % {"rows": len(rows), "new": len(users), "sent": sent})  # fmt: skip
    return redirect("onboarding")


@login_not_required
@public_throttle
def invitation(request, uidb64, token):
    """Set one's password from an invitation: the link works once."""
    view = auth_views.PasswordResetConfirmView.as_view(
        template_name="registration/invitation.html",
        success_url=reverse_lazy("invitation_done"),
        post_reset_login=False,
    )
    return view(request, uidb64=uidb64, token=token)


@login_not_required
def invitation_done(request):
    messages.success(request, _("Your password is set. Log in with your username."))
    return redirect("login")
