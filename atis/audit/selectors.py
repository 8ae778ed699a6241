"""Reads of the audit trail (centre managers only)."""

from django.db.models import F, QuerySet

from atis.audit.models import AuditEntry
from atis.core import access


def audit_entries(*, user) -> QuerySet[AuditEntry]:
    access.require(user, "audit.view")
    # Newest first: entries not sealed yet (seconds old), then the chain from its end.
    return AuditEntry.objects.order_by(F("seq").desc(nulls_first=True), "-id")
