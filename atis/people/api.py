"""REST API for persons: pseudonymised records, audited identity reads, duplicate checks."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from atis.core import access
from atis.core.api_actions import action_view
from atis.core.api_fields import step_day
from atis.core.idempotency import idempotent
from atis.core.models import Team, User
from atis.people import selectors, services
from atis.people.identifiers import LIST_LIMITS, MAX_ITEMS, TEXT_LIMITS
from atis.people.models import REASON_MAX_LENGTH


class DocumentSerializer(serializers.Serializer):
    type = serializers.CharField(max_length=48)
    number = serializers.CharField(max_length=50)
    country = serializers.CharField(max_length=2, required=False, allow_blank=True)


def _text_list(name):
    return serializers.ListField(child=serializers.CharField(max_length=LIST_LIMITS[name]),
                                 max_length=MAX_ITEMS, required=False)


class IdentitySerializer(serializers.Serializer):
    given_name = serializers.CharField(max_length=TEXT_LIMITS["given_name"], required=False,
                                       allow_blank=True)
    family_name = serializers.CharField(max_length=TEXT_LIMITS["family_name"], required=False,
                                        allow_blank=True)
    place_of_birth = serializers.CharField(max_length=TEXT_LIMITS["place_of_birth"],
                                           required=False, allow_blank=True)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    aliases = _text_list("aliases")
    phones = _text_list("phones")
    addresses = _text_list("addresses")
    documents = DocumentSerializer(many=True, required=False, max_length=MAX_ITEMS)


class PersonFieldsSerializer(serializers.Serializer):
    """The attributes of a new person (shared by person creation and reports)."""

    sex = serializers.CharField(max_length=16, default="unknown")
    birth_year = serializers.IntegerField(required=False, allow_null=True, min_value=1900,
                                          max_value=2100)
    citizenships = serializers.ListField(child=serializers.CharField(max_length=2),
                                         required=False, max_length=5)
    languages = serializers.ListField(child=serializers.CharField(max_length=3),
                                      required=False, max_length=10)
    identity = IdentitySerializer(required=False, write_only=True)


class PersonSerializer(PersonFieldsSerializer):
    pseudonym = serializers.CharField(read_only=True)
    first_known_on = serializers.DateField(required=False)

    def to_representation(self, person):
        return {"pseudonym": person.pseudonym, "sex": person.sex, "birth_year": person.birth_year,
                "citizenships": [c.code for c in person.citizenships.all()],
                "languages": [lang.code for lang in person.languages.all()],
                "first_known_on": person.first_known_on}


class PersonListView(ListAPIView):
    """Persons the caller may see (pseudonymised). POST creates one (the Centre only)."""

    serializer_class = PersonSerializer

    def get_queryset(self):
        return selectors.person_list(user=self.request.user).prefetch_related("languages")

    @extend_schema(request=PersonSerializer, responses={201: PersonSerializer})
    @idempotent
    def post(self, request):
        data = PersonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = services.person_create(actor=request.user, **data.validated_data)
        return Response(PersonSerializer(person).data, status=201)


class PersonDetailView(APIView):
    @extend_schema(responses=PersonSerializer)
    def get(self, request, pseudonym):
        return Response(PersonSerializer(selectors.person_get(user=request.user,
                                                              pseudonym=pseudonym)).data)


class PersonIdentityView(APIView):
    """The person's decrypted identity, for a person in the caller's caseload. Audited.
    Outside it the reason must be given (break the glass): POST it to `identity/reveal/`
    (a reason never travels in a URL, where proxies and logs would keep it)."""

    @extend_schema(responses=IdentitySerializer)
    def get(self, request, pseudonym):
        person = selectors.person_get(user=request.user, pseudonym=pseudonym)
        identity = selectors.person_identity(user=request.user, person=person)
        return Response(IdentitySerializer(identity).data)


class RevealSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True,
                                   help_text="Why you read this identity (required outside "
                                             "your caseload; kept in the audit trail).")


class PersonIdentityRevealView(APIView):
    """The person's decrypted identity, with the break-the-glass `reason` in the body.
    Audited with the reason; without one outside the caller's caseload it is a 400."""

    @extend_schema(request=RevealSerializer, responses=IdentitySerializer)
    def post(self, request, pseudonym):
        data = RevealSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = selectors.person_get(user=request.user, pseudonym=pseudonym)
        identity = selectors.person_identity(user=request.user, person=person,
                                             reason=data.validated_data.get("reason", ""))
        return Response(IdentitySerializer(identity).data)


class DuplicateMatchSerializer(serializers.Serializer):
    pseudonym = serializers.CharField()
    matched_on = serializers.ListField(child=serializers.CharField())


class DuplicateCheckView(APIView):
    """Persons already known who share an identifier with the one about to be recorded."""

    @extend_schema(request=IdentitySerializer, responses=DuplicateMatchSerializer(many=True))
    def post(self, request):
        data = IdentitySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = {k: v for k, v in data.validated_data.items()
                  if k in ("given_name", "family_name", "date_of_birth", "documents", "phones")}
        matches = selectors.likely_duplicates(user=request.user, **fields)
        return Response([{"pseudonym": p.pseudonym, "matched_on": kinds} for p, kinds in matches])


# --- transferring a case ------------------------------------------------------------------

class ReassignIn(serializers.Serializer):
    user = serializers.SlugRelatedField(
        slug_field="username", queryset=User.objects.all(), required=False, allow_null=True,
        help_text="The Centre caseworker (or manager) who takes the case, by username.")
    team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.all(), required=False, allow_null=True,
        help_text="Or the Centre team that takes the case, by id (give one of the two).")
    reason = serializers.CharField(
        max_length=REASON_MAX_LENGTH, allow_blank=True, trim_whitespace=True,
        help_text="Why the case changes hands (required; kept, encrypted, with the case's "
                  "assignment history, never in the audit trail).")
    effective_on = step_day("The day the new assignment takes effect (YYYY-MM-DD): not in "
                            "the future, not before the current assignment began; default: "
                            "today.")


class AssignmentSerializer(serializers.Serializer):
    """One assignment of a case (its reason is shown on the page, not here)."""

    id = serializers.IntegerField(read_only=True)
    user = serializers.CharField(source="user.username", read_only=True, allow_null=True,
                                 help_text="The caseworker's username (or null: a team).")
    team = serializers.IntegerField(source="team_id", read_only=True, allow_null=True)
    assigned_at = serializers.DateTimeField(read_only=True,
                                            help_text="When the assignment took effect.")
    assigned_by = serializers.CharField(source="assigned_by.username", read_only=True,
                                        allow_null=True)
    active = serializers.BooleanField(read_only=True)
    ended_at = serializers.DateTimeField(read_only=True, allow_null=True,
                                         help_text="When it ended (null while it lasts).")
    ended_by = serializers.CharField(source="ended_by.username", read_only=True,
                                     allow_null=True)


class ReassignmentSerializer(serializers.Serializer):
    pseudonym = serializers.CharField(source="assignment.person.pseudonym", read_only=True)
    assignment = AssignmentSerializer(read_only=True,
                                      help_text="The new, active assignment.")
    ended = AssignmentSerializer(many=True, read_only=True,
                                 help_text="The assignments this transfer ended.")
    notified = serializers.IntegerField(read_only=True,
                                        help_text="How many users were notified.")


def _person_to_reassign(request, pseudonym):
    # The role before the person: every role but the Centre manager's gets 403, whatever
    # the pseudonym (as the page does).
    access.require_role(request.user, "person.assign")
    return selectors.person_get(user=request.user, pseudonym=pseudonym)


PersonReassign = action_view(
    "PersonReassign", request_serializer=ReassignIn, lookup=_person_to_reassign,
    response_serializer=ReassignmentSerializer,
    service=lambda u, person, d: services.case_reassign(actor=u, person=person, **d),
    doc="Transfer the person's case to another Centre caseworker or team (Centre managers): "
        "the current assignments end and stay in the history, the new assignee is notified. "
        "Audited without the reason.")
