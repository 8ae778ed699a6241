import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from atis.core.models import Organisation
from atis.core.roles import OrganisationType

YES_NO = [("true", _("Yes")), ("false", _("No"))]
# A day, with the browser's date picker.
DATE = forms.DateInput(attrs={"type": "date"})


class FilterForm(forms.Form):
    """A list's filter form with ids of its own (`filter_…`), for pages whose other forms
    have fields of the same names: each label then points at its own field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="filter_%s", **kwargs)


def _yes_no(value) -> bool:
    return value == "true"


class OrganisationFilter(django_filters.FilterSet):
    type = django_filters.ChoiceFilter(choices=OrganisationType.choices, label=_("Type"))
    # `true` or `false`; anything else is refused, never read as "no filter".
    active = django_filters.TypedChoiceFilter(choices=YES_NO, coerce=_yes_no, label=_("Active"))

    class Meta:
        model = Organisation
        fields = []


class StableOrderingFilter(django_filters.OrderingFilter):
    """A list's `sort` parameter: the chosen columns first, then `then` (the list's own
    order), so that ties, and the unsorted list, keep one order and pages do not shuffle."""

    def __init__(self, *args, then=("pk",), **kwargs):
        self.then = tuple(then)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        chosen = [self.get_ordering_value(param) for param in value or ()]
        return qs.order_by(*chosen, *(f for f in self.then if f.lstrip("-") not in
                                      {c.lstrip("-") for c in chosen}))
