"""Protection after (and during) identification: consent, case conferences, the individual
protection plan and its tasks, services delivered, the Shelter, other placements and the
status of foreign victims."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atis.core.fields import EncryptedTextField, RowKeyField
from atis.core.models import Organisation
from atis.people.models import Person
from atis.reference.models import Country

USER = settings.AUTH_USER_MODEL


class Consent(models.Model):
    """What the person (or, for a child, the guardian) agreed to share with an
    organisation: one area of support (or every area when `area` is empty), and whether
    their identity too. The access policy reads it."""

    class GivenBy(models.TextChoices):
        PERSON = "person", _("the person")
        GUARDIAN = "guardian", _("the guardian")

    person = models.ForeignKey(Person, models.CASCADE, related_name="consents")
    organisation = models.ForeignKey(Organisation, models.PROTECT, related_name="consents",
                                     verbose_name=_("shared with"))
    area = models.CharField(_("area of support"), max_length=32, blank=True,
                            help_text=_("Empty: every area."))
    share_identity = models.BooleanField(_("identity may be shared"), default=False)
    given_by = models.CharField(_("given by"), max_length=16, choices=GivenBy.choices,
                                default=GivenBy.PERSON)
    given_on = models.DateField(_("given on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False,
                                       help_text=_("Set by the system."))

    class Meta:
        ordering = ["-given_on", "-pk"]
        indexes = [models.Index(fields=["organisation", "person"], name="prot_consent_org")]
        verbose_name = _("consent to share")
        verbose_name_plural = _("consents to share")

    @property
    def audit_case_ref(self) -> str:
        return self.person.pseudonym

    @property
    def active(self) -> bool:
        return self.withdrawn_on is None


class CaseConference(models.Model):
    """The multidisciplinary meeting that forms the support network and the plan."""

    person = models.ForeignKey(Person, models.PROTECT, related_name="case_conferences")
    held_on = models.DateField(_("held on"))
    organisations = models.ManyToManyField(Organisation, related_name="case_conferences",
                                           verbose_name=_("participating organisations"))
    row_key = RowKeyField()
    participants = EncryptedTextField(_("participants (names and roles)"), max_length=2000)
    victim_participated = models.BooleanField(_("the victim took part"), default=False)
    guardian_participated = models.BooleanField(_("the guardian took part"), default=False)
    decisions = EncryptedTextField(_("decisions"), max_length=10000)
    recorded_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False,
                                       help_text=_("Set by the system."))

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("case conference")
        verbose_name_plural = _("case conferences")

    @property
    def audit_case_ref(self) -> str:
        return self.person.pseudonym


class ProtectionPlan(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        CLOSED = "closed", _("closed")

    person = models.ForeignKey(Person, models.PROTECT, related_name="protection_plans")
    conference = models.ForeignKey(CaseConference, models.PROTECT, null=True, blank=True,
                                   related_name="plans", verbose_name=_("case conference"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.ACTIVE)
    version = models.PositiveIntegerField(_("version"), default=1)
    started_on = models.DateField(_("started on"))
    review_due = models.DateField(_("next review due"))
    social_work_centre = models.ForeignKey(Organisation, models.PROTECT, null=True, blank=True,
                                           related_name="+",
                                           verbose_name=_("centre for social work (child)"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closure_reason = models.CharField(_("reason for closing"), max_length=48, blank=True)
    created_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False,
                                      help_text=_("Set by the system."))

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["person"],
                                               condition=models.Q(status="active"),
                                               name="one_active_plan_per_person")]
        # The statistics: plans in force in a year (open, or closed in or after it), found
        # without reading the plans closed before it.
        indexes = [models.Index(fields=["closed_on", "started_on", "person"],
                                name="prot_plan_period")]
        verbose_name = _("protection plan")
        verbose_name_plural = _("protection plans")

    @property
    def audit_case_ref(self) -> str:
        return self.person.pseudonym


class PlanVersion(models.Model):
    """A plan as it stood before a revision (its tasks as JSON), so revisions are kept;
    `revised_on` is the day of the revision that replaced it."""

    plan = models.ForeignKey(ProtectionPlan, models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    snapshot = models.JSONField()
    note = models.CharField(max_length=300, blank=True)
    revised_on = models.DateField(_("revised on"))
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False,
                                      help_text=_("Set by the system."))
    created_by = models.ForeignKey(USER, models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["plan", "version"],
                                               name="plan_version_unique")]


class PlanTask(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    plan = models.ForeignKey(ProtectionPlan, models.CASCADE, related_name="tasks")
    area = models.CharField(_("area"), max_length=32)
    row_key = RowKeyField()
    goal = EncryptedTextField(_("goal"), max_length=2000)
    organisation = models.ForeignKey(Organisation, models.PROTECT, related_name="plan_tasks",
                                     verbose_name=_("responsible organisation"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.PLANNED)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["organisation", "status", "due_on"], name="prot_task_inbox"),
                   # A partner's inbox, open tasks by deadline: read in order, stopped at a page.
                   models.Index(fields=["organisation", "due_on", "id"], name="prot_task_open_due",
                                condition=models.Q(status__in=["planned", "in_progress"])),
                   # The Centre's (every organisation's) open tasks by deadline: its overdue
                   # tasks widget reads the first few in order.
                   models.Index(fields=["due_on", "id"], name="prot_task_open_order",
                                condition=models.Q(status__in=["planned", "in_progress"]))]
        verbose_name = _("plan task")
        verbose_name_plural = _("plan tasks")

    @property
    def audit_case_ref(self) -> str:
        return self.plan.person.pseudonym

    @property
    def overdue(self) -> bool:
        return self.status in (self.Status.PLANNED, self.Status.IN_PROGRESS) and \
            self.due_on < timezone.localdate()


class ServiceRecord(models.Model):
    """One service given to a person, so that the published counts come from records."""

    person = models.ForeignKey(Person, models.PROTECT, related_name="services")
    service = models.CharField(_("service"), max_length=32)
    delivered_on = models.DateField(_("delivered on"), db_index=True)
    provider = models.ForeignKey(Organisation, models.PROTECT, related_name="services",
                                 verbose_name=_("provider"))
    task = models.ForeignKey(PlanTask, models.SET_NULL, null=True, blank=True,
                             related_name="services", verbose_name=_("plan task"))
    sessions = models.PositiveSmallIntegerField(_("sessions"), default=1)
    row_key = RowKeyField()
    outcome = EncryptedTextField(_("outcome"), max_length=2000)
    recorded_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False,
                                       help_text=_("Set by the system."))

    class Meta:
        ordering = ["-delivered_on", "-pk"]
        indexes = [models.Index(fields=["person", "-delivered_on"], name="prot_service_person"),
                   models.Index(fields=["provider", "-delivered_on"], name="prot_service_provider"),
                   # the statistics: who received which service in a year, from the index alone
                   models.Index(fields=["delivered_on", "service", "person"],
                                name="prot_service_day")]
        verbose_name = _("service delivered")
        verbose_name_plural = _("services delivered")

    @property
    def audit_case_ref(self) -> str:
        return self.person.pseudonym


class ShelterSite(models.Model):
    """The Shelter's premises. The address is secret: shelter staff and Centre managers only."""

    organisation = models.OneToOneField(Organisation, models.PROTECT, related_name="shelter_site")
    row_key = RowKeyField()
    address = EncryptedTextField(_("address"), max_length=300)
    capacity = models.PositiveSmallIntegerField(_("capacity (beds)"), default=10)


class ShelterStay(models.Model):
    class Phase(models.TextChoices):
        ADAPTATION = "adaptation", _("adaptation")
        RECOVERY = "recovery", _("recovery")
        PREPARATION = "preparation", _("preparation for independence")

    person = models.ForeignKey(Person, models.PROTECT, related_name="shelter_stays")
    shelter = models.ForeignKey(Organisation, models.PROTECT, related_name="stays")
    admitted_on = models.DateField(_("admitted on"))
    phase = models.CharField(_("phase"), max_length=16, choices=Phase.choices,
                             default=Phase.ADAPTATION)
    ends_on = models.DateField(_("stay ends on"))
    extended = models.BooleanField(_("extended"), default=False)
    row_key = RowKeyField()
    extension_reason = EncryptedTextField(_("assessed need for the extension"), max_length=2000)
    accompanying_children = models.PositiveSmallIntegerField(_("accompanying children"), default=0)
    pregnant = models.BooleanField(_("pregnant"), default=False)
    is_return = models.BooleanField(_("a return after leaving"), default=False)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    departure_reason = models.CharField(_("reason for leaving"), max_length=32, blank=True)
    destination = models.CharField(_("destination"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False,
                                       help_text=_("Set by the system."))

    class Meta:
        ordering = ["-admitted_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["person"],
                                               condition=models.Q(left_on__isnull=True),
                                               name="one_current_stay_per_person")]
        # A Shelter's current stays, in the order of its residents list and of its stays
        # ending soon: a page of them is read in order, never sorted.
        indexes = [models.Index(fields=["shelter", "-admitted_on", "-id"],
                                condition=models.Q(left_on__isnull=True), name="prot_stay_current"),
                   models.Index(fields=["shelter", "ends_on", "id"],
                                condition=models.Q(left_on__isnull=True), name="prot_stay_ending"),
                   # The statistics: stays in the year (current, or left in or after it).
                   models.Index(fields=["left_on", "admitted_on"], name="prot_stay_period")]
        verbose_name = _("Shelter stay")
        verbose_name_plural = _("Shelter stays")

    @property
    def audit_case_ref(self) -> str:
        return self.person.pseudonym

    @property
    def current(self) -> bool:
        return self.left_on is None


class ShelterPhaseChange(models.Model):
    stay = models.ForeignKey(ShelterStay, models.CASCADE, related_name="phase_changes")
    phase = models.CharField(max_length=16, choices=ShelterStay.Phase.choices)
    on = models.DateField()
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False,
                                       help_text=_("Set by the system."))

    class Meta:
        ordering = ["on", "pk"]


class MedicalExamination(models.Model):
    stay = models.ForeignKey(ShelterStay, models.CASCADE, related_name="examinations")
    examination = models.CharField(_("examination"), max_length=32)
    on = models.DateField(_("on"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False,
                                       help_text=_("Set by the system."))

    class Meta:
        ordering = ["-on", "-pk"]
        indexes = [models.Index(fields=["on", "examination"], name="prot_exam_day")]
        verbose_name = _("medical examination")


class SecurityIncident(models.Model):
    stay = models.ForeignKey(ShelterStay, models.CASCADE, related_name="incidents")
    on = models.DateField(_("on"))
    row_key = RowKeyField()
    description = EncryptedTextField(_("what happened"), max_length=5000)
    police_informed = models.BooleanField(_("police informed"), default=False)
    recorded_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False,
                                       help_text=_("Set by the system."))

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name = _("security incident")


class Placement(models.Model):
    """Accommodation other than the Shelter (supported housing, safe house, institution for
    children, foster family)."""

    person = models.ForeignKey(Person, models.PROTECT, related_name="placements")
    kind = models.CharField(_("type"), max_length=32)
    organisation = models.ForeignKey(Organisation, models.PROTECT, null=True, blank=True,
                                     related_name="placements", verbose_name=_("provider"))
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    recorded_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False,
                                       help_text=_("Set by the system."))

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("placement")


class PlacementRefusal(models.Model):
    """A placement request an organisation refused — the Centre must show how often
    children are refused."""

    person = models.ForeignKey(Person, models.PROTECT, related_name="placement_refusals")
    kind = models.CharField(_("type"), max_length=32)
    organisation = models.ForeignKey(Organisation, models.PROTECT, related_name="refusals",
                                     verbose_name=_("refused by"))
    requested_on = models.DateField(_("requested on"))
    refused_on = models.DateField(_("refused on"))
    reason = models.CharField(_("reason given"), max_length=300, blank=True)
    child = models.BooleanField(_("child"), default=False)
    recorded_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False,
                                       help_text=_("Set by the system."))

    class Meta:
        ordering = ["-refused_on", "-pk"]
        verbose_name = _("refused placement request")


class ResidenceStatus(models.Model):
    """A foreign victim's status (temporary stay on trafficking grounds, asylum, assisted
    voluntary return) or a national's repatriation from abroad. The ground of stay never
    appears on anything produced for third parties."""

    class Kind(models.TextChoices):
        TEMPORARY_STAY = "temporary_stay", _("temporary stay (victim of trafficking)")
        ASYLUM = "asylum", _("asylum")
        VOLUNTARY_RETURN = "voluntary_return", _("assisted voluntary return")
        REPATRIATION = "repatriation", _("repatriation from abroad")

    class Decision(models.TextChoices):
        PENDING = "pending", _("pending")
        GRANTED = "granted", _("granted")
        REFUSED = "refused", _("refused")
        WITHDRAWN = "withdrawn", _("withdrawn")

    person = models.ForeignKey(Person, models.PROTECT, related_name="residence_statuses")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    applied_on = models.DateField(_("applied on"))
    centre_opinion_on = models.DateField(_("the Centre's opinion given on"), null=True, blank=True)
    centre_opinion_positive = models.BooleanField(_("the Centre's opinion is positive"), null=True)
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices,
                                default=Decision.PENDING)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    country = models.ForeignKey(Country, models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("country (return or repatriation)"))
    border_police_notified_on = models.DateField(_("border police notified on"), null=True,
                                                 blank=True)
    recorded_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False,
                                       help_text=_("Set by the system."))

    class Meta:
        ordering = ["-applied_on", "-pk"]
        verbose_name = _("residence status")
        verbose_name_plural = _("residence statuses")

    @property
    def audit_case_ref(self) -> str:
        return self.person.pseudonym
