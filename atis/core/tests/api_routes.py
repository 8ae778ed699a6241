"""Every route of /api/v1/, with placeholder path arguments and its operations in the
OpenAPI schema, for tests that walk them all."""

import functools
import re
from dataclasses import dataclass

from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

from atis import api_urls

PLACEHOLDERS = {"int": "1", "string": "V-2000-0001", "slug": "x", "path": "x"}


@functools.cache
def openapi_schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


@dataclass(frozen=True)
class Route:
    name: str
    url: str
    route: str
    view: type

    def __str__(self):
        return self.name

    def operation(self, method: str) -> dict:
        """The route's `method` operation as the schema documents it."""
        paths = openapi_schema()["paths"]
        path = "/api/v1/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", self.route)
        return paths[path if path in paths else path.replace("{pk}", "{id}")][method]

    def live_view(self):
        """An instance of the view, as DRF makes one for a request (without the request)."""
        view = self.view()
        view.request, view.args, view.kwargs, view.format_kwarg = None, (), {}, None
        return view


def api_routes(method: str) -> list[Route]:
    """The routes whose view handles `method` (e.g. "get", "post")."""
    routes = []
    for pattern in api_urls.urlpatterns:
        view = pattern.callback.cls
        if not hasattr(view, method):
            continue
        kwargs = {name: PLACEHOLDERS[type(converter).__name__.removesuffix("Converter").lower()]
                  for name, converter in pattern.pattern.converters.items()}
        routes.append(Route(pattern.name, reverse(pattern.name, kwargs=kwargs),
                            str(pattern.pattern), view))
    return routes
