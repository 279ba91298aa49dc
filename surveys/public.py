"""The public questionnaire at /survei/<satker>/<period>/: no login, throttled.

Limits are counted from the stored responses themselves (per keyed hash of the address and
of the device cookie, over the last hour), so they hold across processes and restarts and
a flood can add at most the limit. A service-desk tablet is put in kiosk mode by the team
lead (a signed cookie) and has its own, higher limit.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.utils import timezone

from .models import Response

DEVICE_COOKIE = "zi_survey_device"
KIOSK_COOKIE = "zi_survey_kiosk"
KIOSK_MAX_AGE = 12 * 3600  # a working day at the service desk
KIOSK_SALT = "surveys.kiosk"


def keyed_hash(value):
    """An HMAC of an address or device token: enough to count, useless to identify."""
    if not value:
        return ""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def device_token(request):
    token = request.COOKIES.get(DEVICE_COOKIE, "")
    return token if 20 <= len(token) <= 64 and token.isalnum() else ""


def new_device_token():
    return secrets.token_hex(16)


def kiosk_device(request, survey):
    """The kiosk's device token if this browser is the survey's kiosk, else None."""
    try:
        value = signing.loads(
            request.COOKIES.get(KIOSK_COOKIE, ""), salt=KIOSK_SALT, max_age=KIOSK_MAX_AGE
        )
    except signing.BadSignature:
        return None
    return value.get("device") if value.get("survey") == survey.pk else None


def kiosk_cookie(survey):
    return signing.dumps({"survey": survey.pk, "device": new_device_token()}, salt=KIOSK_SALT)


def over_limit(*, address_hash, device_hash, kiosk):
    """True when this address or device has sent its hourly share. Two queries at most."""
    since = timezone.now() - timedelta(hours=1)
    recent = Response.objects.filter(created_at__gte=since)
    if kiosk:
        return recent.filter(device_hash=device_hash).count() >= settings.SURVEY_KIOSK_PER_HOUR
    if device_hash and (
        recent.filter(device_hash=device_hash).count() >= settings.SURVEY_PER_DEVICE_HOUR
    ):
        return True
    # Kiosk responses are not counted against the address: the desk shares the court's Wi-Fi.
    by_address = recent.filter(address_hash=address_hash).exclude(source="kiosk")
    return by_address.count() >= settings.SURVEY_PER_ADDRESS_HOUR
