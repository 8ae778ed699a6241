"""Figures ATIS already holds about a stakeholder, offered in its questionnaire so that it
confirms rather than recounts. Each key names how the figure is counted, for the
organisation answering and the campaign's year."""

from collections.abc import Callable

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from atis.coordination.models import Memo
from atis.intake.models import Report
from atis.justice.models import CriminalCase, ProceedingEvent
from atis.monitoring.models import Training
from atis.protection.models import ServiceRecord


def _events(org, year, *kinds):
    return ProceedingEvent.objects.filter(on__year=year, kind__in=kinds).filter(
        Q(case__prosecutor_office=org) | Q(case__police_administration=org) | Q(court=org)
        | Q(recorded_by_organisation=org))


PREFILLS: dict[str, tuple[str, Callable]] = {
    "reports_sent": (_("reports of suspected trafficking sent to the Centre"),
                     lambda org, year: Report.objects.filter(source_organisation=org,
                                                             received_at__year=year).count()),
    "criminal_reports": (_("criminal reports filed (cases opened)"),
                         lambda org, year: CriminalCase.objects.filter(
                             Q(police_administration=org) | Q(prosecutor_office=org),
                             opened_on__year=year).count()),
    "investigations": (_("investigations ordered"),
                       lambda org, year: _events(org, year, "investigation_ordered")
                       .values("defendant").distinct().count()),
    "indictments": (_("persons indicted"),
                    lambda org, year: _events(org, year, "indictment", "information")
                    .values("defendant").distinct().count()),
    "convictions": (_("persons convicted (first instance)"),
                    lambda org, year: _events(org, year, "conviction", "plea_agreement")
                    .values("defendant").distinct().count()),
    "pvw_granted": (_("particularly vulnerable witness status granted"),
                    lambda org, year: _events(org, year, "pvw_granted")
                    .values("damaged_party").distinct().count()),
    "services_given": (_("services given to victims"),
                       lambda org, year: ServiceRecord.objects.filter(
                           provider=org, delivered_on__year=year).count()),
    "memos_sent": (_("memos sent"),
                   lambda org, year: Memo.objects.filter(sender=org, sent_on__year=year).count()),
    "memos_unanswered": (_("memos sent that got no reply"),
                         lambda org, year: Memo.objects.filter(sender=org, sent_on__year=year,
                                                               response="none").count()),
    "trainings_held": (_("trainings organised"),
                       lambda org, year: Training.objects.filter(organiser=org,
                                                                 held_on__year=year).count()),
}


def figure(key: str, organisation, year: int) -> int | None:
    entry = PREFILLS.get(key)
    return entry[1](organisation, year) if entry else None
