"""Every API error is JSON: `{"detail": "...", "errors": {"field": ["message", ...]}}`; a
nested object's errors are keyed by its fields, a nested list's by item index
(`{"persons": {"1": {"sex": [...]}}}`).

Outside DRF's views (an unknown URL under /api/, a server error, input the HTTP guard
refuses before a view runs) `json_error` answers in the same shape."""

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

from atis.core.errors import AccessDenied, DomainError

API_PREFIX = "/api/"


def is_api(request) -> bool:
    """Whether `request` is for the API (answered in JSON whatever happens)."""
    return request.path_info.startswith(API_PREFIX)


def json_error(status_code: int, detail: str, errors: dict | None = None) -> JsonResponse:
    """An error in the API's shape, for answers made outside DRF's views. Never carries
    the request's data or a traceback."""
    body = {"detail": str(detail)}
    if errors:
        body["errors"] = {name: [str(m) for m in messages] for name, messages in errors.items()}
    response = JsonResponse(body, status=status_code, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


def _field_errors(detail) -> dict:
    if isinstance(detail, dict):
        return {k: _messages(v) for k, v in detail.items()}
    return {"non_field_errors": [str(m) for m in (detail if isinstance(detail, list) else [detail])]}


def _messages(value):
    """Messages of one field; a nested object's by field, a nested list's by item index."""
    if isinstance(value, dict):
        return _field_errors(value)
    items = value if isinstance(value, list) else [value]
    if any(isinstance(item, dict) for item in items):
        return {str(n): _field_errors(item) for n, item in enumerate(items) if item}
    return [str(m) for m in items]


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        return Response({"detail": _("The request was refused."), "errors": exc.fields},
                        status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        return Response({"detail": _("The request was refused."),
                         "errors": DomainError.from_django(exc).fields},
                        status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, AccessDenied):
        return Response({"detail": exc.message}, status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, exceptions.ValidationError):
        return Response({"detail": _("The request has errors."),
                         "errors": _field_errors(exc.detail)}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404 | exceptions.NotFound | ObjectDoesNotExist):
        return Response({"detail": _("Not found.")}, status=status.HTTP_404_NOT_FOUND)
    return drf_handler(exc, context)
