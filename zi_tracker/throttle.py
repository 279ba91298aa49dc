"""Per-address limits for public pages, counted in the shared "throttle" cache."""

import functools
import time

from django.conf import settings
from django.core.cache import caches
from django.shortcuts import render


def client_ip(request):
    """The visitor's address: REMOTE_ADDR, or behind a proxy the last entry of the header
    named by CLIENT_IP_HEADER (the one the proxy added; earlier entries are the visitor's
    own claims)."""
    value = request.META.get(settings.CLIENT_IP_HEADER) or request.META.get("REMOTE_ADDR", "")
    return value.split(",")[-1].strip()


def over_limit(scope, key, limit, seconds):
    """Count one request for key in this window; True once more than limit were counted.

    A fixed window: simple, and at most twice the limit in any stretch of that length.
    """
    cache = caches["throttle"]
    window = int(time.time() // seconds)
    cache_key = f"{scope}:{key}:{window}"
    cache.add(cache_key, 0, timeout=seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=seconds)
        count = 1
    return count > limit


def throttle(scope, limit_setting, seconds_setting):
    """Answer 429 with a message once an address sent more requests than the settings allow."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            limit = getattr(settings, limit_setting)
            seconds = getattr(settings, seconds_setting)
            if over_limit(scope, client_ip(request), limit, seconds):
                return render(request, "429.html", {"minutes": -(-seconds // 60)}, status=429)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# /verify/ (code guesses and uploads), and the other public pages (survey form and thanks,
# invitation links): each counted per address in its own scope.
verify_throttle = throttle("verify", "VERIFY_THROTTLE_REQUESTS", "VERIFY_THROTTLE_SECONDS")
public_throttle = throttle("public", "PUBLIC_THROTTLE_REQUESTS", "PUBLIC_THROTTLE_SECONDS")
