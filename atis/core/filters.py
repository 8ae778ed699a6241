import django_filters
from django.utils.translation import gettext_lazy as _

from atis.core.models import Organisation
from atis.core.roles import OrganisationType


class OrganisationFilter(django_filters.FilterSet):
    type = django_filters.ChoiceFilter(choices=OrganisationType.choices, label=_("Type"))
    # `true` or `false`; anything else is refused, never read as "no filter".
    active = django_filters.TypedChoiceFilter(choices=[("true", _("Yes")), ("false", _("No"))],
                                              coerce=lambda value: value == "true",
                                              label=_("Active"))

    class Meta:
        model = Organisation
        fields = []
