"""The filters of the work queue's list of procedures: triage by what makes a case urgent
(a child, a foreign national, particular urgency, overdue), status and lead caseworker,
and the order (urgent first, then the decision date, unless a column is chosen); and those
of a recipient's alerts inbox: about a child or of particular urgency, the day sent, and
the newest first unless a column is chosen."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atis.core.filters import DATE, StableOrderingFilter
from atis.identification.models import Alert, Procedure
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


class AlertInboxFilter(django_filters.FilterSet):
    urgency = django_filters.MultipleChoiceFilter(
        choices=[c for c in URGENCY if c[0] in ("child", "urgent")], method="by_urgency",
        label=_("Only cases that are"), widget=forms.CheckboxSelectMultiple)
    sent_from = django_filters.DateFilter(field_name="sent_at", lookup_expr="date__gte",
                                          label=_("Sent on or after"), widget=DATE)
    sent_to = django_filters.DateFilter(field_name="sent_at", lookup_expr="date__lte",
                                        label=_("Sent on or before"), widget=DATE)
    sort = StableOrderingFilter(
        then=("-sent_at", "-pk"), label=_("Sort by"), empty_label=_("Newest first"),
        fields=(("sent_at", "sent"), ("procedure__person__pseudonym", "person")),
        field_labels={"sent_at": _("Sent"), "procedure__person__pseudonym": _("Person")})

    class Meta:
        model = Alert
        fields = []

    def by_urgency(self, queryset, name, values):
        flags = {"child": "procedure__is_child", "urgent": "procedure__particular_urgency"}
        return queryset.filter(**{flags[value]: True for value in values})
