"""Every named route of the site and of /api/v1/, walked from the URL conf, with the HTTP
methods its view handles."""

import inspect
import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

# Namespaces and route prefixes that are not ATIS's own endpoints, with the reason.
SKIPPED_PREFIXES = {
    "admin/": "Django's admin site (staff-only, guarded by Django's own is_staff check, "
              "exercised by the admin's tests, not by the role policy)",
    "i18n/": "Django's set_language view (no data, open to everyone by design)",
}
SAFE_METHODS_IGNORED = {"head", "options", "trace"}


@dataclass(frozen=True)
class Route:
    name: str
    route: str  # e.g. "api/v1/persons/<str:pseudonym>/"
    methods: tuple[str, ...]
    is_api: bool
    kwarg_names: tuple[str, ...]


def _view_methods(callback) -> tuple[tuple[str, ...], bool]:
    """The methods a view handles and whether it is a DRF (API) view."""
    cls = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if cls is not None:
        from rest_framework.views import APIView

        is_api = issubclass(cls, APIView)
        methods = tuple(m.upper() for m in cls.http_method_names
                        if m not in SAFE_METHODS_IGNORED and hasattr(cls, m)
                        and not _alias_of_post(cls, m))
        return methods, is_api
    source = inspect.getsource(inspect.unwrap(callback)) if _has_source(callback) else ""
    decorators = _decorator_source(callback)
    if "require_POST" in decorators:
        return ("POST",), False
    if "require_GET" in decorators or "require_safe" in decorators:
        return ("GET",), False
    methods = ["GET"]
    if re.search(r"""request\.method\s*==\s*["']POST["']|request\.POST|require_http_methods""",
                 source):
        methods.append("POST")
    return tuple(methods), False


def _alias_of_post(cls, method: str) -> bool:
    """Django's form views answer PUT with their POST handler; a browser never sends it."""
    from django.views.generic.edit import ProcessFormView

    return method == "put" and getattr(cls, "put", None) is ProcessFormView.put


def _has_source(callback) -> bool:
    try:
        inspect.getsource(inspect.unwrap(callback))
    except (OSError, TypeError):
        return False
    return True


def _decorator_source(callback) -> str:
    """The lines above the view's `def` (its decorators) in its module."""
    function = inspect.unwrap(callback)
    try:
        lines, start = inspect.findsource(function)
    except (OSError, TypeError):
        return ""
    first = function.__code__.co_firstlineno - 1
    end = first
    while end < len(lines) and not lines[end].lstrip().startswith("def "):
        end += 1
    return "".join(lines[first:end])


def _walk(resolver: URLResolver, prefix: str = ""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if any(route.startswith(p) for p in SKIPPED_PREFIXES):
            continue
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern


def all_routes() -> list[Route]:
    """Every named route of the URL conf (unnamed ones cannot be reversed: they fail)."""
    routes = []
    for route, pattern in _walk(get_resolver()):
        methods, is_api = _view_methods(pattern.callback)
        kwargs = tuple(re.findall(r"<(?:\w+:)?(\w+)>", route))
        routes.append(Route(pattern.name or f"<unnamed {route}>", route, methods,
                            is_api or route.startswith("api/"), kwargs))
    return routes
