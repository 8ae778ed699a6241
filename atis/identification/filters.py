"""The filters of the work queue's list of procedures: triage by what makes a case urgent
(a child, a foreign national, particular urgency, overdue), status and lead caseworker,
and the order (urgent first, then the decision date, unless a column is chosen)."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atis.core.filters import StableOrderingFilter
from atis.identification.models import Procedure
from atis.identification.selectors import OVERDUE_CANDIDATES, overdue_q

URGENCY = [("child", _("Child")), ("foreign", _("Foreign national")),
           ("urgent", _("Particular urgency")), ("overdue", _("Overdue"))]


class ProcedureQueueFilter(django_filters.FilterSet):
    urgency = django_filters.MultipleChoiceFilter(
        choices=URGENCY, method="by_urgency", label=_("Only cases that are"),
        widget=forms.CheckboxSelectMultiple)
    status = django_filters.ChoiceFilter(choices=Procedure.Status.choices, label=_("Status"),
                                         empty_label=_("All open"))
    # The caseload's links; not a field of the form.
    caseworker = django_filters.NumberFilter(field_name="lead_caseworker_id",
                                             widget=forms.HiddenInput)
    sort = StableOrderingFilter(
        then=("-particular_urgency", "target_date", "pk"),
        label=_("Sort by"), empty_label=_("Urgency, then the decision date"),
        fields=(("person__pseudonym", "person"), ("target_date", "due"),
                ("opened_at", "opened"), ("interview_count", "interviews")),
        field_labels={"person__pseudonym": _("Person"), "target_date": _("Decision due by"),
                      "opened_at": _("Opened"), "interview_count": _("Interviews")})

    class Meta:
        model = Procedure
        fields = []

    def by_urgency(self, queryset, name, values):
        for value in values:
            if value == "overdue":
                now = timezone.now()
                queryset = queryset.filter(OVERDUE_CANDIDATES, overdue_q(now))
            else:
                queryset = queryset.filter(**{{"child": "is_child", "foreign": "is_foreign",
                                                "urgent": "particular_urgency"}[value]: True})
        return queryset
