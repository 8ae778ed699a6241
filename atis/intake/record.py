"""The reports section of a person's case record."""

from django.utils import timezone
from django.utils.translation import gettext as _

from atis.core.record import Section
from atis.intake import selectors

SHOWN = 20


def section(user, person) -> Section | None:
    reports = list(selectors.report_list(user=user).filter(persons__person=person)[:SHOWN])
    if not reports:
        return None
    return Section("reports", _("Reports"), "intake/record.html", {"reports": reports},
                   events=[{"on": timezone.localtime(report.received_at).date(),
                            "text": _("Report %(ref)s received") % {"ref": report.reference}}
                           for report in reports])
