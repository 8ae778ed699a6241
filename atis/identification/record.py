"""The identification section of a person's case record, and the flags it raises: child,
foreign national, particular urgency, overdue."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from atis.core import access
from atis.core.record import Section
from atis.identification import selectors


def _flags(procedure) -> list[str]:
    flags = [text for shown, text in (
        (procedure.is_child, _("child")), (procedure.is_foreign, _("foreign national")),
        (procedure.particular_urgency, _("particular urgency"))) if shown]
    still_open = procedure.status in selectors.OPEN_STATUSES
    if still_open and (procedure.alerts_overdue or procedure.target_date < timezone.localdate()):
        flags.append(_("overdue"))
    return flags


def section(user, person) -> Section | None:
    if not access.may(user, "procedure.view"):
        return None
    procedures = list(selectors.procedure_list(user=user).filter(person=person))
    if not procedures:
        return None
    events = [{"on": event["at"], "text": event["text"]}
              for procedure in procedures for event in selectors.timeline(procedure=procedure)]
    return Section(
        "identification", _("Identification"), "identification/record.html",
        {"procedures": procedures},
        events=events, flags=sorted({flag for p in procedures for flag in _flags(p)}),
        work=[{"label": _("Open the identification procedure (%(status)s)")
               % {"status": p.get_status_display()}, "url": reverse("procedure-detail", args=[p.pk])}
              for p in procedures])


