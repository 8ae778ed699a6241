"""Reads of organisations (not personal data: every signed-in user may list them)."""

from django.db.models import QuerySet

from atis.core import access
from atis.core.models import Organisation


def organisation_list(*, user) -> QuerySet[Organisation]:
    if access.role_of(user) is None:
        return Organisation.objects.none()
    return Organisation.objects.order_by("type", "name_en", "code")
