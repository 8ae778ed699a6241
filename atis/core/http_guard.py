"""Input no view should ever see, refused before any view runs, and the caching rule.

- `InputGuardMiddleware` refuses, with a 400 naming the parameter, a path segment, query
  parameter or form field holding a character a database text column cannot store (NUL;
  lone surrogates, which are not UTF-8) and a path integer beyond what an id column holds.
  Under /api/ the answer is the API's JSON error; elsewhere the site's 400 page. JSON
  bodies are checked by `atis.core.api_strict` once DRF has parsed them.
- `NoStoreMiddleware` marks every response `Cache-Control: no-store` (pages, API answers,
  exports and errors alike carry personal data, or may); static files are served by
  WhiteNoise before it and keep their long caching. A view that sets its own
  Cache-Control keeps it.
"""

from django.urls import get_resolver
from django.utils.translation import gettext as _

from atis.core.api_errors import is_api, json_error

# The largest value of an integer (id) column: PostgreSQL's `integer`.
INT_MAX = 2**31 - 1


def unstorable(text: str) -> bool:
    """Whether `text` holds a character no database text column can store."""
    return "\x00" in text or any("\ud800" <= ch <= "\udfff" for ch in text)


def bad_character_message() -> str:
    return _("This value contains a character that cannot be stored (a NUL or an "
             "unpaired surrogate).")


def out_of_range_message() -> str:
    return _("This number is out of range: it must be between %(low)s and %(high)s.") % {
        "low": -INT_MAX - 1, "high": INT_MAX}


def _path_errors(view_kwargs) -> dict:
    errors = {}
    for name, value in view_kwargs.items():
        label = "id" if name == "pk" else name  # as the API schema names it
        if isinstance(value, str) and unstorable(value):
            errors[label] = [bad_character_message()]
        elif isinstance(value, int) and not -INT_MAX - 1 <= value <= INT_MAX:
            errors[label] = [out_of_range_message()]
    return errors


def _query_errors(querydict) -> dict:
    errors = {}
    for name, values in querydict.lists():
        if unstorable(name) or any(unstorable(v) for v in values):
            errors[name if not unstorable(name) else repr(name)] = [bad_character_message()]
    return errors


class InputGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        errors = _path_errors(view_kwargs) | _query_errors(request.GET)
        # Multipart bodies are left to their views: reading them here would fix the upload
        # handlers before a view can choose them (imports keep files in memory only).
        if request.method == "POST" and not is_api(request) and \
                request.content_type == "application/x-www-form-urlencoded":
            errors |= _query_errors(request.POST)
        if not errors:
            return None
        if is_api(request):
            return json_error(400, _("The request has errors."), errors)
        # The project's own 400 page (`handler400`), found without core importing the site.
        bad_request = get_resolver().resolve_error_handler(400)
        return bad_request(request, reasons=[f"{name}: {' '.join(messages)}"
                                             for name, messages in errors.items()])


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Cache-Control" not in response:
            response["Cache-Control"] = "no-store"
        return response
