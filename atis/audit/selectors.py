"""Reads of the audit trail (centre managers only)."""

from django.db.models import F, QuerySet

from atis.audit.models import AuditEntry
from atis.core import access

# The chain's order. Entries not sealed yet (`seq` empty, seconds old) are the newest: first
# newest first, last oldest first, on every database (they place NULLs differently).
NEWEST_FIRST = (F("seq").desc(nulls_first=True), "-id")
OLDEST_FIRST = (F("seq").asc(nulls_last=True), "id")


def audit_entries(*, user) -> QuerySet[AuditEntry]:
    """The trail, newest first: entries not sealed yet, then the chain from its end."""
    access.require(user, "audit.view")
    return AuditEntry.objects.order_by(*NEWEST_FIRST)
