"""Monitoring the national response: strategic documents and action plans with progress
reports, recommendations and their assessments, the yearly questionnaire campaign, and the
registries that feed the reports (trainings, prevention, hotlines, local teams). Nothing
here is personal data."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atis.coordination.models import CoordinationGroup
from atis.core.models import Organisation, localised

USER = settings.AUTH_USER_MODEL


class Titled(models.Model):
    code = models.CharField(_("code"), max_length=32)
    title_en = models.TextField(_("title (English)"))
    title_sr_latn = models.TextField(_("title (Serbian, Latin)"), blank=True)
    title_sr_cyrl = models.TextField(_("title (Serbian, Cyrillic)"), blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        return localised(self, "title")


class StrategicDocument(Titled):
    class Kind(models.TextChoices):
        STRATEGY = "strategy", _("strategy")
        PROGRAMME = "programme", _("programme")
        ACTION_PLAN = "action_plan", _("action plan")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="plans",
                               verbose_name=_("implements"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    general_objective = models.TextField(_("general objective"), blank=True)
    closed = models.BooleanField(_("closed"), default=False)

    class Meta:
        ordering = ["-starts_on", "code"]
        constraints = [models.UniqueConstraint(fields=["code"], name="document_code_unique")]
        verbose_name = _("strategic document")
        verbose_name_plural = _("strategic documents")


class Objective(Titled):
    document = models.ForeignKey(StrategicDocument, models.CASCADE, related_name="objectives")

    class Meta:
        ordering = ["document", "pk"]
        constraints = [models.UniqueConstraint(fields=["document", "code"], name="objective_code_unique")]
        verbose_name = _("objective")


class Measure(Titled):
    objective = models.ForeignKey(Objective, models.CASCADE, related_name="measures")

    class Meta:
        ordering = ["objective", "pk"]
        constraints = [models.UniqueConstraint(fields=["objective", "code"], name="measure_code_unique")]
        verbose_name = _("measure")


class Activity(Titled):
    measure = models.ForeignKey(Measure, models.CASCADE, related_name="activities")
    responsible = models.ManyToManyField(Organisation, blank=True, related_name="activities",
                                         verbose_name=_("responsible bodies"))
    responsible_text = models.TextField(_("responsible bodies (as written)"))
    partners = models.TextField(_("partners"), blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    deadline_text = models.CharField(_("deadline (as written)"), max_length=200, blank=True)
    verification = models.TextField(_("source of verification"), blank=True)
    budget_amount = models.DecimalField(_("budget"), max_digits=16, decimal_places=2, null=True,
                                        blank=True)
    budget_currency = models.CharField(_("currency"), max_length=3, blank=True)
    funding_source = models.TextField(_("funding source"), blank=True)
    funding_secured = models.BooleanField(_("funding secured"), null=True)
    reconstructed = models.BooleanField(_("reconstructed from a damaged source"), default=False)

    class Meta:
        ordering = ["measure", "pk"]
        constraints = [models.UniqueConstraint(fields=["measure", "code"], name="activity_code_unique")]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")


class ActivityIndicator(models.Model):
    activity = models.ForeignKey(Activity, models.CASCADE, related_name="indicators")
    text = models.TextField(_("indicator"))
    baseline = models.CharField(_("baseline"), max_length=200, blank=True)
    target = models.CharField(_("target"), max_length=200, blank=True)

    class Meta:
        ordering = ["pk"]


class ProgressReport(models.Model):
    """A responsible body's report on an activity for a month or a year (Strategy §10:
    monthly, and annually by 15 February for the previous year). `reported_on` is the day
    the body reported, `submitted_at` the moment it was recorded."""

    class Status(models.TextChoices):
        COMPLETED = "completed", _("completed")
        PARTIALLY = "partially_completed", _("partially completed")
        NOT_COMPLETED = "not_completed", _("not completed")
        NOT_STARTED = "not_started", _("not started")

    class Period(models.TextChoices):
        MONTHLY = "monthly", _("monthly")
        ANNUAL = "annual", _("annual")

    activity = models.ForeignKey(Activity, models.PROTECT, related_name="progress_reports")
    organisation = models.ForeignKey(Organisation, models.PROTECT, related_name="progress_reports")
    period = models.CharField(_("period"), max_length=8, choices=Period.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"), default=0, help_text=_("0 for an annual report."))
    status = models.CharField(_("status"), max_length=24, choices=Status.choices)
    narrative = models.TextField(_("what was done"), blank=True)
    indicator_values = models.JSONField(_("indicator values"), default=dict)
    evidence = models.TextField(_("evidence (documents, links)"), blank=True)
    reported_on = models.DateField(_("reported on"))
    submitted_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False,
                                        help_text=_("Set by the system."))

    class Meta:
        ordering = ["-year", "-month", "-pk"]
        constraints = [models.UniqueConstraint(
            fields=["activity", "organisation", "period", "year", "month"],
            name="one_progress_report_per_period")]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")


class RecommendationSource(Titled):
    """A report that issues recommendations: the National Rapporteur's, GRETA's, the TIP
    report…"""

    class Kind(models.TextChoices):
        NATIONAL_RAPPORTEUR = "national_rapporteur", _("National Rapporteur")
        GRETA = "greta", _("GRETA (Council of Europe)")
        TIP = "tip", _("US Trafficking in Persons Report")
        OTHER = "other", _("other")

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    period_year = models.PositiveSmallIntegerField(_("reporting year"))
    published_on = models.DateField(_("published on"), null=True, blank=True)

    class Meta:
        ordering = ["-period_year", "code"]
        constraints = [models.UniqueConstraint(fields=["code"], name="recommendation_source_unique")]
        verbose_name = _("report with recommendations")

    def assessed_years(self) -> list[int]:
        return sorted(set(Assessment.objects.filter(recommendation__source=self)
                          .values_list("period_year", flat=True)))


class Recommendation(models.Model):
    class Unit(models.TextChoices):
        INVESTIGATION = "investigation", _("investigation, prosecution and processing")
        IDENTIFICATION = "identification", _("identification and protection of victims")
        PREVENTION = "prevention", _("prevention, partnership and cooperation")

    source = models.ForeignKey(RecommendationSource, models.PROTECT, related_name="recommendations")
    number = models.CharField(_("number"), max_length=16)
    unit = models.CharField(_("thematic unit"), max_length=16, choices=Unit.choices)
    text_en = models.TextField(_("text (English)"))
    text_sr_latn = models.TextField(_("text (Serbian, Latin)"), blank=True)
    text_sr_cyrl = models.TextField(_("text (Serbian, Cyrillic)"), blank=True)
    addressees = models.ManyToManyField(Organisation, blank=True, related_name="recommendations",
                                        verbose_name=_("addressees"))
    addressees_text = models.TextField(_("addressees (as written)"), blank=True)
    activities = models.ManyToManyField(Activity, blank=True, related_name="recommendations",
                                        verbose_name=_("action-plan activities"))

    class Meta:
        ordering = ["source", "pk"]
        constraints = [models.UniqueConstraint(fields=["source", "number"],
                                               name="recommendation_number_unique")]
        verbose_name = _("recommendation")

    def __str__(self):
        return f"{self.source.code} {self.number}"

    @property
    def text(self) -> str:
        return localised(self, "text")


class Assessment(models.Model):
    """How far a recommendation was implemented in a reporting period (the Rapporteur's
    categories). `assessed_on` is the day of the assessment (unknown for those loaded from
    a published report), `assessed_at` the moment it was recorded."""

    class Category(models.TextChoices):
        ACTED_UPON = "acted_upon", _("acted upon")
        BEING_ACTED_UPON = "being_acted_upon", _("being acted upon / actions initiated")
        PARTIALLY = "partially_implemented", _("partially implemented")
        NOT_ACTED_UPON = "not_acted_upon", _("not acted upon")
        NOT_ASSESSABLE = "not_assessable", _("not assessable")

    recommendation = models.ForeignKey(Recommendation, models.CASCADE, related_name="assessments")
    period_year = models.PositiveSmallIntegerField(_("reporting year"))
    category = models.CharField(_("category"), max_length=24, choices=Category.choices)
    justification = models.TextField(_("justification"))
    evidence = models.TextField(_("evidence"), blank=True)
    continue_monitoring = models.BooleanField(_("continue monitoring"), default=True)
    needs_formalisation = models.BooleanField(_("needs formalisation"), default=False)
    inferred = models.BooleanField(_("inferred from the narrative"), default=False)
    assessed_by = models.ForeignKey(USER, models.PROTECT, null=True, blank=True, related_name="+")
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)
    assessed_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False,
                                       help_text=_("Set by the system."))

    class Meta:
        ordering = ["-period_year", "recommendation"]
        constraints = [models.UniqueConstraint(fields=["recommendation", "period_year"],
                                               name="one_assessment_per_period")]
        verbose_name = _("assessment")


ACTED = (Assessment.Category.ACTED_UPON, Assessment.Category.BEING_ACTED_UPON)


class Campaign(models.Model):
    """The yearly questionnaire campaign of the National Rapporteur."""

    year = models.PositiveSmallIntegerField(_("reporting year"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("answers due by"))
    created_by = models.ForeignKey(USER, models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-year"]
        verbose_name = _("questionnaire campaign")

    def __str__(self):
        return self.title


class Question(models.Model):
    class Answer(models.TextChoices):
        TEXT = "text", _("text")
        NUMBER = "number", _("number")
        YES_NO = "yes_no", _("yes or no")

    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="questions")
    unit = models.CharField(_("thematic unit"), max_length=16, choices=Recommendation.Unit.choices)
    number = models.CharField(_("number"), max_length=16)
    text = models.TextField(_("question"))
    answer_type = models.CharField(_("answer"), max_length=8, choices=Answer.choices,
                                   default=Answer.TEXT)
    audience = models.CharField(_("asked of"), max_length=32, default="all",
                                help_text=_("“all”, or an organisation type (special questionnaires)."))
    prefill = models.CharField(_("pre-filled from"), max_length=48, blank=True)

    class Meta:
        ordering = ["campaign", "unit", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "number"], name="question_number_unique")]


class Questionnaire(models.Model):
    class Kind(models.TextChoices):
        SPECIAL = "special", _("special")
        GENERAL = "general", _("general")

    class LegalBasis(models.TextChoices):
        DUTY = "duty", _("duty to respond (Law on the Protector of Citizens, Art. 24(1))")
        REQUEST = "request", _("request (Law on the Protector of Citizens, Art. 2(3))")

    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="questionnaires")
    organisation = models.ForeignKey(Organisation, models.PROTECT, related_name="questionnaires")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=8, choices=LegalBasis.choices)
    sent_on = models.DateField(_("sent on"))
    reminders = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    last_reminder_on = models.DateField(_("last reminder on"), null=True, blank=True)
    received_on = models.DateField(_("answers received on"), null=True, blank=True)

    class Meta:
        ordering = ["campaign", "organisation__name_en"]
        constraints = [models.UniqueConstraint(fields=["campaign", "organisation"],
                                               name="one_questionnaire_per_stakeholder")]
        verbose_name = _("questionnaire")

    def questions(self):
        qs = self.campaign.questions.all()
        if self.kind == self.Kind.GENERAL:
            return qs.filter(audience="all")
        return qs.filter(audience__in=["all", self.organisation.type])


class Answer(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, models.CASCADE, related_name="answers")
    value = models.TextField(_("answer"), blank=True)
    prefilled = models.CharField(_("figure from the records"), max_length=48, blank=True)
    answered_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["questionnaire", "question"],
                                               name="one_answer_per_question")]


class WithParticipants:
    @property
    def participants(self) -> int:
        return sum(p.count for p in self.participant_groups.all())


class Training(WithParticipants, models.Model):
    organiser = models.ForeignKey(Organisation, models.PROTECT, related_name="trainings")
    topic = models.CharField(_("topic"), max_length=300)
    held_on = models.DateField(_("held on"))
    days = models.PositiveSmallIntegerField(_("days"), default=1)
    online = models.BooleanField(_("online"), default=False)
    funder = models.CharField(_("funder or project"), max_length=200, blank=True)
    certified = models.PositiveIntegerField(_("participants certified"), default=0)
    recorded_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False,
                                       help_text=_("Set by the system."))

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("training")

class ParticipantGroup(models.Model):
    """Participants of a training or prevention activity by professional category or group."""

    class Category(models.TextChoices):
        JUDGES = "judges", _("judges")
        MISDEMEANOUR_JUDGES = "misdemeanour_judges", _("misdemeanour judges")
        PROSECUTORS = "prosecutors", _("prosecutors")
        JUDICIAL_ASSISTANTS = "judicial_assistants", _("judicial assistants")
        POLICE = "police", _("police officers")
        LABOUR_INSPECTORS = "labour_inspectors", _("labour inspectors")
        SOCIAL_WORKERS = "social_workers", _("social workers")
        ASYLUM_STAFF = "asylum_staff", _("asylum and migration staff")
        TEACHERS = "teachers", _("teachers")
        PUPILS = "pupils", _("pupils")
        PARENTS = "parents", _("parents")
        HEALTH_WORKERS = "health_workers", _("health workers")
        JOURNALISTS = "journalists", _("journalists")
        LAWYERS = "lawyers", _("lawyers")
        VOLUNTEERS = "volunteers", _("volunteers")
        OTHER = "other", _("others")

    training = models.ForeignKey(Training, models.CASCADE, null=True, blank=True,
                                 related_name="participant_groups")
    prevention = models.ForeignKey("PreventionActivity", models.CASCADE, null=True, blank=True,
                                   related_name="participant_groups")
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    count = models.PositiveIntegerField(_("participants"))


class PreventionActivity(WithParticipants, models.Model):
    class Kind(models.TextChoices):
        CAMPAIGN = "campaign", _("awareness campaign")
        WORKSHOP = "workshop", _("workshop")
        MEDIA = "media", _("media content")
        OTHER = "other", _("other")

    organiser = models.ForeignKey(Organisation, models.PROTECT, related_name="prevention_activities")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    reach = models.PositiveIntegerField(_("reach"), default=0)
    recorded_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False,
                                       help_text=_("Set by the system."))

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("prevention activity")


class HotlineActivity(models.Model):
    """A hotline's activity over a period, in aggregate."""

    hotline = models.ForeignKey(Organisation, models.PROTECT, related_name="hotline_activity")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    calls_received = models.PositiveIntegerField(_("calls received"), default=0)
    calls_made = models.PositiveIntegerField(_("calls made"), default=0)
    persons_concerned = models.PositiveIntegerField(_("persons concerned"), default=0)
    first_contacts = models.PositiveIntegerField(_("first-time contacts"), default=0)
    known_contacts = models.PositiveIntegerField(_("known contacts"), default=0)
    preliminary_identifications = models.PositiveIntegerField(_("preliminary identifications"),
                                                              default=0)
    reports_to_centre = models.PositiveIntegerField(_("reports sent to the Centre"), default=0)
    recorded_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False,
                                       help_text=_("Set by the system."))

    class Meta:
        ordering = ["-period_start", "hotline"]
        verbose_name = _("hotline activity")


class LocalTeamAssessment(models.Model):
    class Functional(models.TextChoices):
        YES = "functional", _("functional")
        PARTLY = "partly", _("partly functional")
        NO = "not_functional", _("not functional")

    team = models.ForeignKey(CoordinationGroup, models.PROTECT, related_name="assessments")
    year = models.PositiveSmallIntegerField(_("year"))
    meetings_held = models.PositiveSmallIntegerField(_("meetings held"))
    activities = models.TextField(_("activities"), blank=True)
    functional = models.CharField(_("functionality"), max_length=16, choices=Functional.choices)
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)
    assessed_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    assessed_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False,
                                       help_text=_("Set by the system."))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "year"], name="one_team_assessment_per_year")]
        verbose_name = _("local team assessment")
