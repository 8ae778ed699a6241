"""One small pattern for the many "do X to this record" endpoints: look the record up
through a selector, validate the body's shape, call one service, answer with a serializer.
Those that create (status 201) honour `Idempotency-Key` (`atis.core.idempotency`)."""

from drf_spectacular.utils import extend_schema
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from atis.core.idempotency import idempotent


def action_view(name: str, *, request_serializer, lookup, service, response_serializer,
                status: int = 200, doc: str = ""):
    """An APIView class whose POST does `service(user, lookup(request, **url_kwargs), data)`."""

    @extend_schema(request=request_serializer, responses={status: response_serializer},
                   description=doc)
    def post(self, request, **kwargs):
        target = lookup(request, **kwargs)
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

    pagination_class = PageNumberPagination


def paginated(request, queryset, serializer_class):
    """One page of `queryset`, serialised, with the usual count / next / previous."""
    paginator = PageNumberPagination()
    page = paginator.paginate_queryset(queryset, request)
    return paginator.get_paginated_response(serializer_class(page, many=True).data)
