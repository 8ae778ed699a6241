"""Criminal proceedings linked to victims: cases, defendants and their proceeding events,
damaged parties and their procedural protection, notifications to the Centre and the
support network, risk assessments before release, the non-punishment principle and
international legal assistance."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atis.core.fields import EncryptedTextField, RowKeyField
from atis.core.models import Organisation
from atis.people.models import Person
from atis.reference.models import Country

USER = settings.AUTH_USER_MODEL


class CriminalCase(models.Model):
    reference = models.CharField(_("case reference"), max_length=20, unique=True)
    opened_on = models.DateField(_("criminal report filed on"))
    police_administration = models.ForeignKey(
        Organisation, models.PROTECT, null=True, blank=True, related_name="police_cases",
        verbose_name=_("police administration"))
    prosecutor_office = models.ForeignKey(Organisation, models.PROTECT, null=True, blank=True,
                                          related_name="prosecution_cases",
                                          verbose_name=_("public prosecutor's office"))
    courts = models.ManyToManyField(Organisation, blank=True, related_name="court_cases",
                                    verbose_name=_("courts"))
    police_number = models.CharField(_("police case number"), max_length=50, blank=True)
    prosecution_number = models.CharField(_("prosecution case number"), max_length=50, blank=True)
    court_number = models.CharField(_("court case number"), max_length=50, blank=True)
    special_evidence = models.BooleanField(_("special evidence-gathering actions"), default=False)
    financial_investigation = models.BooleanField(_("parallel financial investigation"),
                                                  default=False)
    digital_evidence = models.BooleanField(_("digital evidence"), default=False)
    created_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False,
                                      help_text=_("Set by the system."))

    class Meta:
        ordering = ["-opened_on", "-pk"]
        indexes = [models.Index(fields=["opened_on"], name="justice_case_opened"),
                   # the statistics: the year's police reports, read from the index alone
                   models.Index(fields=["opened_on", "police_administration",
                                        "prosecutor_office"], name="justice_case_opened_by")]
        verbose_name = _("criminal case")
        verbose_name_plural = _("criminal cases")

    def __str__(self):
        return self.reference


class CaseOffence(models.Model):
    case = models.ForeignKey(CriminalCase, models.CASCADE, related_name="offences")
    offence = models.CharField(_("offence"), max_length=32)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "offence"], name="case_offence_unique")]


class Defendant(models.Model):
    """A suspect or accused, pseudonymised like victims."""

    class Stage(models.TextChoices):
        REPORTED = "reported", _("criminal report filed")
        DISMISSED = "dismissed", _("criminal report dismissed")
        INVESTIGATION = "investigation", _("under investigation")
        INVESTIGATION_CLOSED = "investigation_closed", _("investigation closed")
        INVESTIGATION_TERMINATED = "investigation_terminated", _("investigation terminated")
        INVESTIGATION_SUSPENDED = "investigation_suspended", _("investigation suspended")
        INDICTED = "indicted", _("indicted")
        RECLASSIFIED = "reclassified", _("reclassified")
        CONVICTED = "convicted", _("convicted (first instance)")
        ACQUITTED = "acquitted", _("acquitted (first instance)")
        REJECTED = "rejected", _("charges rejected or abandoned")
        APPEALED = "appealed", _("on appeal")
        FINAL_CONVICTION = "final_conviction", _("finally convicted")
        FINAL_ACQUITTAL = "final_acquittal", _("finally acquitted")
        FINAL_REJECTION = "final_rejection", _("charges finally rejected")

    case = models.ForeignKey(CriminalCase, models.CASCADE, related_name="defendants")
    pseudonym = models.CharField(_("pseudonym"), max_length=20, unique=True)
    row_key = RowKeyField()
    name = EncryptedTextField(_("full name"), max_length=200)
    sex = models.CharField(_("sex"), max_length=16, default="unknown")
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    citizenship = models.ForeignKey(Country, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("citizenship"))
    role = models.CharField(_("role in the process"), max_length=32, default="unknown")
    person = models.ForeignKey(Person, models.PROTECT, null=True, blank=True,
                               related_name="prosecutions",
                               verbose_name=_("also a person known to the Centre"))
    stage = models.CharField(_("stage"), max_length=32, choices=Stage.choices,
                             default=Stage.REPORTED)
    in_custody = models.BooleanField(_("in custody"), default=False)

    class Meta:
        ordering = ["pk"]
        # the statistics: a case's defendants by sex and citizenship, from the index alone
        indexes = [models.Index(fields=["case", "sex", "citizenship"],
                                name="justice_defendant_case")]
        verbose_name = _("defendant")
        verbose_name_plural = _("defendants")

    def __str__(self):
        return self.pseudonym


class DamagedParty(models.Model):
    """A victim as a damaged party, linked to the Person the Centre knows: the link is what
    lets the Centre and the support network be told."""

    class Pvw(models.TextChoices):
        NONE = "none", _("not requested")
        REQUESTED = "requested", _("requested")
        GRANTED = "granted", _("granted")
        REFUSED = "refused", _("refused")

    class ClaimRoute(models.TextChoices):
        NONE = "", _("no claim")
        CRIMINAL = "criminal", _("in the criminal proceedings")
        CIVIL = "civil", _("referred to a civil suit")

    case = models.ForeignKey(CriminalCase, models.CASCADE, related_name="damaged_parties")
    person = models.ForeignKey(Person, models.PROTECT, related_name="damaged_party_in")
    pvw_status = models.CharField(_("particularly vulnerable witness"), max_length=16,
                                  choices=Pvw.choices, default=Pvw.NONE)
    proxy = models.BooleanField(_("proxy appointed"), default=False)
    video_link = models.BooleanField(_("testimony by video link"), default=False)
    separate_room = models.BooleanField(_("testimony from a separate room"), default=False)
    public_excluded = models.BooleanField(_("public excluded"), default=False)
    times_heard = models.PositiveSmallIntegerField(_("times heard"), default=0)
    claim_route = models.CharField(_("compensation claim"), max_length=16, blank=True,
                                   choices=ClaimRoute.choices, default=ClaimRoute.NONE)
    compensation_claimed = models.DecimalField(_("compensation claimed (RSD)"), max_digits=14,
                                               decimal_places=2, null=True, blank=True)
    compensation_awarded = models.DecimalField(_("compensation awarded (RSD)"), max_digits=14,
                                               decimal_places=2, null=True, blank=True)
    compensation_paid = models.DecimalField(_("compensation paid (RSD)"), max_digits=14,
                                            decimal_places=2, null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "person"],
                                               name="damaged_party_once_per_case")]
        verbose_name = _("damaged party")
        verbose_name_plural = _("damaged parties")

    @property
    def audit_case_ref(self) -> str:
        return self.person.pseudonym


class ProceedingEvent(models.Model):
    class Kind(models.TextChoices):
        CRIMINAL_REPORT = "criminal_report", _("criminal report filed")
        DISMISSAL = "dismissal", _("criminal report dismissed (CPC Art. 284(1))")
        INVESTIGATION_ORDERED = "investigation_ordered", _("investigation ordered")
        INVESTIGATION_CLOSED = "investigation_closed", _("investigation closed")
        INVESTIGATION_TERMINATED = "investigation_terminated", _("investigation terminated (CPC Art. 307)")
        INVESTIGATION_SUSPENDED = "investigation_suspended", _("investigation suspended (CPC Art. 308)")
        INDICTMENT = "indictment", _("indictment")
        INFORMATION = "information", _("“information” (optužni predlog)")
        PLEA_AGREEMENT = "plea_agreement", _("plea agreement")
        RECLASSIFICATION = "reclassification", _("reclassification")
        CONVICTION = "conviction", _("first-instance judgement: conviction")
        ACQUITTAL = "acquittal", _("first-instance judgement: acquittal")
        REJECTION = "rejection", _("first-instance judgement: rejection or abandonment")
        APPEAL = "appeal", _("appeal")
        FINAL_JUDGEMENT = "final_judgement", _("final judgement")
        DETENTION_ORDERED = "detention_ordered", _("detention on remand ordered")
        DETENTION_EXTENDED = "detention_extended", _("detention on remand extended")
        DETENTION_ENDED = "detention_ended", _("detention on remand ended")
        RELEASE_FROM_PRISON = "release_from_prison", _("release from prison")
        ESCAPE = "escape", _("escape")
        RESTRAINING_ORDER = "restraining_order", _("restraining order (CPC Art. 197)")
        PSYCHIATRIC_TREATMENT = "psychiatric_treatment", _("mandatory psychiatric treatment")
        HEARING = "hearing", _("hearing")
        VICTIM_INTERVIEW = "victim_interview", _("hearing of the damaged party")
        PVW_GRANTED = "pvw_granted", _("particularly vulnerable witness status granted")

    case = models.ForeignKey(CriminalCase, models.CASCADE, related_name="events")
    defendant = models.ForeignKey(Defendant, models.CASCADE, null=True, blank=True,
                                  related_name="events")
    damaged_party = models.ForeignKey(DamagedParty, models.CASCADE, null=True, blank=True,
                                      related_name="events")
    kind = models.CharField(_("event"), max_length=32, choices=Kind.choices)
    on = models.DateField(_("date"))
    court = models.ForeignKey(Organisation, models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("court"))
    sentence_months = models.PositiveSmallIntegerField(_("prison sentence (months)"), null=True,
                                                       blank=True)
    fine = models.DecimalField(_("fine (RSD)"), max_digits=14, decimal_places=2, null=True,
                               blank=True)
    confiscation = models.BooleanField(_("confiscation of proceeds"), default=False)
    outcome = models.CharField(_("final outcome"), max_length=16, blank=True,
                               choices=[("convicted", _("convicted")), ("acquitted", _("acquitted")),
                                        ("rejected", _("charges rejected"))])
    reclassified_to = models.CharField(_("reclassified to"), max_length=32, blank=True)
    recorded_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    recorded_by_organisation = models.ForeignKey(Organisation, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False,
                                       help_text=_("Set by the system."))

    class Meta:
        ordering = ["on", "pk"]
        indexes = [models.Index(fields=["case", "on"], name="justice_event_case"),
                   # the statistics: the events of a year
                   models.Index(fields=["on", "kind"], name="justice_event_day"),
                   # … with what the tables count, read from the index alone
                   models.Index(fields=["on", "kind", "case", "defendant", "damaged_party",
                                        "sentence_months", "recorded_by_organisation"],
                                name="justice_event_day_counted"),
                   # the prison sentences of a year
                   models.Index(fields=["on", "sentence_months", "recorded_by_organisation"],
                                condition=models.Q(kind__in=["conviction", "plea_agreement"],
                                                   sentence_months__gt=0),
                                name="justice_event_sentences"),
                   # the courts' caseload: each case's events naming a court
                   models.Index(fields=["court", "case", "on", "kind"],
                                condition=models.Q(court__isnull=False),
                                name="justice_event_court_case")]
        verbose_name = _("proceeding event")
        verbose_name_plural = _("proceeding events")


class Notification(models.Model):
    """An event that matters for a victim's safety or rights, for one recipient (a
    caseworker, or an organisation of the support network). Its text is built from the
    event kind and the pseudonym: never a name or an address."""

    event = models.ForeignKey(ProceedingEvent, models.CASCADE, related_name="notifications")
    person = models.ForeignKey(Person, models.CASCADE, related_name="notifications")
    user = models.ForeignKey(USER, models.CASCADE, null=True, blank=True,
                             related_name="notifications")
    organisation = models.ForeignKey(Organisation, models.CASCADE, null=True, blank=True,
                                     related_name="notifications")
    created_at = models.DateTimeField(default=timezone.now)
    acknowledge_by = models.DateTimeField(_("acknowledge by"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    acted_at = models.DateTimeField(_("acted on at"), null=True, blank=True)
    handled_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at", "-created_at"], name="notif_user_inbox"),
                   models.Index(fields=["organisation", "read_at", "-created_at"],
                                name="notif_org_inbox")]
        constraints = [models.CheckConstraint(
            condition=models.Q(user__isnull=False) | models.Q(organisation__isnull=False),
            name="notification_has_recipient")]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")


class RiskAssessment(models.Model):
    """Opened when a defendant's release is near (CPC; Recommendation 8.1-6). `assessed_on`
    is the day the risk was assessed, `completed_at` the moment that was recorded."""

    class Level(models.TextChoices):
        LOW = "low", _("low")
        MEDIUM = "medium", _("medium")
        HIGH = "high", _("high")

    person = models.ForeignKey(Person, models.CASCADE, related_name="risk_assessments")
    event = models.ForeignKey(ProceedingEvent, models.CASCADE, related_name="risk_assessments")
    organisation = models.ForeignKey(Organisation, models.PROTECT, related_name="risk_assessments")
    due_on = models.DateField(_("release on"))
    level = models.CharField(_("risk"), max_length=8, choices=Level.choices, blank=True)
    row_key = RowKeyField()
    outcome = EncryptedTextField(_("assessment and safety measures"), max_length=5000)
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True, editable=False,
                                        help_text=_("Set by the system."))
    completed_by = models.ForeignKey(USER, models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("opened at"), default=timezone.now, editable=False,
                                      help_text=_("Set by the system."))

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "person", "organisation"],
                                               name="one_assessment_per_release")]
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")

    @property
    def audit_case_ref(self) -> str:
        return self.person.pseudonym


class ImpunityFlag(models.Model):
    """A (presumed) victim who is a defendant in any proceeding (criminal or misdemeanour):
    the non-punishment principle (CoE Convention Art. 26) asks for the Centre's opinion."""

    class Kind(models.TextChoices):
        CRIMINAL = "criminal", _("criminal proceedings")
        MISDEMEANOUR = "misdemeanour", _("misdemeanour proceedings")

    person = models.ForeignKey(Person, models.PROTECT, related_name="impunity_flags")
    kind = models.CharField(_("proceedings"), max_length=16, choices=Kind.choices)
    institution = models.ForeignKey(Organisation, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("institution"))
    case_number = models.CharField(_("case number"), max_length=50, blank=True)
    defendant = models.ForeignKey(Defendant, models.CASCADE, null=True, blank=True,
                                  related_name="impunity_flags")
    flagged_on = models.DateField(_("flagged on"), default=timezone.localdate)
    row_key = RowKeyField()
    centre_opinion = EncryptedTextField(_("the Centre's opinion"), max_length=5000)
    opinion_on = models.DateField(_("opinion given on"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False,
                                       help_text=_("Set by the system."))

    class Meta:
        ordering = ["-flagged_on", "-pk"]
        verbose_name = _("non-punishment flag")

    @property
    def audit_case_ref(self) -> str:
        return self.person.pseudonym


class LegalAssistanceRequest(models.Model):
    class Direction(models.TextChoices):
        OUTBOUND = "outbound", _("outbound (Serbia asks)")
        INBOUND = "inbound", _("inbound (Serbia is asked)")

    class Type(models.TextChoices):
        EXTRADITION = "extradition", _("extradition")
        TRANSFER = "transfer", _("transfer of proceedings")
        GENERAL = "general", _("general legal assistance")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("pending")
        MET = "met", _("met")
        NOT_MET = "not_met", _("not met")

    direction = models.CharField(_("direction"), max_length=16, choices=Direction.choices)
    type = models.CharField(_("type"), max_length=16, choices=Type.choices)
    country = models.ForeignKey(Country, models.PROTECT, related_name="+",
                                verbose_name=_("country"))
    case = models.ForeignKey(CriminalCase, models.SET_NULL, null=True, blank=True,
                             related_name="legal_assistance")
    requested_on = models.DateField(_("requested on"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices,
                               default=Outcome.PENDING)
    outcome_on = models.DateField(_("outcome on"), null=True, blank=True)
    recorded_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False,
                                       help_text=_("Set by the system."))

    class Meta:
        ordering = ["-requested_on", "-pk"]
        indexes = [models.Index(fields=["requested_on"], name="justice_assistance_day")]
        verbose_name = _("international legal assistance request")
