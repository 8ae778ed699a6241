"""REST API of the justice track."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from atis.core.api_actions import PagedView, action_view, paginated
from atis.core.api_fields import step_day
from atis.core.errors import DomainError
from atis.core.models import Organisation
from atis.justice import selectors, services
from atis.justice.models import (
    CriminalCase,
    DamagedParty,
    Defendant,
    LegalAssistanceRequest,
    Notification,
    ProceedingEvent,
    RiskAssessment,
)

ORGS = Organisation.objects.filter(active=True)


def _org(**kwargs):
    return serializers.SlugRelatedField(slug_field="code", queryset=ORGS, **kwargs)


def notification_text(notification: Notification) -> str:
    """What a notification says: the event, the case and the pseudonym — never a name."""
    event = notification.event
    return _("%(event)s on %(day)s — case %(case)s, person %(person)s") % {
        "event": event.get_kind_display(), "day": event.on, "case": event.case.reference,
        "person": notification.person.pseudonym}


# --- output ---------------------------------------------------------------------------------

class DefendantSerializer(serializers.ModelSerializer):
    citizenship = serializers.CharField(source="citizenship.code", default=None, read_only=True)

    class Meta:
        model = Defendant
        fields = ["id", "pseudonym", "sex", "birth_year", "citizenship", "role", "stage",
                  "in_custody"]


class DamagedPartySerializer(serializers.ModelSerializer):
    pseudonym = serializers.CharField(source="person.pseudonym", read_only=True)

    class Meta:
        model = DamagedParty
        fields = ["id", "pseudonym", "pvw_status", "proxy", "video_link", "separate_room",
                  "public_excluded", "times_heard", "claim_route", "compensation_claimed",
                  "compensation_awarded", "compensation_paid"]


class EventSerializer(serializers.ModelSerializer):
    defendant = serializers.CharField(source="defendant.pseudonym", default=None, read_only=True)
    damaged_party = serializers.CharField(source="damaged_party.person.pseudonym", default=None,
                                          read_only=True)
    court = serializers.CharField(source="court.code", default=None, read_only=True)

    class Meta:
        model = ProceedingEvent
        fields = ["id", "kind", "on", "defendant", "damaged_party", "court", "sentence_months",
                  "fine", "confiscation", "outcome", "reclassified_to", "recorded_at"]


class CaseSerializer(serializers.ModelSerializer):
    offences = serializers.SerializerMethodField()
    police_administration = serializers.CharField(source="police_administration.code",
                                                  default=None, read_only=True)
    prosecutor_office = serializers.CharField(source="prosecutor_office.code", default=None,
                                              read_only=True)

    class Meta:
        model = CriminalCase
        fields = ["id", "reference", "opened_on", "offences", "police_administration",
                  "prosecutor_office", "police_number", "prosecution_number", "court_number",
                  "special_evidence", "financial_investigation", "digital_evidence", "created_at"]

    def get_offences(self, case) -> list[str]:
        return [o.offence for o in case.offences.all()]


class CaseDetailSerializer(CaseSerializer):
    defendants = DefendantSerializer(many=True, source="defendants.all")
    damaged_parties = DamagedPartySerializer(many=True, source="damaged_parties.all")
    events = EventSerializer(many=True, source="events.all")

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "defendants", "damaged_parties", "events"]


class NotificationSerializer(serializers.ModelSerializer):
    text = serializers.SerializerMethodField()
    pseudonym = serializers.CharField(source="person.pseudonym", read_only=True)
    case = serializers.CharField(source="event.case.reference", read_only=True)
    kind = serializers.CharField(source="event.kind", read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "text", "kind", "case", "pseudonym", "created_at", "acknowledge_by",
                  "read_at", "acted_at", "overdue"]

    def get_text(self, notification) -> str:
        return notification_text(notification)

    def get_overdue(self, notification) -> bool:
        return notification.read_at is None and notification.acknowledge_by < timezone.now()


class RiskSerializer(serializers.ModelSerializer):
    pseudonym = serializers.CharField(source="person.pseudonym", read_only=True)
    organisation = serializers.CharField(source="organisation.code", read_only=True)

    class Meta:
        model = RiskAssessment
        fields = ["id", "pseudonym", "organisation", "due_on", "level", "assessed_on", "completed_at",
                  "created_at"]


class LegalAssistanceSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code", read_only=True)

    class Meta:
        model = LegalAssistanceRequest
        fields = ["id", "direction", "type", "country", "case", "requested_on", "outcome",
                  "outcome_on", "recorded_at"]


# --- input ------------------------------------------------------------------------------

class CaseIn(serializers.Serializer):
    opened_on = step_day("The day the criminal report was filed; default: today.")
    offences = serializers.ListField(child=serializers.CharField(max_length=32), max_length=10)
    police_administration = _org(required=False, allow_null=True)
    prosecutor_office = _org(required=False, allow_null=True)
    courts = _org(many=True, required=False)
    police_number = serializers.CharField(max_length=50, required=False, allow_blank=True)
    prosecution_number = serializers.CharField(max_length=50, required=False, allow_blank=True)
    court_number = serializers.CharField(max_length=50, required=False, allow_blank=True)
    special_evidence = serializers.BooleanField(default=False)
    financial_investigation = serializers.BooleanField(default=False)
    digital_evidence = serializers.BooleanField(default=False)


class DefendantIn(serializers.Serializer):
    sex = serializers.CharField(max_length=16, default="unknown")
    birth_year = serializers.IntegerField(required=False, allow_null=True)
    citizenship = serializers.CharField(max_length=2, required=False, allow_blank=True)
    role = serializers.CharField(max_length=32, default="unknown")
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    person = serializers.CharField(max_length=20, required=False, allow_blank=True)


class PersonIn(serializers.Serializer):
    person = serializers.CharField(max_length=20)


class ProtectionIn(serializers.Serializer):
    pvw_status = serializers.CharField(max_length=16, required=False)
    proxy = serializers.BooleanField(required=False)
    video_link = serializers.BooleanField(required=False)
    separate_room = serializers.BooleanField(required=False)
    public_excluded = serializers.BooleanField(required=False)
    times_heard = serializers.IntegerField(required=False, min_value=0, max_value=100)
    claim_route = serializers.CharField(max_length=16, required=False, allow_blank=True)
    compensation_claimed = serializers.DecimalField(max_digits=14, decimal_places=2, required=False,
                                                    allow_null=True)
    compensation_awarded = serializers.DecimalField(max_digits=14, decimal_places=2, required=False,
                                                    allow_null=True)
    compensation_paid = serializers.DecimalField(max_digits=14, decimal_places=2, required=False,
                                                 allow_null=True)


class EventIn(serializers.Serializer):
    kind = serializers.CharField(max_length=32)
    on = step_day("The day of the event (default: today): not before the case was opened, the "
              "defendant's previous step (a judgement not before the indictment, an appeal not "
              "before the judgement) or, for a release, the detention it ends. Only hearings, "
              "hearings of the damaged party and releases may be dated ahead.")
    defendant = serializers.CharField(max_length=20, required=False, allow_blank=True)
    damaged_party = serializers.CharField(max_length=20, required=False, allow_blank=True)
    court = _org(required=False, allow_null=True)
    sentence_months = serializers.IntegerField(required=False, allow_null=True)
    fine = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    confiscation = serializers.BooleanField(default=False)
    outcome = serializers.CharField(max_length=16, required=False, allow_blank=True)
    reclassified_to = serializers.CharField(max_length=32, required=False, allow_blank=True)


class MarkIn(serializers.Serializer):
    acted = serializers.BooleanField(default=False)


class RiskIn(serializers.Serializer):
    level = serializers.CharField(max_length=8)
    outcome = serializers.CharField(max_length=5000)
    assessed_on = step_day("The day the risk was assessed: not before the case was opened; "
                       "default: today.")


class LegalAssistanceIn(serializers.Serializer):
    direction = serializers.CharField(max_length=16)
    type = serializers.CharField(max_length=16)
    country = serializers.CharField(max_length=2)
    requested_on = step_day("Default: today.")
    case = serializers.IntegerField(required=False, allow_null=True)


class OutcomeIn(serializers.Serializer):
    outcome = serializers.CharField(max_length=16)
    on = step_day("The day of the outcome: not before the request; default: today.")


# --- adapters ------------------------------------------------------------------------------

def _case(request, pk):
    return selectors.case_get(user=request.user, pk=pk)


def _record_event(user, case, data):
    data["defendant"] = _by_pseudonym(case.defendants, "pseudonym", data.get("defendant"), "defendant")
    data["damaged_party"] = _by_pseudonym(case.damaged_parties, "person__pseudonym",
                                          data.get("damaged_party"), "damaged_party")
    return services.event_record(actor=user, case=case, **data)


def _by_pseudonym(queryset, field, value, name):
    if not value:
        return None
    found = queryset.filter(**{field: value}).first()
    if found is None:
        raise DomainError({name: _("Not in this case: %(p)s.") % {"p": value}})
    return found


def _protection(user, case, data):
    party = _by_pseudonym(case.damaged_parties, "person__pseudonym", data.pop("person"), "person")
    return services.damaged_party_update(actor=user, party=party, **data)


class ProtectionUpdateIn(ProtectionIn):
    person = serializers.CharField(max_length=20)


def _legal_assistance(user, _none, data):
    case_id = data.pop("case", None)
    case = selectors.case_list(user=user).filter(pk=case_id).first() if case_id else None
    return services.legal_assistance_record(actor=user, case=case, **data)


CaseCreate = action_view("CaseCreate", request_serializer=CaseIn, lookup=lambda request: None,
                         requires="case.create",
                         status=201, response_serializer=CaseSerializer,
                         service=lambda u, _n, d: services.case_open(actor=u, **d),
                         doc="Open a criminal case (police, prosecutors).")
DefendantCreate = action_view("DefendantCreate", request_serializer=DefendantIn, lookup=_case,
                              requires="case.edit",
                              status=201, response_serializer=DefendantSerializer,
                              service=lambda u, c, d: services.defendant_add(actor=u, case=c, **d))
DamagedPartyCreate = action_view(
    "DamagedPartyCreate", request_serializer=PersonIn, lookup=_case, status=201,
    requires="case.edit",
    response_serializer=DamagedPartySerializer,
    service=lambda u, c, d: services.damaged_party_add(actor=u, case=c, person=d["person"]))
DamagedPartyUpdate = action_view("DamagedPartyUpdate", request_serializer=ProtectionUpdateIn,
                                 requires="case.edit",
                                 lookup=_case, response_serializer=DamagedPartySerializer,
                                 service=_protection)
EventCreate = action_view("EventCreate", request_serializer=EventIn, lookup=_case, status=201,
                          requires="event.record",
                          response_serializer=EventSerializer, service=_record_event,
                          doc="Record a proceeding event; notifies the victims' network.")
NotificationMark = action_view(
    "NotificationMark", request_serializer=MarkIn,
    lookup=lambda request, pk: selectors.notification_inbox(user=request.user).get(pk=pk),
    response_serializer=NotificationSerializer,
    service=lambda u, n, d: services.notification_mark(actor=u, notification=n, **d))
RiskComplete = action_view(
    "RiskComplete", request_serializer=RiskIn,
    lookup=lambda request, pk: selectors.risk_assessments(user=request.user).get(pk=pk),
    response_serializer=RiskSerializer,
    service=lambda u, r, d: services.risk_assessment_complete(actor=u, assessment=r, **d))
LegalAssistanceCreate = action_view(
    "LegalAssistanceCreate", request_serializer=LegalAssistanceIn, lookup=lambda request: None,
    requires="legal_assistance.record",
    status=201, response_serializer=LegalAssistanceSerializer, service=_legal_assistance)
LegalAssistanceOutcome = action_view(
    "LegalAssistanceOutcome", request_serializer=OutcomeIn,
    requires="legal_assistance.record",
    lookup=lambda request, pk: selectors.legal_assistance(user=request.user).get(pk=pk),
    response_serializer=LegalAssistanceSerializer,
    service=lambda u, r, d: services.legal_assistance_outcome(actor=u, request=r, **d))


class CaseListView(PagedView):
    """Criminal cases the caller may see (police, prosecutors and courts: their own)."""

    @extend_schema(responses=CaseSerializer(many=True))
    def get(self, request):
        return paginated(request, selectors.case_list(user=request.user), CaseSerializer)


class CaseDetailView(APIView):
    @extend_schema(responses=CaseDetailSerializer)
    def get(self, request, pk):
        return Response(CaseDetailSerializer(_case(request, pk)).data)


class NotificationListView(PagedView):
    """The caller's notifications (`unread=true`, `overdue=true`: not acknowledged in time)."""

    @extend_schema(parameters=[OpenApiParameter("unread", str, required=False),
                               OpenApiParameter("overdue", str, required=False)],
                   responses=NotificationSerializer(many=True))
    def get(self, request):
        flag = lambda name: request.query_params.get(name, "").lower() in ("1", "true")  # noqa: E731
        return paginated(request, selectors.notification_inbox(
            user=request.user, unread=flag("unread"), overdue=flag("overdue")), NotificationSerializer)


class RiskListView(PagedView):
    @extend_schema(responses=RiskSerializer(many=True))
    def get(self, request):
        return paginated(request, selectors.risk_assessments(user=request.user), RiskSerializer)


class LegalAssistanceListView(PagedView):
    @extend_schema(responses=LegalAssistanceSerializer(many=True))
    def get(self, request):
        return paginated(request, selectors.legal_assistance(user=request.user), LegalAssistanceSerializer)
