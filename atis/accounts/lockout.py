"""What a locked-out sign-in gets: a page on the site and the admin, JSON on the API."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework import exceptions, status


def message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _("Too many failed sign-ins for this account. It is locked for %(minutes)d minutes; "
             "an administrator can unlock it sooner.") % {"minutes": minutes}


class LockedOut(exceptions.APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "locked_out"

    def __init__(self):
        text = message()
        super().__init__({"detail": text, "errors": {"non_field_errors": [text]}})


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: replaces the answer to a sign-in refused by the lock-out."""
    if request.path_info.startswith("/api/"):
        text = message()
        return JsonResponse({"detail": text, "errors": {"non_field_errors": [text]}},
                            status=status.HTTP_429_TOO_MANY_REQUESTS)
    return render(request, "accounts/locked_out.html", {"message": message()},
                  status=status.HTTP_429_TOO_MANY_REQUESTS)
