"""The filters of a partner's task inbox (overdue, status, area, deadline) and its order:
the soonest deadline first unless `sort` says otherwise."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from atis.core.filters import DATE, StableOrderingFilter
from atis.protection.models import PlanTask
from atis.protection.selectors import OPEN_TASK, overdue_q
from atis.reference import selectors as reference


class TaskInboxFilter(django_filters.FilterSet):
    # Ticked, the box sends `overdue=1`, as the links to the overdue tasks always did.
    overdue = django_filters.BooleanFilter(method="by_overdue", label=_("Only overdue"),
                                           widget=forms.CheckboxInput(attrs={"value": "1"}))
    # The inbox lists open tasks only: a done or cancelled one is never in it.
    status = django_filters.ChoiceFilter(
        choices=[c for c in PlanTask.Status.choices if c[0] in OPEN_TASK], label=_("Status"),
        empty_label=_("All open"))
    area = django_filters.ChoiceFilter(choices=lambda: reference.cached_choices("service_area"),
                                       label=_("Area"))
    due_from = django_filters.DateFilter(field_name="due_on", lookup_expr="gte",
                                         label=_("Deadline on or after"), widget=DATE)
    due_to = django_filters.DateFilter(field_name="due_on", lookup_expr="lte",
                                       label=_("Deadline on or before"), widget=DATE)
    sort = StableOrderingFilter(
        then=("due_on", "pk"), label=_("Sort by"), empty_label=_("The soonest deadline first"),
        fields=(("plan__person__pseudonym", "person"), ("due_on", "deadline"),
                ("area", "area"), ("status", "status")),
        field_labels={"plan__person__pseudonym": _("Person"), "due_on": _("Deadline"),
                      "area": _("Area"), "status": _("Status")})

    class Meta:
        model = PlanTask
        fields = []

    def by_overdue(self, queryset, name, value):
        return queryset.filter(overdue_q()) if value else queryset
