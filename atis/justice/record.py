"""The criminal proceedings section of a person's case record: the cases in which the person
is a damaged party, and the events of those cases that concern them."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from atis.core import access
from atis.core.record import Section
from atis.justice import selectors
from atis.justice.models import ProceedingEvent

SHOWN = 20


def section(user, person) -> Section | None:
    if not access.may(user, "case.view"):
        return None
    cases = list(selectors.case_list(user=user).filter(damaged_parties__person=person)
                 .distinct()[:SHOWN])
    if not cases:
        return None
    events = (ProceedingEvent.objects.filter(case__in=cases)
              .filter(Q(damaged_party__isnull=True) | Q(damaged_party__person=person))
              .select_related("case").order_by("-on", "-pk"))
    return Section("justice", _("Criminal proceedings"), "justice/record.html",
                   {"cases": cases},
                   events=[{"on": event.on, "text": f"{event.get_kind_display()} — {event.case}"}
                           for event in events],
                   work=[{"label": _("Open criminal case %(case)s") % {"case": case},
                          "url": reverse("case-page", args=[case.pk])} for case in cases])
