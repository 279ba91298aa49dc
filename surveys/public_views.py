"""The questionnaire visitors answer: no login, phone first, throttled (surveys.public)."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from zi_tracker.throttle import client_ip, public_throttle

from . import public
from .forms import ResponseForm
from .models import Source, Survey, record_responses


def _survey(satker_slug, period):
    return get_object_or_404(
        Survey.objects.select_related("satker"), satker__slug=satker_slug, period=period
    )


@login_not_required
@public_throttle
@require_http_methods(["GET", "POST"])
def survey_public(request, satker_slug, period):
    """The questionnaire while the survey is open; a clear page when it is not.

    Queries: the survey, its items; on POST the limits (two) and the two inserts. Two
    posts at the same instant may both pass the count, so a concurrent flood can overshoot
    the limit by the number of requests served at once (one per worker).
    """
    survey = _survey(satker_slug, period)
    if not survey.is_open():
        return render(request, "surveys/public_closed.html", {"survey": survey}, status=404)
    kiosk = public.kiosk_device(request, survey)
    items = list(survey.items.all())
    form = ResponseForm(request.POST or None, survey=survey, items=items)
    status = 200
    if request.method == "POST":
        if form.is_bot:
            return _thanks_redirect(survey)  # looks accepted; nothing is stored
        device = kiosk or public.device_token(request) or public.new_device_token()
        hashes = {
            "address_hash": public.keyed_hash(client_ip(request)),
            "device_hash": public.keyed_hash(device),
        }
        if public.over_limit(**hashes, kiosk=bool(kiosk)):
            # Checked before the form, so a flood's refusals cost little.
            context = {"survey": survey, "per_hour": settings.SURVEY_PER_DEVICE_HOUR}
            return render(request, "surveys/public_limited.html", context, status=429)
        if form.is_valid():
            source = Source.KIOSK if kiosk else Source.FORM
            record_responses(survey, [(form.profile(), form.answers())], source=source, **hashes)
            return _thanks_redirect(survey, device=None if kiosk else device)
        status = 400
    context = {
        "survey": survey,
        "form": form,
        "kiosk": bool(kiosk),
    }
    response = render(request, "surveys/public.html", context, status=status)
    if not kiosk and not public.device_token(request):
        _set_device(response, public.new_device_token())
    return response


def _set_device(response, token):
    response.set_cookie(
        public.DEVICE_COOKIE, token, max_age=365 * 24 * 3600, httponly=True, samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )  # fmt: skip


def _thanks_redirect(survey, device=None):
    response = redirect("survey_thanks", survey.satker.slug, survey.period)
    if device:
        _set_device(response, device)
    return response


@login_not_required
@public_throttle
@require_GET
def survey_thanks(request, satker_slug, period):
    """Thanks; in kiosk mode the page goes back to the start by itself after a few seconds."""
    survey = _survey(satker_slug, period)
    kiosk = bool(public.kiosk_device(request, survey))
    return render(request, "surveys/public_thanks.html", {"survey": survey, "kiosk": kiosk})
