"""The append-only, hash-chained audit trail (ARCHITECTURE.md §Audit trail)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One thing that happened. `hash` covers every other column and `prev_hash`, so an
    edited, deleted or reordered entry breaks the chain. Actor and organisation are kept
    as plain ids and a username snapshot: an audit row must never change when a user does.
    `details` holds codes and counts only, never personal data.

    An entry is written unsealed (`seq`, `prev_hash`, `hash` empty, in `id` order); the
    sealer (services.seal) sets them once, in chain order (`seq`)."""

    seq = models.BigIntegerField(_("sequence"), unique=True, null=True)
    at = models.DateTimeField(_("at"), db_index=True)
    actor_id = models.BigIntegerField(_("actor id"), null=True, db_index=True)
    actor_username = models.CharField(_("actor"), max_length=150)
    organisation_id = models.BigIntegerField(_("organisation id"), null=True)
    role = models.CharField(_("role"), max_length=32, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    case_ref = models.CharField(_("case"), max_length=32, blank=True, db_index=True)
    reason = models.TextField(_("reason"), blank=True)
    details = models.JSONField(_("details"), default=dict)
    ip = models.CharField(_("IP address"), max_length=45, blank=True)
    prev_hash = models.CharField(max_length=64, null=True)
    # `hash` is an HMAC-SHA256 under the audit key named here (ATIS_AUDIT_KEYS, never in
    # the database): without the key no one can recompute the chain after an edit.
    key_id = models.CharField(_("key id"), max_length=16, default="")
    hash = models.CharField(max_length=64, null=True)

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["id"], condition=models.Q(seq__isnull=True),
                                name="audit_entry_unsealed")]


class AuditHead(models.Model):
    """The end of the chain; only the sealer writes it (one sealer at a time), never the
    writers of entries. It lives in the database beside the entries, so it only proves what signed checkpoints
    outside the database confirm (`atis audit checkpoint`)."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)
