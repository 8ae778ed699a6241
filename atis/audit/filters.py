"""The filters of the audit trail (user, case, action prefix, dates), for the API and the
page; the page also sorts it, newest first in the chain's order unless `sort` says
otherwise."""

import django_filters
from django.utils.translation import gettext_lazy as _

from atis.audit import selectors
from atis.audit.models import AuditEntry
from atis.core.filters import DATE, StableOrderingFilter


class AuditEntryFilter(django_filters.FilterSet):
    user = django_filters.CharFilter(field_name="actor_username", lookup_expr="iexact",
                                     label=_("User"))
    case = django_filters.CharFilter(field_name="case_ref", lookup_expr="iexact", label=_("Case"))
    action = django_filters.CharFilter(field_name="action", lookup_expr="startswith",
                                       label=_("Action"))
    date_from = django_filters.DateFilter(field_name="at", lookup_expr="date__gte",
                                          label=_("From"),
                                          widget=DATE)
    date_to = django_filters.DateFilter(field_name="at", lookup_expr="date__lte", label=_("To"),
                                        widget=DATE)

    class Meta:
        model = AuditEntry
        fields = []


CHAIN = {"seq": selectors.OLDEST_FIRST, "-seq": selectors.NEWEST_FIRST}


class ChainOrderingFilter(StableOrderingFilter):
    """Sorted by `seq`, the chain's order (see selectors), which places the entries not
    sealed yet alike on every database; being a total order, it ends the order."""

    def filter(self, qs, value):
        order = []
        for param in value or ():
            field = self.get_ordering_value(param)
            if field in CHAIN:
                return qs.order_by(*order, *CHAIN[field])
            order.append(field)
        return qs.order_by(*order, *self.then)


class AuditTrailFilter(AuditEntryFilter):
    """The page's filters and its order (the API keeps its own parameters)."""

    sort = ChainOrderingFilter(
        then=selectors.NEWEST_FIRST, label=_("Sort by"), empty_label=_("Newest first"),
        fields=(("seq", "seq"), ("at", "when")),
        field_labels={"seq": _("Sequence number"), "at": _("When")})
