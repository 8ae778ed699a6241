import django_filters
from django.utils.translation import gettext_lazy as _

from atis.core.filters import DATE, StableOrderingFilter
from atis.intake.models import Report
from atis.reference import selectors as reference


class ReportFilter(django_filters.FilterSet):
    """The filters and order of the report list (API and page), applied by
    `selectors.report_list`: newest first unless `sort` says otherwise."""

    status = django_filters.ChoiceFilter(choices=Report.Status.choices, label=_("Status"))
    source_type = django_filters.ChoiceFilter(choices=lambda: reference.cached_choices("report_source"),
                                              label=_("Source"))
    received_from = django_filters.DateFilter(field_name="received_at", lookup_expr="date__gte",
                                              label=_("Received on or after"), widget=DATE)
    received_to = django_filters.DateFilter(field_name="received_at", lookup_expr="date__lte",
                                            label=_("Received on or before"), widget=DATE)
    external_reference = django_filters.CharFilter(label=_("External reference"))
    sort = StableOrderingFilter(
        then=("-received_at", "-pk"), label=_("Sort by"), empty_label=_("Newest first"),
        fields=(("reference", "reference"), ("received_at", "received"),
                ("person_count", "persons")),
        field_labels={"reference": _("Reference"), "received_at": _("Received"),
                      "person_count": _("Persons")})

    class Meta:
        model = Report
        fields = []
