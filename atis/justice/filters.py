"""The filters and order of the list of criminal cases (the page): the latest filed first
unless `sort` says otherwise."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from atis.core.filters import StableOrderingFilter
from atis.justice.models import CriminalCase

DATE = forms.DateInput(attrs={"type": "date"})


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
