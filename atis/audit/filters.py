import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from atis.audit.models import AuditEntry


class AuditEntryFilter(django_filters.FilterSet):
    user = django_filters.CharFilter(field_name="actor_username", lookup_expr="iexact",
                                     label=_("User"))
    case = django_filters.CharFilter(field_name="case_ref", lookup_expr="iexact", label=_("Case"))
    action = django_filters.CharFilter(field_name="action", lookup_expr="startswith",
                                       label=_("Action"))
    date_from = django_filters.DateFilter(field_name="at", lookup_expr="date__gte",
                                          label=_("From"),
                                          widget=forms.DateInput(attrs={"type": "date"}))
    date_to = django_filters.DateFilter(field_name="at", lookup_expr="date__lte", label=_("To"),
                                        widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = AuditEntry
        fields = []
