"""The filters and order of the list of people (the page), applied by `person_list`:
newest first unless `sort` says otherwise."""

import django_filters
from django.utils.translation import gettext_lazy as _

from atis.core.filters import StableOrderingFilter
from atis.people.models import Person
from atis.reference import selectors as reference


class PersonFilter(django_filters.FilterSet):
    pseudonym = django_filters.CharFilter(lookup_expr="icontains", label=_("Pseudonym"))
    sex = django_filters.ChoiceFilter(choices=lambda: reference.cached_choices("sex"), label=_("Sex"))
    citizenship = django_filters.ChoiceFilter(field_name="citizenships__code",
                                              choices=reference.country_choices,
                                              label=_("Citizenship"), distinct=True)
    born_from = django_filters.NumberFilter(field_name="birth_year", lookup_expr="gte",
                                            label=_("Born in or after (year)"))
    born_to = django_filters.NumberFilter(field_name="birth_year", lookup_expr="lte",
                                          label=_("Born in or before (year)"))
    sort = StableOrderingFilter(
        then=("-created_at", "-pk"), label=_("Sort by"), empty_label=_("Newest first"),
        fields=(("pseudonym", "pseudonym"), ("birth_year", "born"),
                ("first_known_on", "known")),
        field_labels={"pseudonym": _("Pseudonym"), "birth_year": _("Year of birth"),
                      "first_known_on": _("First known on")})

    class Meta:
        model = Person
        fields = []
