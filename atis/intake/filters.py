import django_filters
from django.utils.translation import gettext_lazy as _

from atis.intake.models import Report


class ReportFilter(django_filters.FilterSet):
    """The filters of the report list (API and page), applied by `selectors.report_list`."""

    status = django_filters.ChoiceFilter(choices=Report.Status.choices, label=_("Status"))
    external_reference = django_filters.CharFilter(label=_("External reference"))

    class Meta:
        model = Report
        fields = []
