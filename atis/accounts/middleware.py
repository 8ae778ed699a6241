"""Idle timeout of web sessions, the two-step verification gate, and the gate of a one-time
password (set by an administrator) that must be changed first."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from atis.accounts import mfa

LAST_ACTIVITY = "atis_last_activity"
# The idle clock is written at most this often (seconds), so not every request saves the
# session; a session therefore ends between IDLE_MINUTES - 1 and IDLE_MINUTES of idleness.
RESOLUTION = 60


class IdleTimeoutMiddleware:
    """Ends a signed-in session after IDLE_MINUTES without a request; the next page says
    so. Token-authenticated API calls carry no session and are not affected."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_ACTIVITY)
            if last is not None and now - int(last) >= settings.IDLE_MINUTES * 60:
                logout(request)
                if not request.path_info.startswith("/api/"):
                    messages.info(request, _(
                        "Your session expired after %(minutes)d minutes without activity. "
                        "Please sign in again.") % {"minutes": settings.IDLE_MINUTES})
                    return redirect_to_login(request.get_full_path())
            elif last is None or now - int(last) >= RESOLUTION:
                request.session[LAST_ACTIVITY] = now
        return self.get_response(request)


class MFARequiredMiddleware:
    """A signed-in user who has an authenticator must enter a code before anything else;
    under MFA_POLICY=required, a user whose role sees identities (or administers) and who
    has none must set one up first. The API answers for itself (atis.accounts.api_auth)."""

    OPEN_NAMES = ("mfa-verify", "mfa-enrol", "logout", "set_language")

    def __init__(self, get_response):
        self.get_response = get_response

    def _open(self, path: str) -> bool:
        if path.startswith(("/api/", "/" + settings.STATIC_URL.lstrip("/"))):
            return True
        return path in {reverse(name) for name in self.OPEN_NAMES}

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated and not mfa.verified(user)
                and not self._open(request.path_info)):
            if mfa.has_device(user):
                return redirect_to_login(request.get_full_path(), reverse("mfa-verify"))
            if mfa.must_enrol(user):
                return redirect_to_login(request.get_full_path(), reverse("mfa-enrol"))
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    """A user signed in with a one-time password an administrator gave them
    (`User.password_change_required`) chooses their own before anything else: pages send
    them to the password change, the API (with their session) answers 403. The token
    endpoint gives such a user no token (atis.accounts.api)."""

    OPEN_NAMES = ("password-change", "logout", "set_language", "mfa-verify", "mfa-enrol",
                  "mfa-recovery")

    def __init__(self, get_response):
        self.get_response = get_response

    def _open(self, path: str) -> bool:
        if path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return True
        return path in {reverse(name) for name in self.OPEN_NAMES}

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated
                and getattr(user, "password_change_required", False)
                and not self._open(request.path_info)):
            text = one_time_message()
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": text, "errors": {"non_field_errors": [text]}},
                                    status=403)
            messages.info(request, text)
            return redirect("password-change")
        return self.get_response(request)


def one_time_message() -> str:
    return _("You signed in with a one-time password. Choose your own password before you go on.")
