"""REST API of identification procedures, alerts, interviews, indicators, notes and
decisions."""

from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from atis.core import access
from atis.core.api_actions import PagedView
from atis.core.api_paging import BoundedPageNumberPagination
from atis.core.errors import DomainError
from atis.core.idempotency import idempotent
from atis.core.models import Organisation
from atis.identification import selectors, services
from atis.identification.models import Decision
from atis.intake.api import moment


def _flag(value: str | None) -> bool | None:
    return None if value is None else value.lower() in ("1", "true", "yes")


class AlertSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    recipient = serializers.CharField()
    pseudonym = serializers.CharField(source="procedure.person.pseudonym")
    report = serializers.CharField(source="procedure.report.reference")
    particular_urgency = serializers.BooleanField(source="procedure.particular_urgency")
    child = serializers.BooleanField(source="procedure.is_child")
    suspected_forms = serializers.ListField(child=serializers.CharField(),
                                            source="procedure.report.suspected_forms")
    organisation = serializers.CharField(source="organisation.code", default=None,
                                         allow_null=True)
    due_at = serializers.DateTimeField(help_text=_("24 hours after the report was received."))
    sent_at = serializers.DateTimeField(allow_null=True, help_text=_("When the alert went out."))
    overdue = serializers.BooleanField()


class DecisionFormSerializer(serializers.Serializer):
    form = serializers.CharField()
    subtype = serializers.CharField()


class DecisionOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    outcome = serializers.CharField()
    state = serializers.CharField()
    reason = serializers.CharField()
    decided_at = serializers.DateTimeField(help_text=_("When the decision was made."))
    recorded_at = serializers.DateTimeField(help_text=_("When it was recorded (system)."))
    decided_by = serializers.CharField(source="decided_by.username")
    approved_at = serializers.DateTimeField(allow_null=True,
                                            help_text=_("When the decision took effect."))
    approval_recorded_at = serializers.DateTimeField(
        allow_null=True, help_text=_("When the approval was recorded (system)."))
    superseded_by = serializers.IntegerField(
        source="superseded_by_id", allow_null=True,
        help_text=_("The manager's decision that superseded this proposal."))
    forms = DecisionFormSerializer(many=True, source="forms.all")
    recruitment_methods = serializers.SerializerMethodField()
    person_informed_at = serializers.DateTimeField(allow_null=True,
                                                   help_text=_("When the person was told."))

    def get_recruitment_methods(self, decision) -> list[str]:
        return [r.method for r in decision.recruitment.all()]


class TimelineEventSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    kind = serializers.CharField()
    text = serializers.CharField()


class ProcedureSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    pseudonym = serializers.CharField(source="person.pseudonym")
    report = serializers.CharField(source="report.reference")
    status = serializers.CharField()
    opened_at = serializers.DateTimeField(help_text=_("When the report was accepted."))
    target_date = serializers.DateField()
    closed_at = serializers.DateTimeField(
        allow_null=True, help_text=_("When the decision that closed it took effect."))
    child = serializers.BooleanField(source="is_child")
    foreign_national = serializers.BooleanField(source="is_foreign")
    particular_urgency = serializers.BooleanField()
    lead_caseworker = serializers.CharField(source="lead_caseworker.username", default=None)
    interviews = serializers.IntegerField(source="interview_count", default=None)
    alerts_overdue = serializers.BooleanField(default=None)


class ProcedureDetailSerializer(ProcedureSerializer):
    interviews = serializers.SerializerMethodField()
    alerts = AlertSerializer(many=True, source="alerts.all")
    decisions = DecisionOutSerializer(many=True, source="decisions.all")
    indicators = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()

    def get_interviews(self, procedure) -> int:
        return procedure.interviews.count()

    def get_indicators(self, procedure) -> list[str]:
        return list(procedure.indicator_assessments.values_list("indicator__code", flat=True))

    @extend_schema_field(TimelineEventSerializer(many=True))
    def get_timeline(self, procedure):
        return TimelineEventSerializer(selectors.timeline(procedure=procedure), many=True).data


class ProcedureListView(PagedView):
    """Identification procedures the caller may see. Filters: `status`, `caseworker`
    (user id), `overdue=true` (past the decision date or an alert not sent within 24 h),
    `pending_on=YYYY-12-31` (still open that day)."""

    @extend_schema(parameters=[OpenApiParameter(n, str, required=False)
                               for n in ("status", "overdue", "pending_on")]
                   + [OpenApiParameter("caseworker", int, required=False)],
                   responses=ProcedureSerializer(many=True))
    def get(self, request):
        params = request.query_params
        try:
            pending_on = parse_date(params["pending_on"]) if params.get("pending_on") else None
        except ValueError:  # well formed but no such day (2024-02-30)
            pending_on = None
        if params.get("pending_on") and pending_on is None:
            raise DomainError({"pending_on": _("Use the form YYYY-MM-DD (a day that exists).")})
        caseworker = params.get("caseworker")
        if caseworker and not caseworker.isdigit():
            raise DomainError({"caseworker": "A user id."})
        qs = selectors.procedure_list(user=request.user, status=params.get("status"),
                                      caseworker=int(caseworker) if caseworker else None,
                                      overdue=_flag(params.get("overdue")), pending_on=pending_on)
        paginator = BoundedPageNumberPagination()
        page = paginator.paginate_queryset(qs, request)
        return paginator.get_paginated_response([ProcedureSerializer(p).data for p in page])


class ProcedureDetailView(APIView):
    @extend_schema(responses=ProcedureDetailSerializer)
    def get(self, request, pk):
        return Response(ProcedureDetailSerializer(
            selectors.procedure_get(user=request.user, pk=pk)).data)


class InterviewSerializer(serializers.Serializer):
    held_on = serializers.DateField(required=False, help_text=_(
        "The day of the interview (default today); not before the procedure opened."))
    mode = serializers.CharField(max_length=16)
    joint_with = serializers.ChoiceField(choices=["", "police", "prosecutor"], required=False)
    interpreter_language = serializers.CharField(max_length=3, required=False, allow_blank=True)
    location = serializers.CharField(max_length=100, required=False, allow_blank=True)
    notes = serializers.CharField(max_length=10000, required=False, allow_blank=True)


class InterviewRecordedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    held_on = serializers.DateField()
    interviews = serializers.IntegerField(help_text=_("Interviews in the procedure so far."))


class InterviewView(APIView):
    @extend_schema(request=InterviewSerializer, responses={201: InterviewRecordedSerializer})
    @idempotent
    def post(self, request, pk):
        procedure = selectors.procedure_get(user=request.user, pk=pk)
        data = InterviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        interview = services.interview_record(actor=request.user, procedure=procedure,
                                              **data.validated_data)
        return Response(InterviewRecordedSerializer({
            "id": interview.pk, "held_on": interview.held_on,
            "interviews": procedure.interviews.count()}).data, status=201)


class IndicatorsSerializer(serializers.Serializer):
    indicators = serializers.ListField(child=serializers.IntegerField(), max_length=500)
    assessed_at = moment(_("When the indicators newly present were assessed; not before the "
                           "procedure opened."))


class IndicatorsAssessedSerializer(serializers.Serializer):
    present = serializers.IntegerField(help_text=_("Formal indicators now present."))


class IndicatorsView(APIView):
    """Set the formal indicators found present (ids from `/api/v1/checklists/?kind=formal`)."""

    @extend_schema(request=IndicatorsSerializer, responses=IndicatorsAssessedSerializer)
    def post(self, request, pk):
        procedure = selectors.procedure_get(user=request.user, pk=pk)
        data = IndicatorsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        count = services.indicators_assess(
            actor=request.user, procedure=procedure, indicator_ids=data.validated_data["indicators"],
            assessed_at=data.validated_data.get("assessed_at"))
        return Response(IndicatorsAssessedSerializer({"present": count}).data)


class NoteSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=10000)


class NoteAddedSerializer(serializers.Serializer):
    id = serializers.IntegerField()


class NoteView(APIView):
    @extend_schema(request=NoteSerializer, responses={201: NoteAddedSerializer})
    @idempotent
    def post(self, request, pk):
        procedure = selectors.procedure_get(user=request.user, pk=pk)
        data = NoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        note = services.note_add(actor=request.user, procedure=procedure, **data.validated_data)
        return Response(NoteAddedSerializer(note).data, status=201)


class ResumeView(APIView):
    @extend_schema(request=None, responses=ProcedureSerializer)
    def post(self, request, pk):
        procedure = selectors.procedure_get(user=request.user, pk=pk)
        return Response(ProcedureSerializer(services.procedure_resume(actor=request.user,
                                                                      procedure=procedure)).data)


class FormSerializer(serializers.Serializer):
    form = serializers.CharField(max_length=32)
    subtype = serializers.CharField(max_length=48, required=False, allow_blank=True)


def _codes(max_length=20):
    return serializers.ListField(child=serializers.CharField(max_length=48), required=False,
                                 max_length=max_length)


class DecisionSerializer(serializers.Serializer):
    outcome = serializers.CharField(max_length=16)
    person = serializers.CharField(max_length=20, required=False)
    decided_at = moment(_("When the decision was made; not before the procedure opened."))
    approved_at = moment(_("A manager's own decision only, which takes effect at once: when it "
                           "took effect (default `decided_at`); not before it was made."))
    reason = serializers.CharField(max_length=48, required=False, allow_blank=True)
    reason_note = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    forms = FormSerializer(many=True, required=False, max_length=11)
    recruitment_methods = _codes()
    recruitment_online = serializers.BooleanField(required=False, allow_null=True)
    exploiter_relations = _codes()
    control_methods = _codes()
    exploitation_began_on = serializers.DateField(required=False, allow_null=True)
    exploitation_months = serializers.IntegerField(required=False, allow_null=True)
    origin_country = serializers.CharField(max_length=2, required=False, allow_blank=True)
    exploitation_country = serializers.CharField(max_length=2, required=False, allow_blank=True)
    exploitation_municipality = serializers.CharField(max_length=100, required=False,
                                                      allow_blank=True)
    exploitation_intended = serializers.BooleanField(required=False)
    identified_where = serializers.CharField(max_length=32, required=False, allow_blank=True)
    mixed_migration = serializers.BooleanField(required=False, allow_null=True)
    child_school_attendance = serializers.BooleanField(required=False, allow_null=True)
    child_in_institutional_care = serializers.BooleanField(required=False, allow_null=True)
    child_parent_complicit = serializers.BooleanField(required=False, allow_null=True)


class DecisionView(APIView):
    """Propose a decision. A manager's takes effect at once and supersedes a caseworker's
    proposal awaiting approval."""

    @extend_schema(request=DecisionSerializer, responses={201: DecisionOutSerializer})
    @idempotent
    def post(self, request, pk):
        procedure = selectors.procedure_get(user=request.user, pk=pk)
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decision = services.decision_propose(actor=request.user, procedure=procedure,
                                             **data.validated_data)
        return Response(DecisionOutSerializer(decision).data, status=201)


def _decision(request, pk) -> Decision:
    return Decision.objects.filter(
        procedure__in=selectors.procedure_list(user=request.user)).get(pk=pk)


class ApproveSerializer(serializers.Serializer):
    approved_at = moment(_("When the decision took effect; not before it was made."))


class DecisionApproveView(APIView):
    @extend_schema(request=ApproveSerializer, responses=DecisionOutSerializer)
    def post(self, request, pk):
        decision = _decision(request, pk)
        access.require(request.user, "procedure.approve")
        data = ApproveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(DecisionOutSerializer(services.decision_approve(
            actor=request.user, decision=decision, **data.validated_data)).data)


class ReturnSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=10000)


class DecisionReturnView(APIView):
    @extend_schema(request=ReturnSerializer, responses=DecisionOutSerializer)
    def post(self, request, pk):
        decision = _decision(request, pk)
        access.require(request.user, "procedure.approve")
        data = ReturnSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(DecisionOutSerializer(services.decision_return(
            actor=request.user, decision=decision, **data.validated_data)).data)


class InformedSerializer(serializers.Serializer):
    how = serializers.CharField(max_length=32)
    informed_at = moment(_("When the person was told; not before the decision took effect."))
    complaint_right_explained = serializers.BooleanField(default=False)


class DecisionInformedView(APIView):
    """Record that the person was informed of the outcome and of their right to complain."""

    @extend_schema(request=InformedSerializer, responses=DecisionOutSerializer)
    def post(self, request, pk):
        decision = _decision(request, pk)
        access.require(request.user, "procedure.work")
        data = InformedSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(DecisionOutSerializer(services.person_informed(
            actor=request.user, decision=decision, **data.validated_data)).data)


class AlertListView(PagedView):
    """24-hour alerts: the Centre's (`overdue=true` for those not sent in time), or those
    sent to the caller's organisation (pseudonyms only)."""

    @extend_schema(parameters=[OpenApiParameter("overdue", str, required=False)],
                   responses=AlertSerializer(many=True))
    def get(self, request):
        qs = selectors.alert_list(user=request.user, overdue=_flag(request.query_params.get("overdue")))
        paginator = BoundedPageNumberPagination()
        page = paginator.paginate_queryset(qs, request)
        return paginator.get_paginated_response([AlertSerializer(a).data for a in page])


class AlertSentSerializer(serializers.Serializer):
    organisation = serializers.SlugRelatedField(
        slug_field="code", queryset=Organisation.objects.filter(active=True), required=False)
    channel = serializers.CharField(max_length=32, required=False, allow_blank=True)
    sent_at = moment(_("When the alert went out; not before the report was received."))


class AlertSentView(APIView):
    @extend_schema(request=AlertSentSerializer, responses=AlertSerializer)
    def post(self, request, pk):
        alert = selectors.alert_list(user=request.user).get(pk=pk)
        data = AlertSentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(AlertSerializer(services.alert_mark_sent(
            actor=request.user, alert=alert, **data.validated_data)).data)
