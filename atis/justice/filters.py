"""The filters and order of the justice track's lists (the pages), unless `sort` says
otherwise: criminal cases, the latest filed first; notifications, the newest first;
international legal assistance, the latest requested first."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from atis.core.filters import DATE, FilterForm, StableOrderingFilter
from atis.justice.models import CriminalCase, LegalAssistanceRequest, Notification, ProceedingEvent
from atis.justice.selectors import overdue_notification_q


class CaseFilter(django_filters.FilterSet):
    number = django_filters.CharFilter(method="by_number", label=_("Case reference or number"))
    opened_from = django_filters.DateFilter(field_name="opened_on", lookup_expr="gte",
                                            label=_("Filed on or after"), widget=DATE)
    opened_to = django_filters.DateFilter(field_name="opened_on", lookup_expr="lte",
                                          label=_("Filed on or before"), widget=DATE)
    sort = StableOrderingFilter(
        then=("-opened_on", "-pk"), label=_("Sort by"), empty_label=_("Latest filed first"),
        fields=(("reference", "reference"), ("opened_on", "filed")),
        field_labels={"reference": _("Case"), "opened_on": _("Filed on")})

    class Meta:
        model = CriminalCase
        fields = []

    def by_number(self, queryset, name, value):
        return queryset.filter(Q(reference__icontains=value) | Q(police_number__icontains=value))


# A notification's status as the inbox shows it: acted on, else read, else unread.
STATUS = {"unread": Q(read_at__isnull=True, acted_at__isnull=True),
          "read": Q(read_at__isnull=False, acted_at__isnull=True),
          "acted": Q(acted_at__isnull=False)}


class NotificationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=[("unread", _("unread")), ("read", _("read")), ("acted", _("acted on"))],
        method="by_status", label=_("Status"))
    kind = django_filters.ChoiceFilter(field_name="event__kind",
                                       choices=ProceedingEvent.Kind.choices,
                                       label=_("What happened"))
    # Ticked, the box sends `overdue=1`, as the link to the overdue notifications always did.
    overdue = django_filters.BooleanFilter(method="by_overdue",
                                           label=_("Only overdue acknowledgements"),
                                           widget=forms.CheckboxInput(attrs={"value": "1"}))
    received_from = django_filters.DateFilter(field_name="created_at", lookup_expr="date__gte",
                                              label=_("Received on or after"), widget=DATE)
    received_to = django_filters.DateFilter(field_name="created_at", lookup_expr="date__lte",
                                            label=_("Received on or before"), widget=DATE)
    sort = StableOrderingFilter(
        then=("-created_at", "-pk"), label=_("Sort by"), empty_label=_("Newest first"),
        fields=(("created_at", "received"),), field_labels={"created_at": _("Received")})

    class Meta:
        model = Notification
        fields = []
        form = FilterForm

    def by_status(self, queryset, name, value):
        return queryset.filter(STATUS[value])

    def by_overdue(self, queryset, name, value):
        return queryset.filter(overdue_notification_q()) if value else queryset


class LegalAssistanceFilter(django_filters.FilterSet):
    direction = django_filters.ChoiceFilter(choices=LegalAssistanceRequest.Direction.choices,
                                            label=_("Direction"))
    type = django_filters.ChoiceFilter(choices=LegalAssistanceRequest.Type.choices,
                                       label=_("Type"))
    outcome = django_filters.ChoiceFilter(choices=LegalAssistanceRequest.Outcome.choices,
                                          label=_("Outcome"))
    # Countries are a table, not a cached code list: a text filter reads no choices.
    country = django_filters.CharFilter(method="by_country", label=_("Country"),
                                        help_text=_("Its two-letter code (e.g. DE) or part of its name."))
    requested_from = django_filters.DateFilter(field_name="requested_on", lookup_expr="gte",
                                               label=_("Requested on or after"), widget=DATE)
    requested_to = django_filters.DateFilter(field_name="requested_on", lookup_expr="lte",
                                             label=_("Requested on or before"), widget=DATE)
    sort = StableOrderingFilter(
        then=("-requested_on", "-pk"), label=_("Sort by"),
        empty_label=_("Latest requested first"),
        fields=(("requested_on", "requested"), ("country__label_en", "country"),
                ("outcome", "outcome")),
        field_labels={"requested_on": _("Requested on"), "country__label_en": _("Country"),
                      "outcome": _("Outcome")})

    class Meta:
        model = LegalAssistanceRequest
        fields = []
        form = FilterForm

    def by_country(self, queryset, name, value):
        if len(value) == 2:
            return queryset.filter(country__code__iexact=value)
        return queryset.filter(Q(country__label_en__icontains=value)
                               | Q(country__label_sr_latn__icontains=value)
                               | Q(country__label_sr_cyrl__icontains=value))
