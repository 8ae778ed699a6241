"""Reports and identification (ARCHITECTURE.md §Statistics; the Centre's tables, §3.7).

Every table counts by the dates things happened: reports by the day they were received,
triage by the day it happened, identifications by the day the decision took effect (its
approval). The outcome of a report is its state on 31 December, computed from these dates,
so a year's tables never change when later steps are recorded.
"""

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.utils.translation import gettext as _

from atis.identification.models import Decision, DecisionForm
from atis.intake.models import Report, ReportPerson
from atis.statistics.tables.base import (
    Period,
    Table,
    cells,
    counted,
    organisation_types,
    select,
    table,
)

CHAPTER = "reports_identification"
VICTIMS = "victims"
CHILDREN = "children"
SERBIA = "RS"


def identifications(period: Period):
    """Identifications taking effect in the year (by the date of approval), the latest for
    each person (a victim counts once). A person identified twice in one year is rare: their
    earlier decisions are found by grouping in the database and left out."""
    in_year = Decision.objects.filter(outcome="identified", state="approved",
                                      approved_at__gte=period.start, approved_at__lt=period.end)
    repeated = (in_year.values("procedure__person").annotate(n=Count("pk")).filter(n__gt=1)
                .values("procedure__person"))
    seen, superseded = set(), []
    for pk, person in (in_year.filter(procedure__person__in=repeated)
                       .order_by("procedure__person", "-approved_at", "-pk")
                       .values_list("pk", "procedure__person")):
        if person in seen:
            superseded.append(pk)
        seen.add(person)
    return in_year.exclude(pk__in=superseded) if superseded else in_year


def with_form(qs):
    """Annotate `form`: the decision's form of exploitation, or "multiple" when several."""
    forms = DecisionForm.objects.filter(decision=OuterRef("pk")).order_by()
    count = forms.values("decision").annotate(n=Count("form", distinct=True)).values("n")
    first = forms.order_by("form").values("form")[:1]
    return qs.annotate(n_forms=Subquery(count, output_field=IntegerField()),
                       one_form=Subquery(first, output_field=CharField())).annotate(
        form=Case(When(n_forms__gt=1, then=Value("multiple")), default=F("one_form"),
                  output_field=CharField()))


def reports_received(period: Period):
    """Reports received in the year (by the date of receipt)."""
    return Report.objects.filter(received_at__gte=period.start, received_at__lt=period.end)


def _named(period: Period):
    """The persons named in the reports received in the year, one row per report and
    person: the unit of the tables of outcomes."""
    return ReportPerson.objects.filter(report__received_at__gte=period.start,
                                       report__received_at__lt=period.end)


def _dismissed_by_year_end(period: Period) -> Q:
    return Q(report__status="dismissed", report__triaged_at__lt=period.end)


@table("reports_by_source", CHAPTER)
def reports_by_source(period: Period) -> Table:
    reports = reports_received(period)
    return Table("reports_by_source", _("Reports received, by source"),
                 _("Reports of suspected trafficking received by the Centre in the year (by date "
                   "of receipt), by the type of their source."),
                 ["source_type"], counted(reports, distinct=False, source_type=F("source_type")),
                 organisation_types(reports, "source_organisation"))


_OUTCOMES = """
    SELECT r.source_type,
           CASE WHEN r.status = 'dismissed' AND r.triaged_at < %(end)s THEN 'dismissed'
                ELSE COALESCE(latest.outcome, 'pending') END AS outcome,
           COUNT(*)
    FROM {intake_reportperson} rp
    JOIN {intake_report} r ON r.id = rp.report_id
    LEFT JOIN (
        SELECT p.report_id, p.person_id, d.outcome,
               ROW_NUMBER() OVER (PARTITION BY p.report_id, p.person_id
                                  ORDER BY d.approved_at DESC, d.id DESC) AS rank
        FROM {identification_decision} d
        JOIN {identification_procedure} p ON p.id = d.procedure_id
        JOIN {intake_report} pr ON pr.id = p.report_id
        WHERE d.state = 'approved' AND d.approved_at < %(end)s
          AND pr.received_at >= %(start)s AND pr.received_at < %(end)s
    ) latest ON latest.report_id = rp.report_id AND latest.person_id = rp.person_id
                AND latest.rank = 1
    WHERE r.received_at >= %(start)s AND r.received_at < %(end)s
    GROUP BY 1, 2 ORDER BY 1, 2
"""


@table("report_outcomes_by_source", CHAPTER)
def report_outcomes_by_source(period: Period) -> Table:
    """Each person's outcome on 31 December: dismissed by then, else the latest decision in
    effect by then, else pending (a report accepted in one year and decided in the next is
    pending in the first). One pass: the latest decision of every report and person of the
    year by a window, not a look-up per person."""
    persons = _named(period)
    return Table("report_outcomes_by_source", _("Persons in the reports, by source and outcome"),
                 _("Persons named in reports received in the year (by the date of receipt), by "
                   "the report's source and their outcome on 31 December: dismissed (by the date "
                   "of dismissal), else the latest decision in effect (by the date it took "
                   "effect: identified, not identified, terminated, suspended), else pending."),
                 ["source_type", "outcome"],
                 cells(select(_OUTCOMES, start=period.start, end=period.end),
                       ["source_type", "outcome"]),
                 organisation_types(persons, "report__source_organisation"))


@table("dismissal_reasons", CHAPTER)
def dismissal_reasons(period: Period) -> Table:
    persons = _named(period).filter(_dismissed_by_year_end(period))
    return Table("dismissal_reasons", _("Persons in dismissed reports, by reason"),
                 _("Persons named in reports received in the year (by the date of receipt) "
                   "that the Centre had dismissed by 31 December (by the date of dismissal), by "
                   "the reason coded: the persons counted as “dismissed” in the outcomes by "
                   "source."),
                 ["reason"], counted(persons, distinct=False, reason=F("report__dismissal_reason")),
                 ["centre"])


@table("not_identified_reasons", CHAPTER)
def not_identified_reasons(period: Period) -> Table:
    decisions = Decision.objects.filter(outcome="not_identified", state="approved",
                                        approved_at__gte=period.start, approved_at__lt=period.end)
    return Table("not_identified_reasons", _("Persons not identified as victims, by reason"),
                 _("Decisions that a person is not a victim taking effect in the year (by the "
                   "date of approval), by reason."),
                 ["reason"], counted(decisions, distinct=False, reason=F("reason")),
                 organisation_types(decisions, "decided_by_organisation"))


def identified_before(period: Period):
    return Exists(Decision.objects.filter(procedure__person=OuterRef("pk"), outcome="identified",
                                          state="approved", approved_at__lt=period.start))


def identified_ever(period: Period):
    return Exists(Decision.objects.filter(procedure__person=OuterRef("pk"), outcome="identified",
                                          state="approved", approved_at__lt=period.end))


def identified_in(period: Period):
    return Q(pk__in=identifications(period).values("procedure__person"))
