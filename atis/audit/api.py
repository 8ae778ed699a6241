from rest_framework import serializers
from rest_framework.generics import ListAPIView

from atis.audit import selectors
from atis.audit.filters import AuditEntryFilter
from atis.audit.models import AuditEntry


class AuditEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEntry
        fields = ["seq", "at", "actor_username", "role", "action", "object_type", "object_id",
                  "case_ref", "reason", "details"]


class AuditEntryListView(ListAPIView):
    """The audit trail, newest first; filter by user, case, action prefix and dates."""

    serializer_class = AuditEntrySerializer
    filterset_class = AuditEntryFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation, no user
            return AuditEntry.objects.none()
        return selectors.audit_entries(user=self.request.user)
