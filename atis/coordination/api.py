"""REST API of coordination: groups and meetings, memos and response rates, contact points."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from atis.coordination import selectors, services
from atis.coordination.models import ContactPoint, CoordinationGroup, Meeting, Memo
from atis.core.api_actions import PagedView, action_view, paginated
from atis.core.api_fields import step_day
from atis.core.models import Organisation
from atis.core.years import check_year

ORGS = Organisation.objects.filter(active=True)


def _org(**kwargs):
    return serializers.SlugRelatedField(slug_field="code", queryset=ORGS, **kwargs)


class GroupSerializer(serializers.ModelSerializer):
    convenor = serializers.CharField(source="convenor.code", read_only=True)
    last_met = serializers.DateField(read_only=True, default=None)

    class Meta:
        model = CoordinationGroup
        fields = ["id", "name", "kind", "convenor", "municipality", "meets_every_days", "last_met"]


class MeetingSerializer(serializers.ModelSerializer):
    organisations = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    cases = serializers.SlugRelatedField(slug_field="pseudonym", many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "group", "held_on", "organisations", "cases", "decisions", "recorded_at"]


class MemoSerializer(serializers.ModelSerializer):
    sender = serializers.CharField(source="sender.code", read_only=True)
    recipient = serializers.CharField(source="recipient.code", read_only=True)
    overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Memo
        fields = ["id", "reference", "kind", "sender", "recipient", "sent_on", "due_on",
                  "response", "responded_on", "overdue", "created_at"]


class RateSerializer(serializers.Serializer):
    recipient__code = serializers.CharField()
    recipient__name_en = serializers.CharField()
    recipient__type = serializers.CharField()
    total = serializers.IntegerField()
    written = serializers.IntegerField()
    oral = serializers.IntegerField()
    none = serializers.IntegerField()
    non_response_rate = serializers.FloatField()


class ContactSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.code", read_only=True)
    stale = serializers.SerializerMethodField()

    class Meta:
        model = ContactPoint
        fields = ["id", "organisation", "kind", "function", "phone", "email", "last_confirmed_on",
                  "stale"]

    def get_stale(self, contact) -> bool:
        return selectors.is_stale(contact)


class GroupIn(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    kind = serializers.CharField(max_length=16)
    convenor = _org()
    municipality = serializers.CharField(max_length=100, required=False, allow_blank=True)
    meets_every_days = serializers.IntegerField(required=False, allow_null=True)


class MeetingTaskIn(serializers.Serializer):
    description = serializers.CharField(max_length=500)
    owner = _org()
    due_on = serializers.DateField()


class MeetingIn(serializers.Serializer):
    held_on = step_day("The day the meeting was held; default: today. Tasks are not due before it.")
    organisations = _org(many=True)
    cases = serializers.ListField(child=serializers.CharField(max_length=20), required=False)
    decisions = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    minutes = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    tasks = MeetingTaskIn(many=True, required=False)


class MemoIn(serializers.Serializer):
    recipient = _org()
    kind = serializers.CharField(max_length=32)
    sent_on = step_day("The day the memo was sent; default: today.")
    subject = serializers.CharField(max_length=500, required=False, allow_blank=True)
    persons = serializers.ListField(child=serializers.CharField(max_length=20), required=False)
    due_on = serializers.DateField(required=False, allow_null=True)


class ResponseIn(serializers.Serializer):
    response = serializers.CharField(max_length=16)
    responded_on = step_day("The day of the reply: not before the memo was sent; default: today.")


class ContactIn(serializers.Serializer):
    organisation = _org()
    kind = serializers.CharField(max_length=32)
    function = serializers.CharField(max_length=200)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    last_confirmed_on = step_day("Default: today.")


GroupCreate = action_view("GroupCreate", request_serializer=GroupIn, lookup=lambda request: None,
                          requires="coordination.manage",
                          status=201, response_serializer=GroupSerializer,
                          service=lambda u, _n, d: services.group_create(actor=u, **d))
MeetingCreate = action_view(
    "MeetingCreate", request_serializer=MeetingIn, status=201, response_serializer=MeetingSerializer,
    requires="coordination.manage",
    lookup=lambda request, pk: selectors.groups(user=request.user).get(pk=pk),
    service=lambda u, g, d: services.meeting_record(actor=u, group=g, **d))
MemoCreate = action_view("MemoCreate", request_serializer=MemoIn, lookup=lambda request: None,
                         requires="memo.send",
                         status=201, response_serializer=MemoSerializer,
                         service=lambda u, _n, d: services.memo_send(actor=u, **d))
MemoResponse = action_view(
    "MemoResponse", request_serializer=ResponseIn, response_serializer=MemoSerializer,
    lookup=lambda request, pk: selectors.memos(user=request.user).get(pk=pk),
    service=lambda u, m, d: services.memo_response(actor=u, memo=m, **d))
ContactCreate = action_view("ContactCreate", request_serializer=ContactIn,
                            requires="contacts.manage",
                            lookup=lambda request: None, status=201,
                            response_serializer=ContactSerializer,
                            service=lambda u, _n, d: services.contact_point_save(actor=u, **d))


class GroupListView(APIView):
    @extend_schema(responses=GroupSerializer(many=True))
    def get(self, request):
        return Response(GroupSerializer(selectors.groups(user=request.user), many=True).data)


class MeetingListView(PagedView):
    @extend_schema(responses=MeetingSerializer(many=True))
    def get(self, request):
        return paginated(request, selectors.meetings(user=request.user), MeetingSerializer)


class MemoListView(PagedView):
    """Memos the caller's organisation sent or received."""

    @extend_schema(responses=MemoSerializer(many=True))
    def get(self, request):
        return paginated(request, selectors.memos(user=request.user), MemoSerializer)


class ResponseRateView(APIView):
    """Per-recipient response to memos (`year=YYYY` to restrict)."""

    @extend_schema(parameters=[OpenApiParameter("year", int, required=False)],
                   responses=RateSerializer(many=True))
    def get(self, request):
        year = request.query_params.get("year")  # a whole number (checked by api_strict)
        rows = selectors.response_rates(user=request.user,
                                        year=check_year(int(year)) if year else None)
        return Response(RateSerializer(rows, many=True).data)


class ContactListView(PagedView):
    """The contact-points directory (`stale=true`: not confirmed recently)."""

    @extend_schema(parameters=[OpenApiParameter("stale", str, required=False)],
                   responses=ContactSerializer(many=True))
    def get(self, request):
        stale = request.query_params.get("stale", "").lower() in ("1", "true")
        return paginated(request, selectors.contact_points(user=request.user, stale=stale or None),
                     ContactSerializer)
