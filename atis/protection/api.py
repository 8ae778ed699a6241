"""REST API of protection: consent, conferences, plans, tasks, services, the Shelter,
placements and foreign victims' status."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from atis.core.api_actions import PagedView, action_view, paginated
from atis.core.api_fields import step_day
from atis.core.errors import DomainError
from atis.core.models import Organisation
from atis.people import policy as people_policy
from atis.people import selectors as people
from atis.protection import policy as protection_policy
from atis.protection import selectors, services
from atis.protection.models import (
    CaseConference,
    Consent,
    Placement,
    PlacementRefusal,
    PlanTask,
    PlanVersion,
    ProtectionPlan,
    ResidenceStatus,
    ServiceRecord,
    ShelterStay,
)

ORGS = Organisation.objects.filter(active=True)


def _org_field(**kwargs):
    return serializers.SlugRelatedField(slug_field="code", queryset=ORGS, **kwargs)


# --- output ---------------------------------------------------------------------------

class TaskSerializer(serializers.ModelSerializer):
    pseudonym = serializers.CharField(source="plan.person.pseudonym", read_only=True)
    organisation = serializers.CharField(source="organisation.code", read_only=True)
    overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = PlanTask
        fields = ["id", "pseudonym", "area", "goal", "organisation", "due_on", "status",
                  "completed_on", "overdue"]


class PlanVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanVersion
        fields = ["version", "revised_on", "note", "created_at"]


class PlanSerializer(serializers.ModelSerializer):
    pseudonym = serializers.CharField(source="person.pseudonym", read_only=True)
    versions = PlanVersionSerializer(many=True, read_only=True,
                                     help_text="Earlier versions, each replaced on `revised_on`.")

    class Meta:
        model = ProtectionPlan
        fields = ["id", "pseudonym", "status", "version", "started_on", "review_due",
                  "closed_on", "closure_reason", "versions", "created_at"]


class ServiceSerializer(serializers.ModelSerializer):
    pseudonym = serializers.CharField(source="person.pseudonym", read_only=True)
    provider = serializers.CharField(source="provider.code", read_only=True)

    class Meta:
        model = ServiceRecord
        fields = ["id", "pseudonym", "service", "delivered_on", "provider", "task", "sessions",
                  "recorded_at"]


class StaySerializer(serializers.ModelSerializer):
    pseudonym = serializers.CharField(source="person.pseudonym", read_only=True)

    class Meta:
        model = ShelterStay
        fields = ["id", "pseudonym", "admitted_on", "phase", "ends_on", "extended",
                  "accompanying_children", "pregnant", "is_return", "left_on",
                  "departure_reason", "destination", "recorded_at"]


class ConsentSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.code", read_only=True)

    class Meta:
        model = Consent
        fields = ["id", "organisation", "area", "share_identity", "given_by", "given_on",
                  "withdrawn_on", "recorded_at"]


class ConferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseConference
        fields = ["id", "held_on", "victim_participated", "guardian_participated", "recorded_at"]


class PlacementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Placement
        fields = ["id", "kind", "organisation", "started_on", "ended_on", "recorded_at"]


class RefusalSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlacementRefusal
        fields = ["id", "kind", "organisation", "requested_on", "refused_on", "reason", "child",
                  "recorded_at"]


class ResidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = ResidenceStatus
        fields = ["id", "kind", "applied_on", "centre_opinion_on", "centre_opinion_positive",
                  "decision", "decided_on", "expires_on", "border_police_notified_on",
                  "recorded_at"]


class ProtectionFileSerializer(serializers.Serializer):
    plan = PlanSerializer(allow_null=True)
    tasks = TaskSerializer(many=True)
    services = ServiceSerializer(many=True)
    stays = StaySerializer(many=True)
    consents = ConsentSerializer(many=True, required=False)
    placements = PlacementSerializer(many=True, required=False)
    refusals = RefusalSerializer(many=True, required=False)
    residence = ResidenceSerializer(many=True, required=False)


# --- lookups --------------------------------------------------------------------------

def _person(request, pseudonym):
    return people.person_get(user=request.user, pseudonym=pseudonym)


def _plan(request, pk):
    return ProtectionPlan.objects.filter(person__in=people_policy.visible_persons(request.user)).get(pk=pk)


def _consent(request, pk):
    return Consent.objects.filter(person__in=people_policy.visible_persons(request.user)).get(pk=pk)


def _residence(request, pk):
    return ResidenceStatus.objects.filter(
        person__in=people_policy.visible_persons(request.user)).get(pk=pk)


# --- input ----------------------------------------------------------------------------

class ConsentIn(serializers.Serializer):
    organisation = _org_field()
    area = serializers.CharField(max_length=32, required=False, allow_blank=True)
    share_identity = serializers.BooleanField(default=False)
    given_by = serializers.CharField(max_length=16, default="person")
    given_on = step_day("The day consent was given (not before the person was first known); "
                    "default: today.")


class WithdrawIn(serializers.Serializer):
    withdrawn_on = step_day("Not before the consent was given; default: today.")


class NoticeIn(serializers.Serializer):
    on = step_day("The day the border police were notified (not before the application or "
              "the decision); default: today.")


class ConferenceIn(serializers.Serializer):
    held_on = step_day("Not before the identification procedure opened; default: today.")
    organisations = _org_field(many=True)
    participants = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    victim_participated = serializers.BooleanField(default=False)
    guardian_participated = serializers.BooleanField(default=False)
    decisions = serializers.CharField(max_length=10000, required=False, allow_blank=True)


class TaskIn(serializers.Serializer):
    area = serializers.CharField(max_length=32)
    goal = serializers.CharField(max_length=2000)
    organisation = _org_field()
    due_on = serializers.DateField()


class PlanIn(serializers.Serializer):
    tasks = TaskIn(many=True, max_length=100)
    conference = serializers.IntegerField(required=False, allow_null=True)
    started_on = step_day("Not before the case conference; tasks are not due before it; "
                      "default: today.")
    review_due = serializers.DateField(required=False)
    social_work_centre = _org_field(required=False, allow_null=True)


class ReviseIn(serializers.Serializer):
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)
    add_tasks = TaskIn(many=True, required=False, max_length=100)
    cancel_tasks = serializers.ListField(child=serializers.IntegerField(), required=False)
    review_due = serializers.DateField(required=False)
    revised_on = step_day("Not before the plan started or its last revision; default: today.")


class CloseIn(serializers.Serializer):
    reason = serializers.CharField(max_length=48)
    closed_on = step_day("Not before the plan started or its last revision; default: today.")


class TaskStatusIn(serializers.Serializer):
    status = serializers.CharField(max_length=16)
    completed_on = step_day("For `done`: not before the plan started; default: today.")


class ServiceIn(serializers.Serializer):
    service = serializers.CharField(max_length=32)
    delivered_on = step_day("Not before the person was first known, nor (on a task) before the "
                        "plan started; default: today.")
    task = serializers.IntegerField(required=False, allow_null=True)
    sessions = serializers.IntegerField(default=1)
    outcome = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    provider = _org_field(required=False)


class AdmitIn(serializers.Serializer):
    person = serializers.CharField(max_length=20)
    shelter = _org_field()
    admitted_on = step_day("Not before the person was first known; default: today.")
    accompanying_children = serializers.IntegerField(default=0)
    pregnant = serializers.BooleanField(default=False)


class ExtendIn(serializers.Serializer):
    months = serializers.IntegerField()
    reason = serializers.CharField(max_length=2000)


class PhaseIn(serializers.Serializer):
    phase = serializers.CharField(max_length=16)
    on = step_day("The day the phase began: not before the admission or the previous phase; "
              "default: today.")


class LeaveIn(serializers.Serializer):
    left_on = step_day("Not before the admission or the current phase; default: today.")
    reason = serializers.CharField(max_length=32)
    destination = serializers.CharField(max_length=100, required=False, allow_blank=True)


class ExaminationIn(serializers.Serializer):
    examination = serializers.CharField(max_length=32)
    on = step_day("During the stay; default: today.")


class IncidentIn(serializers.Serializer):
    on = step_day("Not before the admission; default: today.")
    description = serializers.CharField(max_length=5000)
    police_informed = serializers.BooleanField(default=False)


class PlacementIn(serializers.Serializer):
    kind = serializers.CharField(max_length=32)
    organisation = _org_field(required=False, allow_null=True)
    started_on = step_day("Not before the person was first known; default: today.")
    ended_on = step_day("Not before the placement started; empty while it lasts.", allow_null=True)


class RefusalIn(serializers.Serializer):
    kind = serializers.CharField(max_length=32)
    organisation = _org_field()
    requested_on = step_day("Not before the person was first known; default: today.")
    refused_on = step_day("Not before the request; default: today.")
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True)


class ResidenceIn(serializers.Serializer):
    kind = serializers.CharField(max_length=20)
    applied_on = step_day()
    country = serializers.CharField(max_length=2, required=False, allow_blank=True)


class OpinionIn(serializers.Serializer):
    positive = serializers.BooleanField()
    on = step_day("The day the opinion was given: not before the application; default: today.")


class ResidenceDecisionIn(serializers.Serializer):
    decision = serializers.CharField(max_length=16)
    decided_on = step_day("Not before the application or the Centre's opinion; default: today.")
    expires_on = serializers.DateField(required=False, allow_null=True)


# --- services adapters (user, target, data) -> result ----------------------------------------

def _plan_create(user, person, data):
    conference = None
    if data.get("conference"):
        conference = person.case_conferences.filter(pk=data["conference"]).first()
    data["conference"] = conference
    return services.plan_create(actor=user, person=person, **data)


def _service(user, person, data):
    if data.get("task"):
        data["task"] = protection_policy.visible_tasks(user).filter(pk=data["task"]).first()
        if data["task"] is None:
            raise DomainError({"task": _("This task is not shared with your organisation.")})
    return services.service_record(actor=user, person=person, **data)


def _admit(user, _none, data):
    person = people.person_get(user=user, pseudonym=data.pop("person"))
    return services.stay_admit(actor=user, person=person, **data)


def _stay(request, pk):
    return selectors.stay_get(user=request.user, pk=pk)


ConsentCreate = action_view(
    "ConsentCreate", request_serializer=ConsentIn, lookup=_person, status=201,
    requires="protection.manage",
    response_serializer=ConsentSerializer, doc="Record what the person agreed to share.",
    service=lambda u, p, d: services.consent_record(actor=u, person=p, **d))
ConsentWithdraw = action_view(
    "ConsentWithdraw", request_serializer=WithdrawIn, lookup=_consent,
    requires="protection.manage",
    response_serializer=ConsentSerializer,
    service=lambda u, c, d: services.consent_withdraw(actor=u, consent=c, **d))
ConferenceCreate = action_view(
    "ConferenceCreate", request_serializer=ConferenceIn, lookup=_person, status=201,
    requires="protection.manage",
    response_serializer=ConferenceSerializer,
    service=lambda u, p, d: services.conference_record(actor=u, person=p, **d))
PlanCreate = action_view("PlanCreate", request_serializer=PlanIn, lookup=_person, status=201,
                         requires="protection.manage",
                         response_serializer=PlanSerializer, service=_plan_create,
                         doc="The individual protection plan, with its tasks.")
PlanRevise = action_view("PlanRevise", request_serializer=ReviseIn, lookup=_plan,
                         requires="protection.manage",
                         response_serializer=PlanSerializer,
                         service=lambda u, p, d: services.plan_revise(actor=u, plan=p, **d))
PlanClose = action_view("PlanClose", request_serializer=CloseIn, lookup=_plan,
                        requires="protection.manage",
                        response_serializer=PlanSerializer,
                        service=lambda u, p, d: services.plan_close(actor=u, plan=p, **d))
TaskStatus = action_view(
    "TaskStatus", request_serializer=TaskStatusIn,
    requires="task.update",
    lookup=lambda request, pk: protection_policy.visible_tasks(request.user).get(pk=pk),
    response_serializer=TaskSerializer,
    service=lambda u, t, d: services.task_set_status(actor=u, task=t, **d))
ServiceCreate = action_view("ServiceCreate", request_serializer=ServiceIn, lookup=_person,
                            requires="service.record",
                            status=201, response_serializer=ServiceSerializer, service=_service,
                            doc="Record a service given to the person.")
StayAdmit = action_view("StayAdmit", request_serializer=AdmitIn, lookup=lambda request: None,
                        requires="protection.manage",
                        status=201, response_serializer=StaySerializer, service=_admit)
StayExtend = action_view("StayExtend", request_serializer=ExtendIn, lookup=_stay,
                         requires="shelter.work",
                         response_serializer=StaySerializer,
                         service=lambda u, s, d: services.stay_extend(actor=u, stay=s, **d))
StayPhase = action_view("StayPhase", request_serializer=PhaseIn, lookup=_stay,
                        requires="shelter.work",
                        response_serializer=StaySerializer,
                        service=lambda u, s, d: services.stay_move_phase(actor=u, stay=s, **d))
StayLeave = action_view("StayLeave", request_serializer=LeaveIn, lookup=_stay,
                        requires="shelter.work",
                        response_serializer=StaySerializer,
                        service=lambda u, s, d: services.stay_leave(actor=u, stay=s, **d))
StayExamination = action_view(
    "StayExamination", request_serializer=ExaminationIn, lookup=_stay, status=201,
    requires="shelter.work",
    response_serializer=StaySerializer,
    service=lambda u, s, d: services.examination_record(actor=u, stay=s, **d).stay)
StayIncident = action_view(
    "StayIncident", request_serializer=IncidentIn, lookup=_stay, status=201,
    requires="shelter.work",
    response_serializer=StaySerializer,
    service=lambda u, s, d: services.incident_record(actor=u, stay=s, **d).stay)
PlacementCreate = action_view(
    "PlacementCreate", request_serializer=PlacementIn, lookup=_person, status=201,
    requires="protection.manage",
    response_serializer=PlacementSerializer,
    service=lambda u, p, d: services.placement_record(actor=u, person=p, **d))
RefusalCreate = action_view(
    "RefusalCreate", request_serializer=RefusalIn, lookup=_person, status=201,
    requires="protection.manage",
    response_serializer=RefusalSerializer,
    service=lambda u, p, d: services.placement_refusal_record(actor=u, person=p, **d))
ResidenceCreate = action_view(
    "ResidenceCreate", request_serializer=ResidenceIn, lookup=_person, status=201,
    requires="protection.manage",
    response_serializer=ResidenceSerializer,
    service=lambda u, p, d: services.residence_status_record(actor=u, person=p, **d))
ResidenceOpinion = action_view(
    "ResidenceOpinion", request_serializer=OpinionIn, lookup=_residence,
    requires="protection.manage",
    response_serializer=ResidenceSerializer,
    service=lambda u, s, d: services.residence_opinion(actor=u, status=s, **d))
ResidenceDecision = action_view(
    "ResidenceDecision", request_serializer=ResidenceDecisionIn, lookup=_residence,
    requires="protection.manage",
    response_serializer=ResidenceSerializer,
    service=lambda u, s, d: services.residence_decide(actor=u, status=s, **d))
BorderPolice = action_view(
    "BorderPolice", request_serializer=NoticeIn, lookup=_residence,
    requires="protection.manage",
    response_serializer=ResidenceSerializer,
    service=lambda u, s, d: services.border_police_notified(actor=u, status=s, **d))


class ProtectionFileView(APIView):
    """A person's protection as the caller may see it (a partner: its own tasks and
    services only)."""

    @extend_schema(responses=ProtectionFileSerializer)
    def get(self, request, pseudonym):
        data = selectors.protection_file(user=request.user, person=_person(request, pseudonym))
        return Response(ProtectionFileSerializer(data).data)


class TaskInboxView(PagedView):
    """Open tasks of the caller's organisation (`overdue=true`: past their deadline)."""

    @extend_schema(parameters=[OpenApiParameter("overdue", str, required=False)],
                   responses=TaskSerializer(many=True))
    def get(self, request):
        overdue = request.query_params.get("overdue", "").lower() in ("1", "true", "yes")
        return paginated(request, selectors.task_inbox(user=request.user, overdue=overdue),
                         TaskSerializer)


class ShelterOverviewSerializer(serializers.Serializer):
    occupancy = serializers.IntegerField()
    capacity = serializers.IntegerField(allow_null=True)
    residents = StaySerializer(many=True)
    ending_soon = StaySerializer(many=True)


class ShelterView(APIView):
    """Current residents, occupancy and stays ending within 30 days."""

    @extend_schema(responses=ShelterOverviewSerializer)
    def get(self, request):
        overview = selectors.shelter_overview(user=request.user)
        return Response({"occupancy": overview["occupancy"], "capacity": overview["capacity"],
                         "residents": StaySerializer(overview["residents"], many=True).data,
                         "ending_soon": StaySerializer(overview["ending_soon"], many=True).data})
