"""Reports and identification (ARCHITECTURE.md §Statistics; the Centre's tables, §3.7).

Every table counts by the dates things happened: reports by the day they were received,
triage by the day it happened, identifications by the day the decision took effect (its
approval). The outcome of a report is its state on 31 December, computed from these dates,
so a year's tables never change when later steps are recorded.
"""

from collections import Counter

from django.db.models import F
from django.utils.translation import gettext as _

from atis.identification.models import Decision
from atis.intake.models import Report
from atis.statistics.models import ReportOutcome
from atis.statistics.tables.base import (
    Period,
    Table,
    cells,
    counted,
    organisation_types,
    select,
    table,
    types_of,
)
from atis.statistics.tables.rules import TOTAL, Cell

CHAPTER = "reports_identification"
VICTIMS = "victims"
CHILDREN = "children"
SERBIA = "RS"


def reports_received(period: Period):
    """Reports received in the year (by the date of receipt)."""
    return Report.objects.filter(received_at__gte=period.start, received_at__lt=period.end)


@table("reports_by_source", CHAPTER)
def reports_by_source(period: Period) -> Table:
    reports = reports_received(period)
    return Table("reports_by_source", _("Reports received, by source"),
                 _("Reports of suspected trafficking received by the Centre in the year (by date "
                   "of receipt), by the type of their source."),
                 ["source_type"], counted(reports, distinct=False, source_type=F("source_type")),
                 organisation_types(reports, "source_organisation"), totals=["source_type"])


_OUTCOMES = """
    SELECT source_type, outcome, source_organisation_id, COUNT(*)
    FROM {statistics_reportoutcome} WHERE year = %(year)s GROUP BY 1, 2, 3
"""


@table("report_outcomes_by_source", CHAPTER)
def report_outcomes_by_source(period: Period) -> Table:
    """Each person's outcome on 31 December: dismissed by then, else the latest decision in
    effect by then, else pending (a report accepted in one year and decided in the next is
    pending in the first), as kept in `models.ReportOutcome`."""
    counts, organisations = Counter(), set()
    for source_type, outcome, organisation, n in select(_OUTCOMES, year=period.year):
        counts[source_type, outcome] += n
        organisations.add(organisation)
    return Table("report_outcomes_by_source", _("Persons in the reports, by source and outcome"),
                 _("Persons named in reports received in the year (by the date of receipt), by "
                   "the report's source and their outcome on 31 December: dismissed (by the date "
                   "of dismissal), else the latest decision in effect (by the date it took "
                   "effect: identified, not identified, terminated, suspended), else pending."),
                 ["source_type", "outcome"],
                 cells(sorted((*key, n) for key, n in counts.items()), ["source_type", "outcome"]),
                 types_of(organisations), totals=["source_type", "outcome"])


@table("dismissal_reasons", CHAPTER)
def dismissal_reasons(period: Period) -> Table:
    dismissed = ReportOutcome.objects.filter(year=period.year, outcome="dismissed")
    return Table("dismissal_reasons", _("Persons in dismissed reports, by reason"),
                 _("Persons named in reports received in the year (by the date of receipt) "
                   "that the Centre had dismissed by 31 December (by the date of dismissal), by "
                   "the reason coded: the persons counted as “dismissed” in the outcomes by "
                   "source."),
                 ["reason"], counted(dismissed, distinct=False, reason=F("dismissal_reason")),
                 ["centre"], totals=["reason"],
                 links=[((TOTAL,), Cell("report_outcomes_by_source", (TOTAL, "dismissed")))])


@table("not_identified_reasons", CHAPTER)
def not_identified_reasons(period: Period) -> Table:
    decisions = Decision.objects.filter(outcome="not_identified", state="approved",
                                        approved_at__gte=period.start, approved_at__lt=period.end)
    return Table("not_identified_reasons", _("Persons not identified as victims, by reason"),
                 _("Decisions that a person is not a victim taking effect in the year (by the "
                   "date of approval), by reason."),
                 ["reason"], counted(decisions, distinct=False, reason=F("reason")),
                 organisation_types(decisions, "decided_by_organisation"), totals=["reason"])
