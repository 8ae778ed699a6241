"""REST API of monitoring: plans and progress, recommendations and assessments, the
questionnaire campaign and its answers, the registries. Nothing here is personal data."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from atis.coordination.models import CoordinationGroup
from atis.core import access
from atis.core.api_actions import PagedView, action_view, paginated
from atis.core.api_fields import step_day
from atis.core.errors import DomainError
from atis.core.idempotency import idempotent
from atis.core.models import Organisation
from atis.core.years import check_year
from atis.monitoring import loaders, reports, selectors, services
from atis.monitoring.models import (
    Activity,
    ActivityIndicator,
    Assessment,
    Campaign,
    HotlineActivity,
    LocalTeamAssessment,
    PreventionActivity,
    ProgressReport,
    Question,
    Questionnaire,
    Recommendation,
    RecommendationSource,
    StrategicDocument,
    Training,
)
from atis.statistics.exports import PdfUnavailable

ORGS = Organisation.objects.filter(active=True)


def _org(**kwargs):
    return serializers.SlugRelatedField(slug_field="code", queryset=ORGS, **kwargs)


def _codes(**kwargs):
    return serializers.SlugRelatedField(slug_field="code", many=True, read_only=True, **kwargs)


# --- plans ---------------------------------------------------------------------------------------

class StrategicDocumentSerializer(serializers.ModelSerializer):
    parent = serializers.CharField(source="parent.code", read_only=True, default=None,
                                   allow_null=True)

    class Meta:
        model = StrategicDocument
        fields = ["id", "code", "kind", "title", "parent", "starts_on", "ends_on",
                  "general_objective", "closed"]


class ActivityIndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActivityIndicator
        fields = ["id", "text", "baseline", "target"]


class ActivitySerializer(serializers.ModelSerializer):
    responsible = _codes()
    indicators = ActivityIndicatorSerializer(many=True, read_only=True)
    latest_status = serializers.CharField(source="latest", read_only=True, default=None,
                                          allow_null=True)

    class Meta:
        model = Activity
        fields = ["id", "code", "title", "responsible", "responsible_text", "partners", "deadline",
                  "deadline_text", "verification", "budget_amount", "budget_currency",
                  "funding_source", "funding_secured", "reconstructed", "indicators",
                  "latest_status"]


class RatesSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    counts = serializers.DictField(child=serializers.IntegerField())
    completion_rate = serializers.FloatField(allow_null=True)


class MeasureNodeSerializer(serializers.Serializer):
    code = serializers.CharField(source="measure.code")
    title = serializers.CharField(source="measure.title")
    activities = ActivitySerializer(many=True)


class ObjectiveNodeSerializer(RatesSerializer):
    code = serializers.CharField(source="objective.code")
    title = serializers.CharField(source="objective.title")
    measures = MeasureNodeSerializer(many=True)


class StrategicDocumentTreeSerializer(serializers.Serializer):
    document = StrategicDocumentSerializer()
    objectives = ObjectiveNodeSerializer(many=True)


class StrategicDocumentSummarySerializer(RatesSerializer):
    document = StrategicDocumentSerializer()


class ProgressSerializer(serializers.ModelSerializer):
    activity = serializers.CharField(source="activity.code", read_only=True)
    organisation = serializers.CharField(source="organisation.code", read_only=True)

    class Meta:
        model = ProgressReport
        fields = ["id", "activity", "organisation", "period", "year", "month", "status",
                  "narrative", "indicator_values", "evidence", "reported_on", "submitted_at"]


class OverdueSerializer(serializers.Serializer):
    activity = serializers.CharField(source="activity.code")
    document = serializers.CharField(source="activity.measure.objective.document.code")
    organisation = serializers.CharField(source="organisation.code")
    period = serializers.CharField()


class ProgressIn(serializers.Serializer):
    period = serializers.CharField(max_length=8)
    year = serializers.IntegerField()
    month = serializers.IntegerField(required=False, default=0)
    status = serializers.CharField(max_length=24)
    narrative = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    indicator_values = serializers.DictField(child=serializers.CharField(max_length=200),
                                             required=False)
    evidence = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    reported_on = step_day("The day the body reported: not before the period it reports on began; "
                       "default: today.")


class ActionPlanImportIn(serializers.Serializer):
    code = serializers.SlugField(max_length=32)
    title = serializers.CharField(max_length=300)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    file = serializers.FileField()


class DocumentListView(APIView):
    @extend_schema(responses=StrategicDocumentSummarySerializer(many=True))
    def get(self, request):
        return Response(StrategicDocumentSummarySerializer(selectors.document_summaries(user=request.user),
                                                  many=True).data)


class DocumentDetailView(APIView):
    @extend_schema(responses=StrategicDocumentTreeSerializer)
    def get(self, request, pk):
        document = selectors.documents(user=request.user).get(pk=pk)
        tree = selectors.plan_tree(user=request.user, document=document)
        return Response(StrategicDocumentTreeSerializer({"document": document, "objectives": tree}).data)


class DocumentImportView(APIView):
    """Import a new action plan from the XLSX template (multipart); all or nothing."""

    parser_classes = [MultiPartParser]

    @extend_schema(request={"multipart/form-data": ActionPlanImportIn},
                   responses={201: StrategicDocumentSerializer})
    @idempotent
    def post(self, request):
        access.require(request.user, "monitoring.manage")
        body = ActionPlanImportIn(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        document = loaders.action_plan_import(actor=request.user, content=data.pop("file").read(),
                                              **data)
        return Response(StrategicDocumentSerializer(document).data, status=201)


class ImportTemplateView(APIView):
    @extend_schema(responses={(200, reports.XLSX): OpenApiTypes.BINARY})
    def get(self, request):
        selectors.documents(user=request.user)
        response = HttpResponse(loaders.template_xlsx(), content_type=reports.XLSX)
        response["Content-Disposition"] = 'attachment; filename="action-plan-template.xlsx"'
        return response


PERIOD = [OpenApiParameter("year", int), OpenApiParameter("month", int, required=False)]


def _period(request) -> tuple[int, int]:
    try:
        year, month = int(request.query_params["year"]), int(request.query_params.get("month", 0))
    except (KeyError, ValueError):
        raise DomainError({"year": "year=YYYY (and month=1–12 for a monthly report)"}) from None
    check_year(year)
    if not 0 <= month <= 12:
        raise DomainError({"month": "month=1–12, or none for the annual report"})
    return year, month


class ConsolidatedView(APIView):
    """The consolidated progress report of a plan for a month or a year."""

    @extend_schema(parameters=[*PERIOD, OpenApiParameter("download", str, enum=reports.FORMATS,
                                                         required=False)],
                   responses={(200, "application/json"): OpenApiTypes.OBJECT,
                              (200, reports.XLSX): OpenApiTypes.BINARY,
                              (200, "text/html"): OpenApiTypes.BINARY,
                              (200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, pk):
        document = selectors.documents(user=request.user).get(pk=pk)
        year, month = _period(request)
        report = reports.consolidated(user=request.user, document=document, year=year, month=month)
        fmt = request.query_params.get("download")
        if fmt in reports.FORMATS:
            try:
                content, content_type = reports.render(report, fmt, user=request.user)
            except PdfUnavailable:
                return Response({"detail": "PDF output needs the Pango libraries on the server."},
                                status=503)
            response = HttpResponse(content, content_type=content_type)
            response["Content-Disposition"] = f'attachment; filename="{reports.filename(report, fmt)}"'
            return response
        return Response(reports.as_json(report))


class OverdueView(APIView):
    @extend_schema(responses=OverdueSerializer(many=True))
    def get(self, request):
        return Response(OverdueSerializer(selectors.overdue_reports(user=request.user),
                                          many=True).data)


class MyActivitiesView(PagedView):
    @extend_schema(responses=ActivitySerializer(many=True))
    def get(self, request):
        return paginated(request, selectors.my_activities(user=request.user).prefetch_related(
            "responsible", "indicators"), ActivitySerializer)


ProgressCreate = action_view(
    "ProgressCreate", request_serializer=ProgressIn, status=201,
    requires="progress.report",
    response_serializer=ProgressSerializer,
    lookup=lambda request, pk: Activity.objects.filter(
        measure__objective__document__in=selectors.documents(user=request.user)).get(pk=pk),
    service=lambda u, a, d: services.progress_report_submit(actor=u, activity=a, **d),
    doc="Report an activity's progress for a month or a year (replaces an earlier report "
        "for the same period).")


DocumentClose = action_view(
    "DocumentClose", request_serializer=serializers.Serializer,
    requires="monitoring.manage",
    response_serializer=StrategicDocumentSerializer,
    lookup=lambda request, pk: selectors.documents(user=request.user).get(pk=pk),
    service=lambda u, doc, _d: services.document_close(actor=u, document=doc),
    doc="Close a plan after its final report: it takes no more progress reports.")


# --- recommendations ------------------------------------------------------------------------------

class AssessmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Assessment
        fields = ["id", "period_year", "category", "justification", "evidence",
                  "continue_monitoring", "needs_formalisation", "inferred", "assessed_on",
                  "assessed_at"]


class RecommendationSerializer(serializers.ModelSerializer):
    source = serializers.CharField(source="source.code", read_only=True)
    addressees = _codes()
    activities = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    assessments = AssessmentSerializer(many=True, read_only=True)

    class Meta:
        model = Recommendation
        fields = ["id", "source", "number", "unit", "text", "addressees", "addressees_text",
                  "activities", "assessments"]


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = RecommendationSource
        fields = ["id", "code", "kind", "title", "period_year", "published_on"]


class ShareSerializer(serializers.Serializer):
    source = SourceSerializer()
    period_year = serializers.IntegerField()
    total = serializers.IntegerField()
    assessed = serializers.IntegerField()
    acted = serializers.IntegerField()
    counts = serializers.DictField(child=serializers.IntegerField())
    share = serializers.FloatField(allow_null=True)


class AssessmentIn(serializers.Serializer):
    period_year = serializers.IntegerField()
    category = serializers.CharField(max_length=24)
    justification = serializers.CharField(max_length=10000)
    evidence = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    continue_monitoring = serializers.BooleanField(required=False, default=True)
    needs_formalisation = serializers.BooleanField(required=False, default=False)
    assessed_on = step_day("The day of the assessment: not before the reporting year began nor "
                       "before the report was published; default: today.")


class LinkIn(serializers.Serializer):
    activities = serializers.PrimaryKeyRelatedField(many=True, queryset=Activity.objects.all())


class RecommendationListView(PagedView):
    @extend_schema(parameters=[OpenApiParameter("source", str, required=False,
                                                description="code of the report")],
                   responses=RecommendationSerializer(many=True))
    def get(self, request):
        source = request.query_params.get("source")
        qs = selectors.recommendation_list(user=request.user)
        return paginated(request, qs.filter(source__code=source) if source else qs,
                         RecommendationSerializer)


class ShareView(APIView):
    """The share of a report's recommendations acted upon or with actions initiated."""

    @extend_schema(parameters=[OpenApiParameter("year", int)], responses=ShareSerializer)
    def get(self, request, code):
        selectors.recommendation_list(user=request.user)
        source = RecommendationSource.objects.get(code=code)
        year, _month = _period(request)
        share = selectors.acted_share(source=source, period_year=year)
        return Response(ShareSerializer({"source": source, "period_year": year, **share}).data)


class SourceIn(serializers.Serializer):
    code = serializers.SlugField(max_length=32)
    kind = serializers.CharField(max_length=24)
    title = serializers.CharField(max_length=500)
    period_year = serializers.IntegerField()
    published_on = serializers.DateField(required=False, allow_null=True)


class RecommendationIn(serializers.Serializer):
    number = serializers.CharField(max_length=16)
    unit = serializers.CharField(max_length=16)
    text = serializers.CharField(max_length=10000)
    addressees = _org(many=True, required=False)
    addressees_text = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class SourceListView(APIView):
    @extend_schema(responses=SourceSerializer(many=True))
    def get(self, request):
        selectors.recommendation_list(user=request.user)
        return Response(SourceSerializer(RecommendationSource.objects.all(), many=True).data)


SourceCreate = action_view(
    "SourceCreate", request_serializer=SourceIn, lookup=lambda request: None, status=201,
    requires="recommendations.manage",
    response_serializer=SourceSerializer,
    service=lambda u, _n, d: services.recommendation_source_create(actor=u, **d),
    doc="Register a report that issues recommendations (GRETA, the TIP report, others).")
RecommendationCreate = action_view(
    "RecommendationCreate", request_serializer=RecommendationIn, status=201,
    requires="recommendations.manage",
    response_serializer=RecommendationSerializer,
    lookup=lambda request, code: RecommendationSource.objects.get(code=code),
    service=lambda u, source, d: services.recommendation_add(actor=u, source=source, **d),
    doc="Add a recommendation to a report.")


def _recommendation(request, pk):
    return selectors.recommendation_list(user=request.user).get(pk=pk)


AssessmentCreate = action_view(
    "AssessmentCreate", request_serializer=AssessmentIn, status=201,
    requires="recommendations.assess",
    response_serializer=AssessmentSerializer, lookup=_recommendation,
    service=lambda u, r, d: services.assessment_record(actor=u, recommendation=r, **d),
    doc="Assess a recommendation for a reporting year (replaces that year's assessment).")
RecommendationLink = action_view(
    "RecommendationLink", request_serializer=LinkIn, response_serializer=RecommendationSerializer,
    requires="recommendations.manage",
    lookup=_recommendation,
    service=lambda u, r, d: services.recommendation_link(actor=u, recommendation=r, **d),
    doc="Link a recommendation to the action-plan activities that answer it.")


# --- the questionnaire campaign ------------------------------------------------------------------

class CampaignSerializer(serializers.ModelSerializer):
    sent = serializers.IntegerField(read_only=True, default=0)
    answered = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = Campaign
        fields = ["id", "year", "title", "due_on", "sent", "answered"]


class QuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Question
        fields = ["id", "unit", "number", "text", "answer_type", "audience", "prefill"]


class QuestionnaireSerializer(serializers.ModelSerializer):
    campaign = serializers.IntegerField(source="campaign_id", read_only=True)
    year = serializers.IntegerField(source="campaign.year", read_only=True)
    organisation = serializers.CharField(source="organisation.code", read_only=True)

    class Meta:
        model = Questionnaire
        fields = ["id", "campaign", "year", "organisation", "kind", "legal_basis", "sent_on",
                  "reminders", "last_reminder_on", "received_on"]


class StatusSerializer(serializers.Serializer):
    sent = serializers.IntegerField()
    answered = serializers.IntegerField()
    pending = serializers.IntegerField()
    by_kind = serializers.DictField(child=serializers.IntegerField())
    questionnaires = QuestionnaireSerializer(many=True)


class FormRowSerializer(serializers.Serializer):
    question = QuestionSerializer()
    answer = serializers.CharField(allow_blank=True)
    figure = serializers.IntegerField(allow_null=True,
                                      help_text="The figure ATIS holds for this question.")
    value = serializers.CharField(allow_blank=True, help_text="The answer, or else the figure.")


class QuestionnaireFormSerializer(serializers.Serializer):
    questionnaire = QuestionnaireSerializer()
    questions = FormRowSerializer(many=True)


class AnswerRowSerializer(serializers.Serializer):
    question = serializers.CharField()
    unit = serializers.CharField()
    text = serializers.CharField()
    stakeholder = serializers.CharField()
    stakeholder_name = serializers.CharField()
    answer = serializers.CharField()
    figure_from_records = serializers.CharField()


class CampaignIn(serializers.Serializer):
    year = serializers.IntegerField()
    title = serializers.CharField(max_length=200)
    due_on = serializers.DateField()


class QuestionIn(serializers.Serializer):
    unit = serializers.CharField(max_length=16)
    number = serializers.CharField(max_length=16)
    text = serializers.CharField(max_length=5000)
    answer_type = serializers.CharField(max_length=8, required=False, default="text")
    audience = serializers.CharField(max_length=32, required=False, default="all")
    prefill_key = serializers.CharField(max_length=48, required=False, allow_blank=True)


class SendIn(serializers.Serializer):
    organisations = _org(many=True)
    kind = serializers.CharField(max_length=8)
    legal_basis = serializers.CharField(max_length=8)
    sent_on = step_day("Default: today.")


class CountSerializer(serializers.Serializer):
    count = serializers.IntegerField()


class AnswersIn(serializers.Serializer):
    answers = serializers.DictField(child=serializers.CharField(max_length=10000, allow_blank=True),
                                    help_text="question id → answer")
    submit = serializers.BooleanField(required=False, default=False,
                                      help_text="true: the answers are final (received)")


def _campaign(request, pk):
    return selectors.campaigns(user=request.user).get(pk=pk)


def _count(n: int) -> dict:
    return {"count": n}


CampaignCreate = action_view(
    "CampaignCreate", request_serializer=CampaignIn, lookup=lambda request: None, status=201,
    requires="campaign.manage",
    response_serializer=CampaignSerializer,
    service=lambda u, _n, d: services.campaign_create(actor=u, **d))
QuestionCreate = action_view(
    "QuestionCreate", request_serializer=QuestionIn, lookup=_campaign, status=201,
    requires="campaign.manage",
    response_serializer=QuestionSerializer,
    service=lambda u, c, d: services.question_add(actor=u, campaign=c, **d))
CampaignSend = action_view(
    "CampaignSend", request_serializer=SendIn, lookup=_campaign,
    requires="campaign.manage",
    response_serializer=CountSerializer,
    service=lambda u, c, d: _count(services.questionnaires_send(actor=u, campaign=c, **d)),
    doc="Send the campaign's questionnaire to stakeholders; answers how many were new.")
CampaignRemind = action_view(
    "CampaignRemind", request_serializer=serializers.Serializer, lookup=_campaign,
    requires="campaign.manage",
    response_serializer=CountSerializer,
    service=lambda u, c, _d: _count(services.reminders_send(actor=u, campaign=c)),
    doc="Remind every stakeholder that has not answered; answers how many were reminded.")
AnswersSave = action_view(
    "AnswersSave", request_serializer=AnswersIn, response_serializer=CountSerializer,
    requires="questionnaire.answer",
    lookup=lambda request, pk: selectors.questionnaire_get(user=request.user, pk=pk),
    service=lambda u, q, d: _count(services.answers_save(actor=u, questionnaire=q, **d)),
    doc="Save a stakeholder's answers; with submit=true they are final.")


class CampaignListView(APIView):
    @extend_schema(responses=CampaignSerializer(many=True))
    def get(self, request):
        return Response(CampaignSerializer(selectors.campaigns(user=request.user), many=True).data)


class CampaignStatusView(APIView):
    @extend_schema(responses=StatusSerializer)
    def get(self, request, pk):
        campaign = _campaign(request, pk)
        return Response(StatusSerializer(selectors.campaign_status(user=request.user,
                                                                   campaign=campaign)).data)


class CampaignQuestionsView(APIView):
    @extend_schema(responses=QuestionSerializer(many=True))
    def get(self, request, pk):
        return Response(QuestionSerializer(_campaign(request, pk).questions.all(), many=True).data)


class CampaignAnswersView(APIView):
    """Every answer of the campaign, by question (JSON) or as XLSX (?download=xlsx: one sheet
    by question, one by stakeholder)."""

    @extend_schema(parameters=[OpenApiParameter("download", str, enum=["xlsx"], required=False)],
                   responses={(200, "application/json"): AnswerRowSerializer(many=True),
                              (200, reports.XLSX): OpenApiTypes.BINARY})
    def get(self, request, pk):
        campaign = _campaign(request, pk)
        rows = selectors.answers_table(user=request.user, campaign=campaign)
        if request.query_params.get("download") == "xlsx":
            content = reports.answers_xlsx(rows, user=request.user, campaign=campaign)
            response = HttpResponse(content, content_type=reports.XLSX)
            response["Content-Disposition"] = f'attachment; filename="answers-{campaign.year}.xlsx"'
            return response
        return Response(AnswerRowSerializer(rows, many=True).data)


class MyQuestionnairesView(APIView):
    @extend_schema(responses=QuestionnaireSerializer(many=True))
    def get(self, request):
        return Response(QuestionnaireSerializer(selectors.my_questionnaires(user=request.user),
                                                many=True).data)


class QuestionnaireDetailView(APIView):
    """The questionnaire with each question's saved answer, or the figure ATIS holds."""

    @extend_schema(responses=QuestionnaireFormSerializer)
    def get(self, request, pk):
        questionnaire = selectors.questionnaire_get(user=request.user, pk=pk)
        rows = selectors.questionnaire_form(user=request.user, questionnaire=questionnaire)
        return Response(QuestionnaireFormSerializer({"questionnaire": questionnaire,
                                                     "questions": rows}).data)


# --- registries ------------------------------------------------------------------------------------

class GroupsField(serializers.DictField):
    def __init__(self, **kwargs):
        super().__init__(child=serializers.IntegerField(min_value=0),
                         help_text="category → participants", **kwargs)


def _groups(item) -> dict:
    return {g.category: g.count for g in item.participant_groups.all()}


class TrainingSerializer(serializers.ModelSerializer):
    organiser = serializers.CharField(source="organiser.code", read_only=True)
    participants = serializers.SerializerMethodField()

    class Meta:
        model = Training
        fields = ["id", "organiser", "topic", "held_on", "days", "online", "funder", "certified",
                  "participants", "recorded_at"]

    def get_participants(self, training) -> dict[str, int]:
        return _groups(training)


class PreventionSerializer(serializers.ModelSerializer):
    organiser = serializers.CharField(source="organiser.code", read_only=True)
    participants = serializers.SerializerMethodField()

    class Meta:
        model = PreventionActivity
        fields = ["id", "organiser", "kind", "title", "starts_on", "ends_on", "reach",
                  "participants", "recorded_at"]

    def get_participants(self, activity) -> dict[str, int]:
        return _groups(activity)


class HotlineSerializer(serializers.ModelSerializer):
    hotline = serializers.CharField(source="hotline.code", read_only=True)

    class Meta:
        model = HotlineActivity
        fields = ["id", "hotline", "period_start", "period_end", *services.HOTLINE_COUNTS,
                  "recorded_at"]


class LocalTeamSerializer(serializers.ModelSerializer):
    team = serializers.CharField(source="team.name", read_only=True)

    class Meta:
        model = LocalTeamAssessment
        fields = ["id", "team", "year", "meetings_held", "functional", "activities", "assessed_on",
                  "assessed_at"]


class TrainingIn(serializers.Serializer):
    topic = serializers.CharField(max_length=300)
    held_on = step_day("Default: today.")
    days = serializers.IntegerField(min_value=1, required=False, default=1)
    online = serializers.BooleanField(required=False, default=False)
    funder = serializers.CharField(max_length=200, required=False, allow_blank=True)
    certified = serializers.IntegerField(min_value=0, required=False, default=0)
    participants = GroupsField()


class PreventionIn(serializers.Serializer):
    kind = serializers.CharField(max_length=16)
    title = serializers.CharField(max_length=300)
    starts_on = step_day("Default: today.")
    ends_on = serializers.DateField(required=False, allow_null=True)
    reach = serializers.IntegerField(min_value=0, required=False, default=0)
    participants = GroupsField(required=False)


class HotlineIn(serializers.Serializer):
    hotline = _org(required=False)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    calls_received = serializers.IntegerField(min_value=0)
    calls_made = serializers.IntegerField(min_value=0, required=False, default=0)
    persons_concerned = serializers.IntegerField(min_value=0, required=False, default=0)
    first_contacts = serializers.IntegerField(min_value=0, required=False, default=0)
    known_contacts = serializers.IntegerField(min_value=0, required=False, default=0)
    preliminary_identifications = serializers.IntegerField(min_value=0, required=False, default=0)
    reports_to_centre = serializers.IntegerField(min_value=0, required=False, default=0)


class LocalTeamIn(serializers.Serializer):
    team = serializers.PrimaryKeyRelatedField(queryset=CoordinationGroup.objects.all())
    year = serializers.IntegerField()
    functional = serializers.CharField(max_length=16)
    activities = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    assessed_on = step_day("Not before the year assessed began; default: today.")


def _registry(name, *, serializer, request_serializer, selector, service, action):
    """GET lists the registry (paginated); POST records an entry (`action` allows it)."""

    class View(PagedView):
        @extend_schema(responses=serializer(many=True))
        def get(self, request):
            return paginated(request, selector(user=request.user), serializer)

        @extend_schema(request=request_serializer, responses={201: serializer})
        @idempotent
        def post(self, request):
            access.require(request.user, action)
            body = request_serializer(data=request.data)
            body.is_valid(raise_exception=True)
            return Response(serializer(service(actor=request.user, **body.validated_data)).data,
                            status=201)

    View.__name__ = View.__qualname__ = name
    return View


TrainingRegistry = _registry("TrainingRegistry", serializer=TrainingSerializer,
                             request_serializer=TrainingIn, selector=selectors.trainings,
                             service=services.training_record, action="registry.record")
PreventionRegistry = _registry("PreventionRegistry", serializer=PreventionSerializer,
                               request_serializer=PreventionIn,
                               selector=selectors.prevention_activities,
                               service=services.prevention_record, action="registry.record")
HotlineRegistry = _registry("HotlineRegistry", serializer=HotlineSerializer,
                            request_serializer=HotlineIn, selector=selectors.hotline_activity,
                            service=services.hotline_activity_record, action="registry.hotline")
LocalTeamRegistry = _registry("LocalTeamRegistry", serializer=LocalTeamSerializer,
                              request_serializer=LocalTeamIn,
                              selector=selectors.local_team_assessments,
                              service=services.local_team_assess, action="monitoring.manage")
