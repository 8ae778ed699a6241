"""REST API of reports, checklists and hotline calls."""

import datetime

from django.db.models import Prefetch, prefetch_related_objects
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from atis.core import access
from atis.core.api_paging import BoundedPageNumberPagination
from atis.core.idempotency import idempotent
from atis.core.models import Organisation, User
from atis.identification import services as identification
from atis.identification.models import Procedure
from atis.intake import selectors, services
from atis.intake.models import IndicatorChecklist, Report, ReportPerson
from atis.people.api import PersonFieldsSerializer


class IndicatorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    text = serializers.CharField()


class ChecklistSerializer(serializers.Serializer):
    code = serializers.CharField()
    version = serializers.IntegerField()
    kind = serializers.CharField()
    sector = serializers.CharField()
    audience = serializers.CharField()
    form = serializers.CharField()
    title = serializers.CharField()
    indicators = IndicatorSerializer(many=True, source="indicators.all")


class ChecklistListView(ListAPIView):
    """Current indicator checklists (`?kind=preliminary|formal`)."""

    serializer_class = ChecklistSerializer
    pagination_class = None

    @extend_schema(parameters=[OpenApiParameter("kind", str, required=False,
                                                enum=IndicatorChecklist.Kind.values)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        kind = self.request.query_params.get("kind", IndicatorChecklist.Kind.PRELIMINARY)
        return selectors.checklists(kind=kind)


@extend_schema_field({"anyOf": [{"type": "string", "format": "date"},
                               {"type": "string", "format": "date-time"}]})
class MomentField(serializers.DateTimeField):
    """When a step happened: a day (`2024-03-05`) or a moment (ISO 8601). Omitted, it is
    now; a day is passed on as a date (see `chronology.happened_at`)."""

    def to_internal_value(self, value):
        if isinstance(value, str) and len(value) == 10:
            try:
                day = parse_date(value)
            except ValueError:
                self.fail("invalid", format="YYYY-MM-DD")
            if day is not None:
                return day
        return super().to_internal_value(value)


def moment(help_text) -> MomentField:
    return MomentField(required=False, help_text=help_text)


class ReportPersonSerializer(PersonFieldsSerializer):
    """A new person (as PersonSerializer), or one already on record by pseudonym."""

    pseudonym = serializers.CharField(required=False, max_length=20)


class ReportInputSerializer(serializers.Serializer):
    received_at = moment(_("When the report reached the Centre; not in the future."))
    channel = serializers.CharField(max_length=32)
    source_type = serializers.CharField(max_length=48)
    source_organisation = serializers.SlugRelatedField(
        slug_field="code", queryset=Organisation.objects.filter(active=True), required=False)
    external_reference = serializers.CharField(
        max_length=100, required=False, allow_blank=True,
        help_text=_("The sending system's own id; unique per source organisation."))
    reporter_contact = serializers.CharField(max_length=300, required=False, allow_blank=True)
    narrative = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    suspected_forms = serializers.ListField(child=serializers.CharField(max_length=32),
                                            required=False, max_length=11)
    exploitation_place = serializers.CharField(max_length=100, required=False, allow_blank=True)
    exploitation_country = serializers.CharField(max_length=2, required=False, allow_blank=True)
    checklist = serializers.CharField(max_length=64, required=False, allow_blank=True)
    indicators = serializers.ListField(child=serializers.CharField(max_length=64),
                                       required=False, max_length=100)
    persons = ReportPersonSerializer(many=True, max_length=20)


class FeedbackSerializer(serializers.Serializer):
    category = serializers.CharField()
    text = serializers.CharField(source="get_category_display")
    given_at = serializers.DateTimeField(help_text=_("When the step it tells of happened."))


def _centre(field):
    """A field only the Centre receives (absent for everyone else, so not required)."""
    field._kwargs["required"] = field.required = False  # kept when DRF copies the field
    return field


class CentreMethodField(serializers.SerializerMethodField):
    """A computed field only the Centre receives. Not read-only, which drf-spectacular
    would mark required, so that the schema says it may be absent."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.read_only = self.required = False


class ReportSerializer(serializers.Serializer):
    """What the caller may know of a report: a reporter gets the status and the feedback;
    the Centre gets the pseudonymised file (the narrative only through /file/)."""

    CENTRE_FIELDS = ("created_at", "triage_recorded_at", "source_organisation", "persons",
                     "exploitation_place", "exploitation_country", "checklist", "indicators",
                     "dismissal_reason", "referred_to", "procedures")

    reference = serializers.CharField()
    received_at = serializers.DateTimeField(help_text=_("When the report reached the Centre."))
    external_reference = serializers.CharField()
    status = serializers.CharField()
    triaged_at = serializers.DateTimeField(
        allow_null=True, help_text=_("When the report was accepted or dismissed."))
    channel = serializers.CharField()
    source_type = serializers.CharField()
    suspected_forms = serializers.ListField(child=serializers.CharField())
    feedback = FeedbackSerializer(many=True, source="feedback.all")
    created_at = _centre(serializers.DateTimeField(help_text=_("When it was recorded (system).")))
    triage_recorded_at = _centre(serializers.DateTimeField(
        allow_null=True, help_text=_("When the triage was recorded (system).")))
    source_organisation = _centre(serializers.CharField(source="source_organisation.code",
                                                        default=None))
    persons = CentreMethodField()
    exploitation_place = _centre(serializers.CharField())
    exploitation_country = _centre(serializers.CharField(source="exploitation_country.code",
                                                         default=None))
    checklist = CentreMethodField()
    indicators = CentreMethodField()
    dismissal_reason = _centre(serializers.CharField())
    referred_to = _centre(serializers.CharField(source="referred_to.code", default=None,
                                                allow_null=True))
    procedures = CentreMethodField(help_text=_("The identification procedures opened on it."))

    def get_fields(self):
        fields = super().get_fields()
        user = self.context.get("user")
        if user is not None and not access.may(user, "report.view_file"):
            for name in self.CENTRE_FIELDS:
                del fields[name]
        return fields

    def get_persons(self, report) -> list[str]:
        return [link.person.pseudonym for link in report.persons.all()]

    def get_checklist(self, report) -> str | None:
        return report.checklist and f"{report.checklist.code} v{report.checklist.version}"

    def get_indicators(self, report) -> list[str]:
        return [i.code for i in report.indicators.all()]

    def get_procedures(self, report) -> list[int]:
        return [procedure.pk for procedure in report.procedures.all()]


def report_prefetches() -> list:
    """What ReportSerializer reads of a report's relations, fetched once per page."""
    return ["feedback", "indicators", Prefetch("persons", ReportPerson.objects.select_related("person")),
            Prefetch("procedures", Procedure.objects.only("pk", "report_id"))]


def report_data(report: Report, user) -> dict:
    """The report as `user` may see it; only the relations their fields show are loaded
    (none already in the report's prefetch cache)."""
    serializer = ReportSerializer(report, context={"user": user})
    centre = "persons" in serializer.fields
    prefetch_related_objects([report], *(report_prefetches() if centre else ["feedback"]))
    return serializer.data


class ReportPageSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text=_(
        "Rows matched, counted at most 1,000 past the start of this page."))
    count_exact = serializers.BooleanField(help_text=_(
        "Whether `count` is the total (false: the count stopped, more rows follow)."))
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ReportSerializer(many=True)


class ReportListView(APIView):
    """Reports: the Centre sees all, everyone else their own, newest first; filter by
    `status`, `source_type`, the day received and `external_reference`, order by `sort`.
    POST submits one."""

    @extend_schema(parameters=[
        OpenApiParameter("status", str, required=False, enum=Report.Status.values),
        OpenApiParameter("source_type", str, required=False,
                         description=_("A code of the report_source list.")),
        OpenApiParameter("received_from", datetime.date, required=False),
        OpenApiParameter("received_to", datetime.date, required=False),
        OpenApiParameter("external_reference", str, required=False,
                         description=_("The sending system's own id.")),
        OpenApiParameter("sort", str, required=False, enum=[
            "reference", "-reference", "received", "-received", "persons", "-persons"]),
        OpenApiParameter("page", int, required=False)],
        responses=ReportPageSerializer, operation_id="v1_reports_list")
    def get(self, request):
        paginator = BoundedPageNumberPagination()
        qs = selectors.report_list(user=request.user, filters=request.query_params)
        page = paginator.paginate_queryset(qs.select_related(
            "source_organisation", "exploitation_country", "referred_to", "checklist",
        ).prefetch_related(*report_prefetches()), request)
        return paginator.get_paginated_response(
            ReportSerializer(page, many=True, context={"user": request.user}).data)

    @extend_schema(request=ReportInputSerializer, responses={201: ReportSerializer})
    @idempotent
    def post(self, request):
        access.require(request.user, "report.submit")
        data = ReportInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.report_submit(actor=request.user, with_relations=True,
                                        **data.validated_data)
        return Response(report_data(report, request.user), status=201)


class ReportDetailView(APIView):
    @extend_schema(responses=ReportSerializer)
    def get(self, request, reference):
        return Response(report_data(selectors.report_get(user=request.user, reference=reference),
                                    request.user))


class ReportFileSerializer(serializers.Serializer):
    narrative = serializers.CharField()
    reporter_contact = serializers.CharField()
    triage_note = serializers.CharField()


class ReportFileView(APIView):
    """The narrative and the external reporter's contact (the Centre; audited)."""

    @extend_schema(responses=ReportFileSerializer)
    def get(self, request, reference):
        report = selectors.report_get(user=request.user, reference=reference)
        return Response(selectors.report_file(user=request.user, report=report))


class AcceptSerializer(serializers.Serializer):
    lead_caseworker = serializers.SlugRelatedField(
        slug_field="username", queryset=User.objects.filter(is_active=True), required=False)
    accepted_at = moment(_("When the report was accepted (the procedures open then); not "
                           "before it was received."))


class AcceptedSerializer(serializers.Serializer):
    procedures = serializers.ListField(child=serializers.IntegerField(),
                                       help_text=_("The identification procedures opened."))


class ReportAcceptView(APIView):
    """Accept the report: an identification procedure opens for each person."""

    @extend_schema(request=AcceptSerializer, responses={201: AcceptedSerializer})
    @idempotent
    def post(self, request, reference):
        report = selectors.report_get(user=request.user, reference=reference)
        access.require(request.user, "report.triage")
        data = AcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        procedures = identification.report_accept(actor=request.user, report=report,
                                                  **data.validated_data)
        return Response(AcceptedSerializer({"procedures": [p.pk for p in procedures]}).data,
                        status=201)


class DismissSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=48)
    referred_to = serializers.SlugRelatedField(
        slug_field="code", queryset=Organisation.objects.filter(active=True), required=False,
        allow_null=True)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    dismissed_at = moment(_("When the report was dismissed; not before it was received."))


class ReportDismissView(APIView):
    @extend_schema(request=DismissSerializer, responses=ReportSerializer)
    def post(self, request, reference):
        report = selectors.report_get(user=request.user, reference=reference)
        access.require(request.user, "report.triage")
        data = DismissSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.report_dismiss(actor=request.user, report=report, **data.validated_data)
        return Response(report_data(report, request.user))


class HotlineCallSerializer(serializers.Serializer):
    received_at = moment(_("When the call came in; not in the future."))
    caller = serializers.CharField(max_length=32)
    outcome = serializers.CharField(max_length=32)
    first_contact = serializers.BooleanField(default=True)
    persons_concerned = serializers.IntegerField(default=1)
    summary = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    report = ReportInputSerializer(required=False)


class HotlineCallOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    received_at = serializers.DateTimeField()
    caller = serializers.CharField()
    outcome = serializers.CharField()
    report = serializers.CharField(source="report.reference", default=None)


class HotlineCallListView(APIView):
    """A hotline operator's calls; POST logs one (with `report`, also reports it)."""

    @extend_schema(responses=HotlineCallOutSerializer(many=True))
    def get(self, request):
        calls = selectors.hotline_calls(user=request.user)[:200]
        return Response(HotlineCallOutSerializer(calls, many=True).data)

    @extend_schema(request=HotlineCallSerializer, responses={201: HotlineCallOutSerializer})
    @idempotent
    def post(self, request):
        access.require(request.user, "hotline.log")
        data = HotlineCallSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        call = services.hotline_call_log(actor=request.user, **data.validated_data)
        return Response(HotlineCallOutSerializer(call).data, status=201)
