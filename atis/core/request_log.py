"""Each request's id, and who made it, on every log line written while it is served.

The id is the trusted proxy's `X-Request-ID` when a trusted proxy sends a well-formed one
(so one id follows the request through the proxy's log and ATIS's), else a new one; the
response carries it back. Log lines get `request_id`, `user_id` and `role`: never a name,
a body or a query string."""

import contextvars
import logging
import re
import uuid

from django.conf import settings
from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

from atis.core.client_ip import remote_in

HEADER = "X-Request-ID"
WELL_FORMED = re.compile(r"[A-Za-z0-9._-]{8,64}")
_request = contextvars.ContextVar("atis_request", default=None)


def _incoming_id(request) -> str | None:
    given = request.META.get("HTTP_X_REQUEST_ID", "")
    if WELL_FORMED.fullmatch(given) and remote_in(request, settings.TRUSTED_PROXIES):
        return given
    return None


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = _incoming_id(request) or uuid.uuid4().hex
        token = _request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _request.reset(token)
        response[HEADER] = request.request_id
        return response


class RequestContextFilter(logging.Filter):
    """Adds the current request's id and user (id and role) to each record, or `-`."""

    def filter(self, record):
        request = _request.get()
        # Only a user the request already loaded: a log line never queries the database.
        user = getattr(request, "_cached_user", None) if request is not None else None
        record.request_id = getattr(request, "request_id", "-")
        record.user_id = user.pk if user is not None and user.is_authenticated else "-"
        record.role = (getattr(user, "role", None) or "-") if user is not None else "-"
        return True


class JsonLinesFormatter(JsonFormatter):
    """One JSON object a line: time, level, logger, message, the request's context, and a
    traceback when there is one. Django's request and status, which it attaches to its
    records, are left out (the request's text has the query string)."""

    def __init__(self, *args, **kwargs):
        super().__init__(
            ["asctime", "levelname", "name", "message", "request_id", "user_id", "role"],
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            reserved_attrs=[*RESERVED_ATTRS, "request", "status_code", "server_time"])
