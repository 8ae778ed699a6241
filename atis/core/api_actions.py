"""One small pattern for the many "do X to this record" endpoints: look the record up
through a selector, check the caller's role (`requires`), validate the body's shape, call
one service, answer with a serializer. Those that create (status 201) honour
`Idempotency-Key` (`atis.core.idempotency`).

The role comes before the body: a role the policy refuses gets 403 (or the lookup's 404),
never the field errors of a form it may not submit. The check is the role only; whether
the user may act on the object stays with the service (`access.require(user, action, obj)`)."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from atis.core import access
from atis.core.api_paging import BoundedPageNumberPagination
from atis.core.idempotency import idempotent


def action_view(name: str, *, request_serializer, lookup, service, response_serializer,
                status: int = 200, doc: str = "", requires: str | None = None):
    """An APIView class whose POST does `service(user, lookup(request, **url_kwargs), data)`.

    `requires`: the policy action (as the service checks it) the caller's role must allow,
    checked after the lookup (so a hidden record stays a 404) and before the body."""

    @extend_schema(request=request_serializer, responses={status: response_serializer},
                   description=doc)
    def post(self, request, **kwargs):
        target = lookup(request, **kwargs)
        if requires is not None:
            access.require_role(request.user, requires, target)
        body = request_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        result = service(request.user, target, dict(body.validated_data))
        return Response(response_serializer(result).data, status=status)

    if status == 201:
        post = idempotent(post)
    return type(name, (APIView,), {"post": post, "__doc__": doc})


class PagedView(APIView):
    """A view whose GET answers one page of a list (`?page=N`, count / next / previous), so
    documented, and so the page parameter is taken (`atis.core.api_strict`)."""

    pagination_class = BoundedPageNumberPagination


def paginated(request, queryset, serializer_class):
    """One page of `queryset`, serialised, with the (bounded) count / next / previous."""
    paginator = BoundedPageNumberPagination()
    page = paginator.paginate_queryset(queryset, request)
    return paginator.get_paginated_response(serializer_class(page, many=True).data)
