"""REST API of reports, checklists and hotline calls."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from atis.core import access
from atis.core.models import Organisation, User
from atis.identification import services as identification
from atis.intake import selectors, services
from atis.intake.models import IndicatorChecklist, Report
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

    def get_queryset(self):
        kind = self.request.query_params.get("kind", IndicatorChecklist.Kind.PRELIMINARY)
        return selectors.checklists(kind=kind)


class ReportPersonSerializer(PersonFieldsSerializer):
    """A new person (as PersonSerializer), or one already on record by pseudonym."""

    pseudonym = serializers.CharField(required=False, max_length=20)


class ReportInputSerializer(serializers.Serializer):
    received_at = serializers.DateTimeField(required=False)
    channel = serializers.CharField(max_length=32)
    source_type = serializers.CharField(max_length=48)
    source_organisation = serializers.SlugRelatedField(
        slug_field="code", queryset=Organisation.objects.filter(active=True), required=False)
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
    idempotency_key = serializers.CharField(max_length=64, required=False, allow_blank=True)


def report_data(report: Report, user) -> dict:
    """What the caller may know of a report: a reporter gets the status and the feedback;
    the Centre gets the pseudonymised file (the narrative only through /file/)."""
    data = {"reference": report.reference, "received_at": report.received_at,
            "status": report.status, "channel": report.channel, "source_type": report.source_type,
            "suspected_forms": report.suspected_forms,
            "feedback": [{"category": f.category, "text": str(f.get_category_display()),
                          "given_at": f.given_at} for f in report.feedback.all()]}
    if access.may(user, "report.view_file"):
        data.update({
            "source_organisation": report.source_organisation.code if report.source_organisation
            else None,
            "persons": [link.person.pseudonym for link in report.persons.select_related("person")],
            "exploitation_place": report.exploitation_place,
            "exploitation_country": report.exploitation_country_id and
            report.exploitation_country.code,
            "checklist": report.checklist and f"{report.checklist.code} v{report.checklist.version}",
            "indicators": [i.code for i in report.indicators.all()],
            "dismissal_reason": report.dismissal_reason,
            "referred_to": report.referred_to.code if report.referred_to else None,
            "procedures": list(report.procedures.values_list("pk", flat=True)),
        })
    return data


class ReportListView(APIView):
    """Reports: the Centre sees all, everyone else their own. POST submits one; send the
    same `Idempotency-Key` header again and the first report is returned, nothing new."""

    @extend_schema(parameters=[OpenApiParameter("status", str, required=False)],
                   responses=OpenApiTypes.OBJECT, operation_id="v1_reports_list")
    def get(self, request):
        paginator = PageNumberPagination()
        qs = selectors.report_list(user=request.user, status=request.query_params.get("status"))
        page = paginator.paginate_queryset(qs.prefetch_related("feedback"), request)
        return paginator.get_paginated_response([report_data(r, request.user) for r in page])

    @extend_schema(request=ReportInputSerializer, responses={201: OpenApiTypes.OBJECT,
                                                              200: OpenApiTypes.OBJECT})
    def post(self, request):
        data = ReportInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields["idempotency_key"] = request.headers.get("Idempotency-Key",
                                                        fields.get("idempotency_key", ""))[:64]
        report, created = services.report_submit(actor=request.user, **fields)
        return Response(report_data(report, request.user), status=201 if created else 200)


class ReportDetailView(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, reference):
        return Response(report_data(selectors.report_get(user=request.user, reference=reference),
                                    request.user))


class ReportFileView(APIView):
    """The narrative and the external reporter's contact (the Centre; audited)."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, reference):
        report = selectors.report_get(user=request.user, reference=reference)
        return Response(selectors.report_file(user=request.user, report=report))


class AcceptSerializer(serializers.Serializer):
    lead_caseworker = serializers.SlugRelatedField(
        slug_field="username", queryset=User.objects.filter(is_active=True), required=False)


class ReportAcceptView(APIView):
    """Accept the report: an identification procedure opens for each person."""

    @extend_schema(request=AcceptSerializer, responses={201: OpenApiTypes.OBJECT})
    def post(self, request, reference):
        report = selectors.report_get(user=request.user, reference=reference)
        data = AcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        procedures = identification.report_accept(
            actor=request.user, report=report,
            lead_caseworker=data.validated_data.get("lead_caseworker"))
        return Response({"procedures": [p.pk for p in procedures]}, status=201)


class DismissSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=48)
    referred_to = serializers.SlugRelatedField(
        slug_field="code", queryset=Organisation.objects.filter(active=True), required=False,
        allow_null=True)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class ReportDismissView(APIView):
    @extend_schema(request=DismissSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request, reference):
        report = selectors.report_get(user=request.user, reference=reference)
        data = DismissSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.report_dismiss(actor=request.user, report=report, **data.validated_data)
        return Response(report_data(report, request.user))


class HotlineCallSerializer(serializers.Serializer):
    received_at = serializers.DateTimeField(required=False)
    caller = serializers.CharField(max_length=32)
    outcome = serializers.CharField(max_length=32)
    first_contact = serializers.BooleanField(default=True)
    persons_concerned = serializers.IntegerField(default=1)
    summary = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    report = ReportInputSerializer(required=False)


class HotlineCallListView(APIView):
    """A hotline operator's calls; POST logs one (with `report`, also reports it)."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        calls = selectors.hotline_calls(user=request.user)[:200]
        return Response([{"id": c.pk, "received_at": c.received_at, "caller": c.caller,
                          "outcome": c.outcome, "report": c.report.reference if c.report else None}
                         for c in calls])

    @extend_schema(request=HotlineCallSerializer, responses={201: OpenApiTypes.OBJECT})
    def post(self, request):
        data = HotlineCallSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        call = services.hotline_call_log(actor=request.user, **data.validated_data)
        return Response({"id": call.pk, "report": call.report.reference if call.report else None},
                        status=201)
