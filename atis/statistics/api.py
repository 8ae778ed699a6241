"""GET /api/v1/statistics/annual/YYYY/?published=true|false — the JSON contract."""

from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from atis.statistics import selectors


class PublishedOrSignedIn(permissions.BasePermission):
    """The published edition is open to everyone; the internal one needs a sign-in (and
    then the access policy's role check)."""

    def has_permission(self, request, view):
        published = request.query_params.get("published", "true").lower() != "false"
        return published or bool(request.user and request.user.is_authenticated)


class AnnualView(APIView):
    permission_classes = [PublishedOrSignedIn]

    @extend_schema(parameters=[OpenApiParameter("published", bool, required=False)],
                   responses=OpenApiTypes.OBJECT)
    def get(self, request, year):
        published = request.query_params.get("published", "true").lower() != "false"
        return Response(selectors.annual_json(user=request.user, year=year, published=published,
                                              language=translation.get_language() or "en"))
