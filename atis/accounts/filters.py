"""The filters of the administrators' lists of users and organisations."""

import django_filters
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from atis.core.filters import YES_NO, OrganisationFilter, _yes_no
from atis.core.models import Organisation, User
from atis.core.roles import Role
from atis.web.widgets import FastSelect


class OrganisationAdminFilter(OrganisationFilter):
    """The administrators' list of organisations: by name or code, type and whether active."""

    q = django_filters.CharFilter(method="search", label=_("Name or code"))

    class Meta:
        model = Organisation
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(code__icontains=value) | Q(name_en__icontains=value)
                               | Q(name_sr_latn__icontains=value) | Q(name_sr_cyrl__icontains=value))


NO_ROLE = "none"


class UserOrdering(django_filters.OrderingFilter):
    """Sorting by name sorts by last and then first name; never-signed-in users come last
    either way; ties keep one order (the primary key), so pages do not shuffle."""

    COLUMNS = {"last_name": ("last_name", "first_name")}

    def filter(self, qs, value):
        if not value:
            return qs
        ordering = []
        for param in value:
            field = self.get_ordering_value(param)
            descending = field.startswith("-")
            for column in self.COLUMNS.get(field.lstrip("-"), (field.lstrip("-"),)):
                expression = F(column)
                ordering.append(expression.desc(nulls_last=True) if descending
                                else expression.asc(nulls_last=True))
        return qs.order_by(*ordering, "pk")


class UserFilter(django_filters.FilterSet):
    """The administrators' list of users. Organisation and role are those of the user's
    active membership (a user holds at most one); "no active role" finds users whose
    membership ended or whose role waits for approval."""

    q = django_filters.CharFilter(method="search", label=_("Name, username or e-mail"))
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"), method="by_organisation", widget=FastSelect,
        empty_label=_("Any organisation"),
        queryset=Organisation.objects.order_by("type", "name_en", "code"))
    role = django_filters.ChoiceFilter(
        label=_("Role"), method="by_role", empty_label=_("Any role"),
        choices=[*Role.choices, (NO_ROLE, _("No active role"))])
    active = django_filters.TypedChoiceFilter(field_name="is_active", choices=YES_NO,
                                              coerce=_yes_no, label=_("Active"))
    sort = UserOrdering(
        label=_("Sort by"), empty_label=_("Username"),
        fields=(("last_name", "name"), ("username", "username"), ("last_login", "last_login"),
                ("date_joined", "joined")),
        field_labels={"last_name": _("Name"), "username": _("Username"),
                      "last_login": _("Last sign-in"), "date_joined": _("Created")})

    class Meta:
        model = User
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(username__icontains=value) | Q(first_name__icontains=value)
                               | Q(last_name__icontains=value) | Q(email__icontains=value))

    def by_organisation(self, queryset, name, value):
        return queryset.filter(memberships__active=True, memberships__organisation=value)

    def by_role(self, queryset, name, value):
        if value == NO_ROLE:
            return queryset.exclude(memberships__active=True)
        return queryset.filter(memberships__active=True, memberships__role=value)
