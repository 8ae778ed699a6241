from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from atis.core.fields import EncryptedJSONField, EncryptedTextField, RowKeyField
from atis.core.roles import OrganisationType, Role


def localised(obj, prefix: str) -> str:
    """The `<prefix>_en / _sr_latn / _sr_cyrl` value for the active language."""
    lang = (get_language() or "en").lower()
    suffix = {"sr-latn": "sr_latn", "sr": "sr_cyrl"}.get(lang, "en")
    return getattr(obj, f"{prefix}_{suffix}") or getattr(obj, f"{prefix}_en")


class Organisation(models.Model):
    code = models.SlugField(_("code"), max_length=64, unique=True,
                            help_text=_("Stable identifier, never reused."))
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_sr_latn = models.CharField(_("name (Serbian, Latin)"), max_length=200)
    name_sr_cyrl = models.CharField(_("name (Serbian, Cyrillic)"), max_length=200)
    type = models.CharField(_("type"), max_length=32, choices=OrganisationType.choices)
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True,
                               related_name="children", verbose_name=_("parent"))
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["type", "name_en"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return localised(self, "name")


class Team(models.Model):
    organisation = models.ForeignKey(Organisation, models.PROTECT, related_name="teams",
                                     verbose_name=_("organisation"))
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        unique_together = [("organisation", "name")]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self):
        return self.name


class User(AbstractUser):
    """A person who works with ATIS. Their organisation and role come from their one
    active Membership; past memberships stay as history."""

    password_change_required = models.BooleanField(
        _("must change the password"), default=False,
        help_text=_("Set when an administrator gave the user a one-time password: the user "
                    "chooses their own at the next sign-in before doing anything else."))

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        """A user as people know them: their full name, else their username."""
        return self.get_full_name() or self.username

    @cached_property
    def membership(self) -> "Membership | None":
        return (self.memberships.filter(active=True)
                .select_related("organisation", "team").first())

    @property
    def role(self) -> str | None:
        return self.membership.role if self.membership else None

    @property
    def organisation(self) -> Organisation | None:
        return self.membership.organisation if self.membership else None


class Membership(models.Model):
    user = models.ForeignKey(User, models.PROTECT, related_name="memberships",
                             verbose_name=_("user"))
    organisation = models.ForeignKey(Organisation, models.PROTECT, related_name="memberships",
                                     verbose_name=_("organisation"))
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    team = models.ForeignKey(Team, models.PROTECT, null=True, blank=True,
                             related_name="memberships", verbose_name=_("team"))
    active = models.BooleanField(_("active"), default=True)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=Q(active=True),
                                    name="one_active_membership_per_user"),
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} @ {self.organisation}"


class Counter(models.Model):
    """The last number taken of each named numbering (pseudonyms, report references) on
    SQLite; on PostgreSQL a database sequence per name takes over from it
    (`core.services.sequence_next`)."""

    key = models.CharField(max_length=32, primary_key=True)
    last = models.PositiveIntegerField(default=0)


class IdempotencyRecord(models.Model):
    """The first answer to an API request sent with an `Idempotency-Key` (see
    `atis.core.idempotency`): a retry with the same key gets it again and writes nothing.
    The answer may hold personal data, so it is encrypted; records expire after
    IDEMPOTENCY_HOURS."""

    user = models.ForeignKey(User, models.CASCADE, related_name="+", verbose_name=_("user"))
    endpoint = models.CharField(_("endpoint"), max_length=500,
                                help_text=_("Method and path, e.g. POST /api/v1/persons/."))
    key = models.CharField(_("key"), max_length=255)
    row_key = RowKeyField()
    fingerprint = EncryptedTextField(_("request fingerprint"), audited=False)
    response = EncryptedJSONField(_("response"), audited=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "endpoint", "key"],
                                               name="idempotency_key_once")]
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")


class AdminRequest(models.Model):
    """A change to who may see identities, filed by one administrator and decided by
    another (four eyes): granting a role that sees identities (or the administrator role),
    and resetting a user's multi-factor authentication. See `services.admin_request_*`."""

    class Kind(models.TextChoices):
        GRANT_ROLE = "grant_role", _("Grant a role")
        RESET_MFA = "reset_mfa", _("Reset multi-factor authentication")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    target = models.ForeignKey(User, models.PROTECT, related_name="admin_requests",
                               verbose_name=_("user concerned"))
    organisation = models.ForeignKey(Organisation, models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("organisation"))
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, blank=True)
    team = models.ForeignKey(Team, models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("team"))
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.PENDING)
    requested_by = models.ForeignKey(User, models.PROTECT, null=True, related_name="+",
                                     verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_by = models.ForeignKey(User, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["status", "kind"], name="admin_request_status")]
        verbose_name = _("administrative request")
        verbose_name_plural = _("administrative requests")

    def __str__(self):
        if self.kind == self.Kind.GRANT_ROLE:
            return _("%(role)s for %(user)s") % {"role": self.get_role_display(),
                                                 "user": self.target}
        return _("MFA reset for %(user)s") % {"user": self.target}


class KeyCanary(models.Model):
    """A key check value per key id: proof, without any personal data, that a configured
    key is the one that wrote this database's values (see `atis.core.keycheck`). A canary
    that is not retired says values may exist under its key, so that key must be
    configured."""

    class Kind(models.TextChoices):
        FIELD = "field", _("field encryption")
        BLIND = "blind", _("blind index")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    key_id = models.CharField(_("key id"), max_length=16)
    check_value = models.CharField(_("check value"), max_length=200)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True,
                                      help_text=_("Set when no value uses the key any more."))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key_id"],
                                               name="key_canary_once")]
        verbose_name = _("key check value")
        verbose_name_plural = _("key check values")
