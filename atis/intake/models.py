"""Reports of suspected trafficking (prijave), the indicator checklists used to make them,
hotline calls, and the feedback the Centre gives reporters."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atis.core.fields import EncryptedTextField, RowKeyField
from atis.core.models import Organisation, localised
from atis.people.models import Person
from atis.reference.models import Country


class IndicatorChecklist(models.Model):
    """A versioned list of indicators. A revision is a new row with a higher version; a
    report keeps the version it used."""

    class Kind(models.TextChoices):
        PRELIMINARY = "preliminary", _("preliminary identification")
        FORMAL = "formal", _("formal identification (the Centre)")

    class Audience(models.TextChoices):
        CHILD = "child", _("children")
        ADULT = "adult", _("adults")
        ANY = "any", _("children and adults")

    code = models.SlugField(_("code"), max_length=64)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    sector = models.CharField(_("sector"), max_length=32)
    audience = models.CharField(_("audience"), max_length=8, choices=Audience.choices)
    form = models.CharField(_("form of exploitation"), max_length=32, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_sr_latn = models.CharField(_("title (Serbian, Latin)"), max_length=200)
    title_sr_cyrl = models.CharField(_("title (Serbian, Cyrillic)"), max_length=200)
    current = models.BooleanField(_("current version"), default=True)

    class Meta:
        ordering = ["kind", "sector", "audience", "code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="checklist_version_unique"),
            models.UniqueConstraint(fields=["code"], condition=models.Q(current=True),
                                    name="checklist_one_current_version"),
        ]
        verbose_name = _("indicator checklist")
        verbose_name_plural = _("indicator checklists")

    def __str__(self):
        return f"{self.title} (v{self.version})"

    @property
    def title(self) -> str:
        return localised(self, "title")


class Indicator(models.Model):
    checklist = models.ForeignKey(IndicatorChecklist, models.PROTECT, related_name="indicators")
    code = models.SlugField(_("code"), max_length=64)
    text_en = models.CharField(_("text (English)"), max_length=400)
    text_sr_latn = models.CharField(_("text (Serbian, Latin)"), max_length=400)
    text_sr_cyrl = models.CharField(_("text (Serbian, Cyrillic)"), max_length=400)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["checklist", "sort_order"]
        constraints = [models.UniqueConstraint(fields=["checklist", "code"],
                                               name="indicator_code_unique")]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return self.text

    @property
    def text(self) -> str:
        return localised(self, "text")


class Report(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("received")
        ACCEPTED = "accepted", _("accepted: identification opened")
        DISMISSED = "dismissed", _("dismissed")

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    received_at = models.DateTimeField(_("received at"),
                                       help_text=_("When the report reached the Centre."))
    channel = models.CharField(_("channel"), max_length=32)
    source_type = models.CharField(_("source"), max_length=48)
    external_reference = models.CharField(
        _("external reference"), max_length=100, blank=True,
        help_text=_("The sending system's own identifier, unique per source organisation."))
    source_organisation = models.ForeignKey(Organisation, models.PROTECT, null=True, blank=True,
                                            related_name="reports",
                                            verbose_name=_("source organisation"))
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="reports",
                                    verbose_name=_("reporting user"))
    row_key = RowKeyField()
    reporter_contact = EncryptedTextField(_("external reporter's contact"), max_length=300)
    narrative = EncryptedTextField(_("narrative"), max_length=10000)
    suspected_forms = models.JSONField(_("suspected forms of exploitation"), default=list)
    exploitation_place = models.CharField(_("place of suspected exploitation"), max_length=100,
                                          blank=True)
    exploitation_country = models.ForeignKey(Country, models.PROTECT, null=True, blank=True,
                                             related_name="+",
                                             verbose_name=_("country of suspected exploitation"))
    checklist = models.ForeignKey(IndicatorChecklist, models.PROTECT, null=True, blank=True,
                                  related_name="reports", verbose_name=_("indicator checklist"))
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="reports",
                                        verbose_name=_("indicators observed"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.RECEIVED, db_index=True)
    triaged_at = models.DateTimeField(_("triaged at"), null=True, blank=True,
                                      help_text=_("When the report was accepted or dismissed."))
    triage_recorded_at = models.DateTimeField(_("triage recorded at"), null=True, blank=True,
                                              help_text=_("Set by the system."))
    triaged_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   blank=True, related_name="+", verbose_name=_("triaged by"))
    dismissal_reason = models.CharField(_("reason for dismissal"), max_length=48, blank=True)
    referred_to = models.ForeignKey(Organisation, models.PROTECT, null=True, blank=True,
                                    related_name="referrals", verbose_name=_("referred to"))
    triage_note = EncryptedTextField(_("triage note"), max_length=2000)
    created_at = models.DateTimeField(_("created at"), default=timezone.now,
                                      help_text=_("Set by the system."))

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(fields=["source_organisation", "external_reference"],
                                    condition=~models.Q(external_reference=""),
                                    name="report_external_reference_unique"),
        ]
        indexes = [models.Index(fields=["status", "-received_at"], name="intake_report_queue"),
                   models.Index(fields=["reported_by", "-received_at"], name="intake_report_mine"),
                   # The statistics: the reports of a year by source, read from the index
                   # alone, and which organisations reported in a year.
                   models.Index(fields=["received_at", "source_type"], name="intake_report_day"),
                   models.Index(fields=["source_organisation", "received_at"],
                                name="intake_report_source_day")]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self):
        return self.reference

    @property
    def latest_feedback(self) -> "ReportFeedback | None":
        feedback = list(self.feedback.all())
        return feedback[-1] if feedback else None


class ReportPerson(models.Model):
    """A person concerned by a report."""

    report = models.ForeignKey(Report, models.CASCADE, related_name="persons")
    person = models.ForeignKey(Person, models.PROTECT, related_name="reports")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "person"],
                                               name="report_person_unique")]


class ReportFeedback(models.Model):
    """What the reporter is told: an outcome category, never details."""

    class Category(models.TextChoices):
        RECEIVED = "received", _("Your report was received.")
        ACCEPTED = "accepted", _("An identification procedure was opened.")
        DISMISSED = "dismissed", _("The report did not lead to an identification procedure.")
        REFERRED = "referred", _("The person was referred to another organisation for help.")
        IDENTIFIED = "identified", _("The person was identified as a victim of trafficking.")
        NOT_IDENTIFIED = "not_identified", _("The person was not identified as a victim of "
                                             "trafficking.")
        CLOSED = "closed", _("The identification procedure ended without a decision.")

    report = models.ForeignKey(Report, models.CASCADE, related_name="feedback")
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    given_at = models.DateTimeField(_("given at"), default=timezone.now,
                                    help_text=_("When the step the feedback tells of happened."))

    class Meta:
        ordering = ["given_at", "pk"]
        verbose_name = _("feedback to the reporter")


class HotlineCall(models.Model):
    hotline = models.ForeignKey(Organisation, models.PROTECT, related_name="hotline_calls",
                                verbose_name=_("hotline"))
    operator = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                 verbose_name=_("operator"))
    received_at = models.DateTimeField(_("received at"), db_index=True)
    caller = models.CharField(_("caller"), max_length=32)
    first_contact = models.BooleanField(_("first contact"), default=True)
    persons_concerned = models.PositiveSmallIntegerField(_("persons concerned"), default=1)
    row_key = RowKeyField()
    summary = EncryptedTextField(_("summary"), max_length=5000)
    outcome = models.CharField(_("outcome"), max_length=32)
    report = models.OneToOneField(Report, models.PROTECT, null=True, blank=True,
                                  related_name="hotline_call", verbose_name=_("report"))

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("hotline call")
        verbose_name_plural = _("hotline calls")
