"""GET /api/v1/statistics/annual/YYYY/?published=true|false — the JSON contract."""

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from atis.core.api_strict import RefuseUnknownInput
from atis.core.errors import DomainError
from atis.core.years import check_year
from atis.statistics import selectors


def _published(request) -> bool:
    value = request.query_params.get("published", "true").lower()
    if value not in ("true", "false"):
        raise DomainError({"published": _("Use true (the published edition) or false.")})
    return value == "true"


class PublishedOrSignedIn(permissions.BasePermission):
    """The published edition is open to everyone; the internal one needs a sign-in (and
    then the access policy's role check)."""

    def has_permission(self, request, view):
        return _published(request) or bool(request.user and request.user.is_authenticated)


class AnnualView(APIView):
    """The annual statistics of `year` (from ATIS_FIRST_YEAR to next year; others are 400)."""

    permission_classes = [PublishedOrSignedIn, RefuseUnknownInput]

    @extend_schema(parameters=[OpenApiParameter("published", bool, required=False),
                               OpenApiParameter("year", int, OpenApiParameter.PATH, description=gettext_lazy(
                                   "From ATIS_FIRST_YEAR (default 2000) to next year."))],
                   responses=OpenApiTypes.OBJECT)
    def get(self, request, year):
        check_year(year)
        return Response(selectors.annual_json(user=request.user, year=year,
                                              published=_published(request),
                                              language=translation.get_language() or "en"))
