"""A person concerned by ATIS: pseudonymised everywhere, identified only in
`PersonIdentity`, whose every value is encrypted at rest."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atis.core.fields import (
    EncryptedDateField,
    EncryptedJSONField,
    EncryptedTextField,
    RowKeyField,
)
from atis.core.models import Organisation, Team
from atis.reference.models import Country, Language

REASON_MAX_LENGTH = 1000


class Person(models.Model):
    """Statistical attributes are kept in clear but coarse (ARCHITECTURE.md §Personal data)."""

    pseudonym = models.CharField(_("pseudonym"), max_length=20, unique=True)
    sex = models.CharField(_("sex"), max_length=16, default="unknown")
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    citizenships = models.ManyToManyField(Country, blank=True, related_name="+",
                                          verbose_name=_("citizenships"))
    languages = models.ManyToManyField(Language, blank=True, related_name="+",
                                       verbose_name=_("languages"))
    first_known_on = models.DateField(_("first known on"), default=timezone.localdate)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   blank=True, related_name="+")
    created_by_organisation = models.ForeignKey(Organisation, models.PROTECT, null=True,
                                                blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        # The lists' first page (newest first) without sorting every person.
        indexes = [models.Index(fields=["-created_at", "-id"], name="people_person_newest"),
                   # The statistics: a resident's or damaged person's year of birth, read
                   # from the index alone rather than from the person's wide row.
                   models.Index(fields=["id", "birth_year"], name="people_person_birth_year")]
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self):
        return self.pseudonym

    @property
    def audit_case_ref(self) -> str:
        return self.pseudonym

    def age_on(self, day) -> int | None:
        """Age in whole years, from the birth year only (the clear, coarse attribute)."""
        return day.year - self.birth_year if self.birth_year else None


class PersonIdentity(models.Model):
    """Direct identifiers. Read only through `people.selectors.person_identity`, which
    checks the access policy and audits the view."""

    person = models.OneToOneField(Person, models.CASCADE, primary_key=True,
                                  related_name="identity")
    given_name = EncryptedTextField(_("given name"), max_length=100)
    family_name = EncryptedTextField(_("family name"), max_length=100)
    aliases = EncryptedJSONField(_("aliases"))
    date_of_birth = EncryptedDateField(_("date of birth"))
    place_of_birth = EncryptedTextField(_("place of birth"), max_length=200)
    documents = EncryptedJSONField(_("identity documents"))
    phones = EncryptedJSONField(_("phones"))
    addresses = EncryptedJSONField(_("addresses"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("identity")
        verbose_name_plural = _("identities")


class IdentifierIndex(models.Model):
    """HMAC blind indexes of normalised identifiers, for exact look-up and duplicate
    warnings without decrypting anything."""

    class Kind(models.TextChoices):
        NAME = "name", _("name")
        NAME_BIRTH = "name_birth", _("name and date of birth")
        DOCUMENT = "document", _("document number")
        PHONE = "phone", _("phone")

    person = models.ForeignKey(Person, models.CASCADE, related_name="identifier_index")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    digest = models.CharField(max_length=64)
    # The blind-index key (ATIS_BLIND_INDEX_KEY id) and the folding scheme
    # (atis.people.identifiers.FOLD_SCHEME) the digest was made with; `atis keys reindex`
    # recomputes rows made under another key or an older scheme.
    key_id = models.CharField(max_length=16)
    scheme = models.PositiveSmallIntegerField(default=1)

    class Meta:
        # By person within a digest: the duplicate warning reads the first persons of a
        # name shared by thousands straight off the index.
        indexes = [models.Index(fields=["digest", "person"], name="people_idx_digest_person")]


class CaseAssignment(models.Model):
    """The Centre's file on a person (the case) is assigned to caseworkers or a team.

    A reassignment (`services.case_reassign`) ends the active assignments instead of
    deleting them, so the rows of a person are the case's history: an ended one is
    inactive and says when it ended and who ended it; the one that replaced them carries
    the reason given. `assigned_at` and `ended_at` are when the change took effect (the
    day the manager entered: now if today, else the start of that day); the moment it was
    recorded is in the audit trail ("person.reassign")."""

    person = models.ForeignKey(Person, models.CASCADE, related_name="assignments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                             related_name="case_assignments", verbose_name=_("caseworker"))
    team = models.ForeignKey(Team, models.PROTECT, null=True, blank=True,
                             related_name="case_assignments", verbose_name=_("team"))
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    related_name="+")
    active = models.BooleanField(_("active"), default=True)
    row_key = RowKeyField()
    # Free text that may name people or circumstances: encrypted like any narrative.
    reason = EncryptedTextField(_("reason for the reassignment"), max_length=REASON_MAX_LENGTH)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                 blank=True, related_name="+", verbose_name=_("ended by"))

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(user__isnull=False)
                                   | models.Q(team__isnull=False),
                                   name="assignment_has_user_or_team"),
            models.CheckConstraint(condition=models.Q(ended_at__isnull=True)
                                   | models.Q(active=False),
                                   name="ended_assignment_is_inactive"),
        ]
        indexes = [models.Index(fields=["user", "active"], name="people_assign_user")]


class AssignmentNotice(models.Model):
    """Tells a caseworker that a case was assigned to them (or to their team): an item of
    their dashboard until they open the case record. It names the case by its pseudonym
    only. (The justice app's notifications are about proceeding events, and `people`
    cannot depend on `justice`, so assignments keep their own.)"""

    assignment = models.ForeignKey(CaseAssignment, models.CASCADE, related_name="notices")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE,
                             related_name="assignment_notices", verbose_name=_("recipient"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        # A user's unread notices, newest first (the dashboard), read off the index.
        indexes = [models.Index(fields=["user", "read_at", "-created_at"],
                                name="people_notice_inbox")]
        constraints = [models.UniqueConstraint(fields=["assignment", "user"],
                                               name="one_notice_per_assignee")]
        verbose_name = _("assignment notice")
        verbose_name_plural = _("assignment notices")
