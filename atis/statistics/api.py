"""The annual statistics in the API: the JSON contract of a year (GET
/api/v1/statistics/annual/YYYY/: the published edition from the year's latest release, or
the internal edition computed for an analyst), and the releases (GET to list and read them,
POST to publish one). What is public is served from stored releases only, and throttled."""

import json

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import permissions, serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from atis.core import access
from atis.core.api_strict import RefuseUnknownInput
from atis.core.errors import DomainError
from atis.core.idempotency import idempotent
from atis.core.years import check_year
from atis.statistics import selectors, services
from atis.statistics.models import Release, ReleaseFile
from atis.statistics.throttling import SCOPE, PublicThrottle

YEAR_HELP = gettext_lazy("From ATIS_FIRST_YEAR (default 2000) to next year.")


def _not_released(year: int, version: int | None = None) -> Response:
    if version is None:
        text = _("No release of the statistics of %(year)s has been published.") % {"year": year}
    else:
        text = _("The statistics of %(year)s have no version %(version)s.") % {
            "year": year, "version": version}
    return Response({"detail": text}, status=404)


# --- serializers -------------------------------------------------------------------------

class AnnualReportSerializer(serializers.Serializer):
    """The JSON contract of a year's statistics (docs/api.md)."""

    year = serializers.IntegerField()
    published = serializers.BooleanField()
    generated_at = serializers.DateTimeField()
    tables = serializers.DictField(child=serializers.DictField(), help_text=gettext_lazy(
        "Each table by its stable id: title, definition, sources, dimensions, cells, "
        "margins, values, suppressed, chapter."))


class TightestSerializer(serializers.Serializer):
    cell = serializers.CharField()
    low = serializers.FloatField()
    high = serializers.FloatField(allow_null=True, help_text=gettext_lazy("Null: unbounded."))


class DatasetSummarySerializer(serializers.Serializer):
    k = serializers.IntegerField()
    rows = serializers.IntegerField()
    suppressed_values = serializers.IntegerField()
    suppressed_rows = serializers.IntegerField()


class AuditSummarySerializer(serializers.Serializer):
    safe = serializers.BooleanField()
    cells_hidden = serializers.IntegerField()
    persons_hidden = serializers.IntegerField()
    unsafe = serializers.IntegerField()
    tightest = TightestSerializer(allow_null=True, help_text=gettext_lazy(
        "The hidden count a reader can narrow the most, and the interval; null when none is "
        "hidden."))
    dataset = DatasetSummarySerializer(required=False, help_text=gettext_lazy(
        "The anonymised case-level dataset's suppressions, when the release has one."))


class ReleaseFileSerializer(serializers.Serializer):
    language = serializers.CharField(help_text=gettext_lazy("Empty for the dataset."))
    format = serializers.CharField()
    sha256 = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.CharField()


class ReleaseSerializer(serializers.ModelSerializer):
    audit = AuditSummarySerializer()
    files = serializers.SerializerMethodField()

    class Meta:
        model = Release
        fields = ["year", "version", "published_at", "threshold", "method", "change_note",
                  "checksum", "open_year", "dataset_k", "audit", "files"]

    @extend_schema_field(ReleaseFileSerializer(many=True))
    def get_files(self, release) -> list:
        return ReleaseFileSerializer([
            {"language": f.language, "format": f.format, "sha256": f.sha256, "size": f.size,
             "url": _file_url(release, f)} for f in release.files.all()
            if f.format != ReleaseFile.Format.PAGE], many=True).data


def _file_url(release: Release, stored: ReleaseFile) -> str:
    if stored.format == ReleaseFile.Format.DATASET:
        return reverse("statistics-release-dataset", args=[release.year, release.version])
    return reverse("statistics-release-file",
                   args=[release.year, release.version, stored.language, stored.format])


class ReleaseDetailSerializer(ReleaseSerializer):
    report = AnnualReportSerializer(help_text=gettext_lazy(
        "The release's JSON contract in the request's language (Accept-Language)."))

    class Meta(ReleaseSerializer.Meta):
        fields = [*ReleaseSerializer.Meta.fields, "report"]


class ReleaseIn(serializers.Serializer):
    year = serializers.IntegerField(help_text=YEAR_HELP)
    change_note = serializers.CharField(
        max_length=services.CHANGE_NOTE_LIMIT, required=False, allow_blank=True,
        help_text=gettext_lazy("Required for a correction (the year's second release on)."))
    open_year = serializers.BooleanField(required=False, default=False, help_text=gettext_lazy(
        "Publish a year that has not ended (on purpose)."))
    include_dataset = serializers.BooleanField(required=False, default=False,
                                               help_text=gettext_lazy(
                                                   "Include the anonymised case-level dataset."))


def _with_files(releases):
    return releases.prefetch_related(
        Prefetch("files", ReleaseFile.objects.defer("content").order_by("language", "format")))


# --- views -------------------------------------------------------------------------------

class ReadOrSignedIn(permissions.BasePermission):
    """Releases are public; publishing one needs a sign-in (then the policy's role check)."""

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or bool(
            request.user and request.user.is_authenticated)


class ReleaseListView(ListAPIView):
    """The releases, newest year and version first (`year` filters); POST publishes the
    next release of a year (a Centre manager or the Rapporteur, as configured)."""

    serializer_class = ReleaseSerializer
    filterset_class = selectors.ReleaseFilter
    permission_classes = [ReadOrSignedIn, RefuseUnknownInput]
    throttle_classes = [PublicThrottle]
    throttle_scope = SCOPE

    def get_queryset(self):
        return _with_files(selectors.releases())

    @extend_schema(request=ReleaseIn, responses={201: ReleaseSerializer})
    @idempotent
    def post(self, request):
        access.require_role(request.user, "statistics.publish")
        body = ReleaseIn(data=request.data)
        body.is_valid(raise_exception=True)
        release = services.publish(request.user, **body.validated_data)
        return Response(ReleaseSerializer(_with_files(Release.objects).get(pk=release.pk)).data,
                        status=201)


class _ReleaseView(APIView):
    permission_classes = [permissions.AllowAny, RefuseUnknownInput]
    throttle_classes = [PublicThrottle]
    throttle_scope = SCOPE

    def answer(self, year: int, version: int | None = None) -> Response:
        check_year(year)
        try:
            release = selectors.release(year=year, version=version, prefetch=_with_files)
            report = selectors.release_file(year=year, version=release.version,
                                            language=selectors.served_language(), fmt="json")
        except (Release.DoesNotExist, ReleaseFile.DoesNotExist):
            return _not_released(year, version)
        return Response({**ReleaseSerializer(release).data,
                         "report": json.loads(bytes(report.content))})


class ReleaseYearView(_ReleaseView):
    """The latest release of `year`: its metadata and its JSON contract."""

    @extend_schema(operation_id="v1_statistics_releases_latest", responses=ReleaseDetailSerializer)
    def get(self, request, year):
        return self.answer(year)


class ReleaseVersionView(_ReleaseView):
    """One version of the release of `year`, as it was published."""

    @extend_schema(operation_id="v1_statistics_releases_version",
                   responses=ReleaseDetailSerializer)
    def get(self, request, year, version):
        return self.answer(year, version)


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
    """The annual statistics of `year`: the published edition as its latest release stored
    it (404 when it has none), or the internal edition (`published=false`, analysts)."""

    permission_classes = [PublishedOrSignedIn, RefuseUnknownInput]
    throttle_scope = SCOPE

    def get_throttles(self):
        return [PublicThrottle()] if _published(self.request) else []

    @extend_schema(parameters=[OpenApiParameter("published", bool, required=False),
                               OpenApiParameter("year", int, OpenApiParameter.PATH,
                                                description=YEAR_HELP)],
                   responses=AnnualReportSerializer)
    def get(self, request, year):
        check_year(year)
        published = _published(request)
        try:
            report = selectors.annual_json(user=request.user, year=year, published=published,
                                           language=selectors.served_language())
        except ReleaseFile.DoesNotExist:
            return _not_released(year)
        return Response(report)
