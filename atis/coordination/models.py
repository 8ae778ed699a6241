"""Coordination between organisations: groups and their meetings with decisions and tasks,
memos and referrals with their response status, and the contact-points directory."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atis.core.fields import EncryptedTextField, RowKeyField
from atis.core.models import Organisation
from atis.people.models import Person

USER = settings.AUTH_USER_MODEL


class CoordinationGroup(models.Model):
    class Kind(models.TextChoices):
        NATIONAL = "national", _("Group for Coordination and Cooperation")
        LOCAL_TEAM = "local_team", _("local anti-trafficking team")
        CASE_CONFERENCE = "case_conference", _("case conferences")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    convenor = models.ForeignKey(Organisation, models.PROTECT, related_name="groups",
                                 verbose_name=_("convened by"))
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    meets_every_days = models.PositiveSmallIntegerField(_("meets at least every (days)"),
                                                        null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("coordination group")
        verbose_name_plural = _("coordination groups")

    def __str__(self):
        return self.name


class Meeting(models.Model):
    group = models.ForeignKey(CoordinationGroup, models.PROTECT, related_name="meetings")
    held_on = models.DateField(_("held on"))
    organisations = models.ManyToManyField(Organisation, related_name="meetings",
                                           verbose_name=_("participating organisations"))
    cases = models.ManyToManyField(Person, blank=True, related_name="meetings",
                                   verbose_name=_("cases reviewed"))
    decisions = models.TextField(_("decisions (no personal data)"), blank=True)
    row_key = RowKeyField()
    minutes = EncryptedTextField(_("minutes"), max_length=20000)
    recorded_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False,
                                       help_text=_("Set by the system."))

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")


class MeetingTask(models.Model):
    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="tasks")
    description = models.CharField(_("task"), max_length=500)
    owner = models.ForeignKey(Organisation, models.PROTECT, related_name="meeting_tasks",
                              verbose_name=_("owner"))
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]


class Memo(models.Model):
    """A letter, operational report, request or referral between organisations, with the
    response it got (or did not)."""

    class Response(models.TextChoices):
        NONE = "none", _("no reply")
        WRITTEN = "written", _("written reply")
        ORAL = "oral", _("oral reply")

    reference = models.CharField(_("memo number"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=32)
    sender = models.ForeignKey(Organisation, models.PROTECT, related_name="memos_sent",
                               verbose_name=_("sender"))
    recipient = models.ForeignKey(Organisation, models.PROTECT, related_name="memos_received",
                                  verbose_name=_("recipient"))
    sent_on = models.DateField(_("sent on"), db_index=True)
    row_key = RowKeyField()
    subject = EncryptedTextField(_("subject"), max_length=500)
    persons = models.ManyToManyField(Person, blank=True, related_name="memos",
                                     verbose_name=_("persons named"))
    due_on = models.DateField(_("reply due by"), null=True, blank=True)
    response = models.CharField(_("response"), max_length=16, choices=Response.choices,
                                default=Response.NONE)
    responded_on = models.DateField(_("replied on"), null=True, blank=True)
    created_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False,
                                      help_text=_("Set by the system."))

    class Meta:
        ordering = ["-sent_on", "-pk"]
        indexes = [models.Index(fields=["recipient", "response"], name="memo_recipient"),
                   # The statistics' sources: which organisations sent memos in a year.
                   models.Index(fields=["sender", "sent_on"], name="memo_sender_day")]
        verbose_name = _("memo")
        verbose_name_plural = _("memos")

    def __str__(self):
        return self.reference

    @property
    def overdue(self) -> bool:
        return self.response == self.Response.NONE and self.due_on is not None and \
            self.due_on < timezone.localdate()


class ContactPoint(models.Model):
    """An official (never private) contact of an organisation's function."""

    organisation = models.ForeignKey(Organisation, models.PROTECT, related_name="contact_points")
    kind = models.CharField(_("kind"), max_length=32)
    function = models.CharField(_("function or name"), max_length=200)
    phone = models.CharField(_("official phone"), max_length=40, blank=True)
    email = models.EmailField(_("official e-mail"), blank=True)
    last_confirmed_on = models.DateField(_("last confirmed on"))

    class Meta:
        ordering = ["kind", "organisation__name_en"]
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")
