"""Reads of the audit trail (centre managers only)."""

from django.db.models import QuerySet

from atis.audit.models import AuditEntry
from atis.core import access


def audit_entries(*, user) -> QuerySet[AuditEntry]:
    access.require(user, "audit.view")
    return AuditEntry.objects.order_by("-seq")
