"""The Centre's identification procedure: one per person and report. From the moment it
opens the person is a presumed victim, with all victims' rights."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atis.core.fields import EncryptedTextField, RowKeyField
from atis.core.models import Organisation
from atis.intake.models import Indicator, Report
from atis.people.models import Person
from atis.reference.models import Country, Language


class Procedure(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open (presumed victim)")
        AWAITING_APPROVAL = "awaiting_approval", _("decision awaiting approval")
        SUSPENDED = "suspended", _("suspended")
        IDENTIFIED = "identified", _("identified as a victim")
        NOT_IDENTIFIED = "not_identified", _("not identified as a victim")
        TERMINATED = "terminated", _("terminated")

    person = models.ForeignKey(Person, models.PROTECT, related_name="procedures")
    report = models.ForeignKey(Report, models.PROTECT, related_name="procedures")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.OPEN, db_index=True)
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now,
                                     help_text=_("When the report was accepted."))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    lead_caseworker = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                        blank=True, related_name="lead_procedures",
                                        verbose_name=_("lead caseworker"))
    is_child = models.BooleanField(_("child"), default=False)
    is_foreign = models.BooleanField(_("foreign national"), default=False)
    particular_urgency = models.BooleanField(_("particular urgency"), default=False)
    target_date = models.DateField(_("decision due by"),
                                   help_text=_("Counted from the day the report was received."))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True,
                                     help_text=_("When the decision that closed it took effect."))
    # Denormalised from its alerts (services.alerts_changed keeps it): the earliest due time
    # of an alert not yet sent, NULL when all went out. "Overdue" is then a condition on
    # this table alone, which one ordered index serves (no join of the alerts).
    alert_due_at = models.DateTimeField(_("alert not sent, due at"), null=True, blank=True,
                                        editable=False)

    class Meta:
        ordering = ["-opened_at"]
        constraints = [models.UniqueConstraint(fields=["person", "report"],
                                               name="one_procedure_per_person_and_report")]
        indexes = [
            models.Index(fields=["lead_caseworker", "status", "-particular_urgency",
                                 "target_date", "id"], name="ident_proc_queue"),
            models.Index(fields=["status", "target_date"], name="ident_proc_due"),
            # The open procedures (a few percent of all) in queue order, overall and by
            # lead caseworker (the manager's filter and the caseload widget).
            models.Index(fields=["-particular_urgency", "target_date", "id"],
                         condition=models.Q(status__in=["open", "awaiting_approval", "suspended"]),
                         name="ident_proc_open_queue"),
            models.Index(fields=["lead_caseworker", "-particular_urgency", "target_date", "id"],
                         condition=models.Q(status__in=["open", "awaiting_approval", "suspended"]),
                         name="ident_proc_open_lead"),
            # The overdue candidates (the open ones and those with an alert not sent) in
            # queue order: the overdue list is an ordered scan of it, stopped at its LIMIT.
            models.Index(fields=["-particular_urgency", "target_date", "id"],
                         condition=models.Q(status__in=["open", "awaiting_approval", "suspended"])
                         | models.Q(alert_due_at__isnull=False), name="ident_proc_overdue"),
            # Every procedure in list order (the API's list): a page of a caseworker's
            # procedures reads the first rows of it that are theirs, without a sort.
            models.Index(fields=["-particular_urgency", "target_date", "id"],
                         name="ident_proc_list"),
        ]
        verbose_name = _("identification procedure")
        verbose_name_plural = _("identification procedures")

    def __str__(self):
        return f"{self.person.pseudonym} / {self.report.reference}"

    @property
    def audit_case_ref(self) -> str:
        return self.person.pseudonym

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES


CLOSED_STATUSES = frozenset({Procedure.Status.IDENTIFIED, Procedure.Status.NOT_IDENTIFIED,
                             Procedure.Status.TERMINATED})


class Alert(models.Model):
    """An alert the Centre must send within 24 hours of receiving the report."""

    procedure = models.ForeignKey(Procedure, models.CASCADE, related_name="alerts")
    recipient = models.CharField(_("recipient"), max_length=32)
    organisation = models.ForeignKey(Organisation, models.PROTECT, null=True, blank=True,
                                     related_name="alerts", verbose_name=_("organisation"))
    due_at = models.DateTimeField(_("due at"), db_index=True,
                                  help_text=_("24 hours after the report was received."))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True,
                                   help_text=_("When the alert went out."))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("sent by"))
    channel = models.CharField(_("sent how"), max_length=32, blank=True)

    class Meta:
        ordering = ["due_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["procedure", "recipient"],
                                               name="one_alert_per_recipient")]
        indexes = [models.Index(fields=["sent_at", "due_at"], name="ident_alert_due"),
                   # The alerts not sent (a few percent), in the overdue list's order.
                   models.Index(fields=["due_at", "id"], condition=models.Q(sent_at__isnull=True),
                                name="ident_alert_unsent")]
        verbose_name = _("24-hour alert")
        verbose_name_plural = _("24-hour alerts")

    @property
    def audit_case_ref(self) -> str:
        return self.procedure.person.pseudonym

    @property
    def overdue(self) -> bool:
        return self.sent_at is None and timezone.now() > self.due_at


class Interview(models.Model):
    procedure = models.ForeignKey(Procedure, models.CASCADE, related_name="interviews")
    held_on = models.DateField(_("held on"))
    mode = models.CharField(_("mode"), max_length=16)
    joint_with = models.CharField(_("joint with"), max_length=16, blank=True,
                                  choices=[("police", _("police")),
                                           ("prosecutor", _("prosecutor"))])
    interpreter_language = models.ForeignKey(Language, models.PROTECT, null=True, blank=True,
                                             related_name="+",
                                             verbose_name=_("interpreter's language"))
    location = models.CharField(_("location"), max_length=100, blank=True)
    row_key = RowKeyField()
    notes = EncryptedTextField(_("notes"), max_length=10000)
    conducted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                     verbose_name=_("conducted by"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now,
                                       help_text=_("Set by the system."))

    class Meta:
        ordering = ["held_on", "pk"]
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")

    @property
    def audit_case_ref(self) -> str:
        return self.procedure.person.pseudonym


class IndicatorAssessment(models.Model):
    """A formal indicator from the Centre's catalogue found present in a procedure."""

    procedure = models.ForeignKey(Procedure, models.CASCADE, related_name="indicator_assessments")
    indicator = models.ForeignKey(Indicator, models.PROTECT, related_name="+")
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    assessed_at = models.DateTimeField(_("assessed at"), default=timezone.now,
                                       help_text=_("When the indicator was found present."))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["procedure", "indicator"],
                                               name="indicator_assessed_once")]


class ProcedureNote(models.Model):
    procedure = models.ForeignKey(Procedure, models.CASCADE, related_name="notes")
    row_key = RowKeyField()
    text = EncryptedTextField(_("note"), max_length=10000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]


class Decision(models.Model):
    """The Centre's decision. Proposed by a caseworker, it takes effect when a manager
    approves it (a manager's own decision is approved at once, and supersedes a proposal
    still awaiting approval)."""

    class Outcome(models.TextChoices):
        IDENTIFIED = "identified", _("identified as a victim")
        NOT_IDENTIFIED = "not_identified", _("not a victim")
        TERMINATED = "terminated", _("terminated")
        SUSPENDED = "suspended", _("suspended")

    class State(models.TextChoices):
        PROPOSED = "proposed", _("awaiting approval")
        APPROVED = "approved", _("approved")
        RETURNED = "returned", _("returned for more work")
        SUPERSEDED = "superseded", _("superseded by a manager's decision")

    procedure = models.ForeignKey(Procedure, models.PROTECT, related_name="decisions")
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    state = models.CharField(_("state"), max_length=16, choices=State.choices,
                             default=State.PROPOSED)
    reason = models.CharField(_("reason"), max_length=48, blank=True)
    row_key = RowKeyField()
    reason_note = EncryptedTextField(_("reasoning"), max_length=5000)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("decided by"))
    decided_by_organisation = models.ForeignKey(Organisation, models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now,
                                      help_text=_("When the decision was made."))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now,
                                       help_text=_("Set by the system."))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+", verbose_name=_("approved by"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, db_index=True,
                                       help_text=_("When the decision took effect."))
    approval_recorded_at = models.DateTimeField(_("approval recorded at"), null=True, blank=True,
                                                help_text=_("Set by the system."))
    superseded_by = models.ForeignKey("self", models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name=_("superseded by"))
    # The identification (outcome "identified").
    recruitment_online = models.BooleanField(_("internet or social networks used"), null=True)
    exploiter_relations = models.JSONField(_("exploiter's relation to the victim"), default=list)
    control_methods = models.JSONField(_("methods of control"), default=list)
    exploitation_began_on = models.DateField(_("exploitation began on"), null=True, blank=True)
    exploitation_months = models.PositiveSmallIntegerField(_("duration of exploitation (months)"),
                                                           null=True, blank=True)
    origin_country = models.ForeignKey(Country, models.PROTECT, null=True, blank=True,
                                       related_name="+", verbose_name=_("country of origin"))
    exploitation_country = models.ForeignKey(Country, models.PROTECT, null=True, blank=True,
                                             related_name="+",
                                             verbose_name=_("country of exploitation"))
    exploitation_municipality = models.CharField(_("municipality of exploitation"),
                                                 max_length=100, blank=True)
    exploitation_intended = models.BooleanField(_("exploitation intended, not yet begun"),
                                                default=False)
    # Coarse statistical attributes fixed when the decision takes effect (the exact date of
    # birth stays encrypted): ARCHITECTURE.md §Vocabulary's age rule reads these.
    age_at_identification = models.PositiveSmallIntegerField(_("age at identification"),
                                                             null=True, blank=True)
    age_at_exploitation_start = models.PositiveSmallIntegerField(
        _("age when exploitation began"), null=True, blank=True)
    identified_where = models.CharField(_("where identified"), max_length=32, blank=True)
    mixed_migration = models.BooleanField(_("from mixed migration"), null=True)
    child_school_attendance = models.BooleanField(_("child attended school"), null=True)
    child_in_institutional_care = models.BooleanField(_("child in institutional care"),
                                                      null=True)
    child_parent_complicit = models.BooleanField(_("parent exploiter or complicit"), null=True)
    # Informing the person of the outcome and of their right to complain.
    person_informed_at = models.DateTimeField(_("person informed at"), null=True, blank=True,
                                              help_text=_("When the person was told."))
    person_informed_how = models.CharField(_("person informed how"), max_length=32, blank=True)
    complaint_right_explained = models.BooleanField(_("right to complain explained"),
                                                    default=False)

    class Meta:
        ordering = ["-decided_at", "-pk"]
        # The statistics: the decisions taking effect in a year, with the reason read from
        # the index alone.
        indexes = [models.Index(fields=["outcome", "state", "approved_at", "reason"],
                                name="ident_decision_stats"),
                   models.Index(fields=["state", "-decided_at"], name="ident_decision_state"),
                   # The statistics' sources: which organisations decided in a year.
                   models.Index(fields=["decided_by_organisation", "approved_at"],
                                name="ident_decision_org_day")]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    @property
    def audit_case_ref(self) -> str:
        return self.procedure.person.pseudonym


class DecisionForm(models.Model):
    """One form of exploitation of an identified victim, with its sub-type."""

    decision = models.ForeignKey(Decision, models.CASCADE, related_name="forms")
    form = models.CharField(_("form of exploitation"), max_length=32)
    subtype = models.CharField(_("sub-type"), max_length=48, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["decision", "form", "subtype"],
                                               name="decision_form_unique")]


class DecisionRecruitment(models.Model):
    decision = models.ForeignKey(Decision, models.CASCADE, related_name="recruitment")
    method = models.CharField(_("recruitment method"), max_length=32)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["decision", "method"],
                                               name="decision_recruitment_unique")]
