"""The API refuses input it does not know instead of ignoring it: a query parameter or a
body field (at any depth) that the endpoint does not declare is a 400 naming it, so an
integrator whose filter is misspelt, or whose date goes to a field the endpoint does not
take, learns it at once instead of finding the value silently lost.

What an endpoint takes is read from the declarations its OpenAPI schema is made of, so
the schema is the truth: `@extend_schema(parameters=…, request=…)`, the view's FilterSet
and its paginator (list views). `format` (DRF's format override) is taken everywhere.
The check is a permission class in DEFAULT_PERMISSION_CLASSES, so it runs before every
handler; a view that sets its own `permission_classes` lists it too (tests walk every
route).

It also refuses what would reach the database as a value it cannot hold: a string (at
any depth of the body, or in the query) with a NUL or an unpaired surrogate, an integer
beyond an id column's range, a query parameter the schema types as an integer that is
not one, and a query parameter given twice that the schema does not declare as a list.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from rest_framework import exceptions, permissions, serializers
from rest_framework.settings import api_settings

# drf-spectacular and DRF's views are imported where they are used: DRF imports this
# module while it defines APIView (DEFAULT_PERMISSION_CLASSES).

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
UNDECLARED = object()


@dataclass(frozen=True)
class Declaration:
    query: frozenset[str]
    body: Any  # a serializer, None (no body), a {media type: serializer} dict, or UNDECLARED
    integers: frozenset[str] = frozenset()  # query parameters typed as integers
    lists: frozenset[str] = frozenset()  # query parameters that may be given more than once


_declarations: dict[tuple[type, str], Declaration] = {}


def declaration(view, method: str) -> Declaration:
    """What `view` takes for `method` (computed once per view class)."""
    cache_key = (type(view), method)
    if cache_key not in _declarations:
        _declarations[cache_key] = _declare(view, method)
    return _declarations[cache_key]


def _declare(view, method: str) -> Declaration:
    import django_filters
    from drf_spectacular.plumbing import force_instance, is_list_serializer
    from drf_spectacular.types import OpenApiTypes
    from drf_spectacular.utils import OpenApiParameter
    from rest_framework.generics import GenericAPIView
    from rest_framework.mixins import ListModelMixin

    handler = getattr(view, method.lower(), None)
    if handler is None:  # not allowed: DRF answers 405
        return Declaration(frozenset({api_settings.URL_FORMAT_OVERRIDE}), UNDECLARED)
    schema_class = getattr(handler, "kwargs", {}).get("schema") or type(view.schema)
    schema = schema_class()
    schema.view, schema.method, schema.path = view, method, ""
    # What is not declared with @extend_schema is inferred only from a generic view's
    # serializer_class (anything else would make drf-spectacular guess, and warn).
    declared = schema_class is not api_settings.DEFAULT_SCHEMA_CLASS or (
        isinstance(view, GenericAPIView) and view.serializer_class is not None)
    query = {api_settings.URL_FORMAT_OVERRIDE}
    integers, lists = set(), set()
    for parameter in schema.get_override_parameters():
        if not isinstance(parameter, OpenApiParameter):
            for name, field in force_instance(parameter).fields.items():  # one per field
                query.add(name)
                if isinstance(field, serializers.IntegerField):
                    integers.add(name)
                elif isinstance(field, serializers.ListField | serializers.MultipleChoiceField):
                    lists.add(name)
        elif parameter.location == OpenApiParameter.QUERY and not parameter.exclude:
            query.add(parameter.name)
            if parameter.many:
                lists.add(parameter.name)
            elif parameter.type in (int, OpenApiTypes.INT):
                integers.add(parameter.name)
    # Filters and pagination apply to list views, as drf-spectacular documents them.
    if method == "GET" and (isinstance(view, ListModelMixin) or (
            declared and is_list_serializer(_main_response(schema.get_response_serializers())))):
        filterset = getattr(view, "filterset_class", None)
        if filterset is not None:
            query.update(filterset.base_filters)
            lists.update(name for name, f in filterset.base_filters.items()
                         if isinstance(f, django_filters.MultipleChoiceFilter))
        if getattr(view, "pagination_class", None):
            for p in view.pagination_class().get_schema_operation_parameters(view):
                query.add(p["name"])
                if p.get("schema", {}).get("type") == "integer":
                    integers.add(p["name"])
    body = schema.get_request_serializer() if declared else UNDECLARED
    if isinstance(body, dict):  # {media type: serializer}
        body = {media: _instance(s) for media, s in body.items()}
    return Declaration(frozenset(query - {None}), _instance(body), frozenset(integers),
                       frozenset(lists))


def _instance(serializer):
    from drf_spectacular.plumbing import force_instance, is_serializer

    return force_instance(serializer) if is_serializer(serializer) else serializer


def _main_response(responses):
    """The response drf-spectacular reads a view's kind from (the lowest status code's)."""
    if isinstance(responses, dict) and responses:
        responses = {str(code): s for code, s in responses.items()}
        return responses[min(responses)]
    return responses


def unknown_fields(field, data) -> dict:
    """Errors for the keys of `data`, at any depth, that `field` does not take."""
    if isinstance(field, serializers.ListSerializer | serializers.ListField):
        items = enumerate(data) if isinstance(data, list) else ()
        return {str(n): e for n, item in items if (e := unknown_fields(field.child, item))}
    if isinstance(field, serializers.DictField) and isinstance(data, Mapping):
        return {k: e for k, v in data.items() if (e := unknown_fields(field.child, v))}
    if not isinstance(field, serializers.Serializer) or not isinstance(data, Mapping):
        return {}
    errors = {}
    for name in data:
        known = field.fields.get(name)
        if known is None:
            errors[name] = [_("Unknown field: this endpoint does not take it.")]
        elif known.read_only:
            errors[name] = [_("This field cannot be set.")]
        elif nested := unknown_fields(known, data[name]):
            errors[name] = nested
    return errors


def _body_errors(body, request) -> dict:
    if body is UNDECLARED:
        return {}
    if isinstance(body, dict):  # {media type: serializer}
        body = body.get(request.content_type.split(";")[0].strip(), next(iter(body.values()), None))
    if body is None:
        data = request.data
        return {name: [_("Unknown field: this endpoint takes no body.")] for name in data} \
            if isinstance(data, Mapping) else {}
    return unknown_fields(body, request.data)


def unstorable_values(data) -> dict:
    """Errors for the strings (keys too) and integers, at any depth of `data`, that the
    database cannot hold."""
    from atis.core.http_guard import (
        INT_MAX,
        bad_character_message,
        out_of_range_message,
        unstorable,
    )

    def walk(value):
        if isinstance(value, str):
            return [bad_character_message()] if unstorable(value) else None
        if isinstance(value, bool):
            return None
        if isinstance(value, int):
            return None if -INT_MAX - 1 <= value <= INT_MAX else [out_of_range_message()]
        if isinstance(value, Mapping):
            items = value.lists() if hasattr(value, "lists") else value.items()
            errors = {}
            for key, item in items:
                name = str(key)
                if unstorable(name):
                    errors[repr(name)] = [bad_character_message()]
                elif error := walk(item):
                    errors[name] = error
            return errors or None
        if isinstance(value, list | tuple):
            errors = {str(n): e for n, item in enumerate(value) if (e := walk(item))}
            if errors and all(isinstance(e, list) for e in errors.values()):
                return sorted({m for e in errors.values() for m in e})  # a list of scalars
            return errors or None
        return None

    errors = walk(data)
    if isinstance(errors, list):  # the body itself is one bad value (or a list of them)
        return {"non_field_errors": errors}
    return errors or {}


def _query_errors(request, declared) -> dict:
    from atis.core.http_guard import INT_MAX, out_of_range_message

    errors = {}
    for name, values in request.query_params.lists():
        if len(values) > 1 and name not in declared.lists:
            errors[name] = [_("Give this parameter once.")]
        elif name in declared.integers:
            for value in values:
                try:
                    number = int(value.strip()) if value.strip().isascii() else None
                except ValueError:
                    number = None
                if number is None:
                    errors[name] = [_("A whole number is required.")]
                elif not -INT_MAX - 1 <= number <= INT_MAX:
                    errors[name] = [out_of_range_message()]
    return errors


def check(request, view) -> None:
    """Raise a 400 naming every query parameter and body field `view` does not take, and
    every value the database could not hold."""
    declared = declaration(view, request.method)
    unknown = [name for name in request.query_params if name not in declared.query]
    if unknown:
        known = sorted(declared.query - {api_settings.URL_FORMAT_OVERRIDE})
        message = (_("Unknown query parameter. This endpoint takes: %(names)s.")
                   % {"names": ", ".join(known)} if known
                   else _("Unknown query parameter. This endpoint takes none."))
        raise exceptions.ValidationError({name: [message] for name in unknown})
    if errors := _query_errors(request, declared):
        raise exceptions.ValidationError(errors)
    if request.method in BODY_METHODS:
        if errors := unstorable_values(request.data):
            raise exceptions.ValidationError(errors)
        if errors := _body_errors(declared.body, request):
            raise exceptions.ValidationError(errors)


class RefuseUnknownInput(permissions.BasePermission):
    """Runs `check` before every handler (it refuses with a 400, never a 403)."""

    def has_permission(self, request, view):
        check(request, view)
        return True
