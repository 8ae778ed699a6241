"""The public statistics are throttled: PUBLIC_RATE (ATIS_PUBLIC_RATE) requests a minute per
client address (per user when signed in), counted in the shared cache, for the API views
(`PublicThrottle`) and the pages and downloads (`throttled`) alike."""

import functools

from django.conf import settings
from django.shortcuts import render

from atis.accounts.throttling import SharedScopedRateThrottle

SCOPE = "statistics"


class PublicThrottle(SharedScopedRateThrottle):
    """For views whose `throttle_scope` is SCOPE, at the rate the setting gives now."""

    def get_rate(self):
        return f"{settings.PUBLIC_RATE}/minute"


class _Page:
    throttle_scope = SCOPE


def throttled(view):
    """A page or download counted with the API's public statistics; 429 when over."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        throttle = PublicThrottle()
        if not throttle.allow_request(request, _Page):
            seconds = max(1, int(throttle.wait() or 1))
            response = render(request, "statistics/throttled.html", {"seconds": seconds},
                              status=429)
            response["Retry-After"] = str(seconds)
            return response
        return view(request, *args, **kwargs)

    return wrapped
