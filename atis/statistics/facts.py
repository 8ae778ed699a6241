"""The statistics facts (`models`) computed from the records by set-based queries, for
every year (`rebuild`) or for some persons (`refresh`) or criminal cases (`refresh_cases`).
They are kept current where the records change (`receivers`): a save or deletion of a record
they derive from refreshes the person's (or case's) facts in the same transaction, and bulk
writers that bypass model signals send `core.signals.records_loaded` with the persons they
wrote.

One query per kind of fact serves both, so a rebuild equals the incremental refreshes. The
rows go in by year, so a year's facts lie together on disk and a table reads only its year's
pages (later refreshes append mostly to the current year)."""

from django.db import connection, transaction
from django.db.models import Max, Min
from django.utils import timezone

from atis.identification.models import Decision, DecisionForm, Procedure
from atis.intake.models import Report, ReportPerson
from atis.justice.models import (
    CaseOffence,
    CriminalCase,
    DamagedParty,
    Defendant,
    ProceedingEvent,
)
from atis.people.models import Person
from atis.protection.models import ProtectionPlan, ServiceRecord, ShelterStay
from atis.statistics.models import (
    CourtSpan,
    CriminalReportEntry,
    ProceedingStep,
    ReportOutcome,
    ServedYear,
    ServiceYear,
    StayYear,
    VictimYear,
)
from atis.statistics.tables import base
from atis.statistics.tables import justice as justice_tables
from atis.statistics.tables.base import Period

CHUNK = 1000

# The latest identification of each person and year (by the date of approval). The forms
# are grouped before the window so every join is planned from the decisions' statistics.
_RANKED = """
    SELECT d.id AS decision_id, d.decided_by_organisation_id, d.origin_country_id,
           d.exploitation_country_id, d.recruitment_online, d.child_school_attendance,
           d.child_in_institutional_care, d.child_parent_complicit, p.person_id, forms.form,
           {year} AS year, COALESCE(d.age_at_exploitation_start, d.age_at_identification) AS age,
           ROW_NUMBER() OVER (PARTITION BY p.person_id, {year}
                              ORDER BY d.approved_at DESC, d.id DESC) AS rank
    FROM {{identification_decision}} d
    JOIN {{identification_procedure}} p ON p.id = d.procedure_id
    LEFT JOIN (
        SELECT f.decision_id,
               CASE WHEN COUNT(DISTINCT f.form) > 1 THEN 'multiple' ELSE MIN(f.form) END AS form
        FROM {{identification_decisionform}} f
        JOIN {{identification_decision}} d ON d.id = f.decision_id
        WHERE d.outcome = 'identified' AND d.state = 'approved'
          AND d.approved_at >= %(start)s AND d.approved_at < %(end)s {decisions_of}
        GROUP BY f.decision_id) forms ON forms.decision_id = d.id
    WHERE d.outcome = 'identified' AND d.state = 'approved'
      AND d.approved_at >= %(start)s AND d.approved_at < %(end)s {decisions_of}
"""

_INSERT = """
    INSERT INTO {{statistics_victimyear}} (
        person_id, year, decision_id, decided_by_organisation_id, form, sex, age, age_group,
        citizenship_group, origin_country_id, exploitation_country_id, recruitment_online,
        child_school_attendance, child_in_institutional_care, child_parent_complicit)
    SELECT v.person_id, v.year, v.decision_id, v.decided_by_organisation_id, v.form, s.sex,
           v.age,
           CASE WHEN v.age < 18 THEN 'child' WHEN v.age IS NOT NULL THEN 'adult'
                ELSE 'unknown' END,
           CASE WHEN EXISTS (SELECT 1 FROM {{people_person_citizenships}} c
                             WHERE c.person_id = v.person_id AND c.country_id = (
                                 SELECT k.id FROM {{reference_country}} k WHERE k.code = 'RS'))
                THEN 'national'
                WHEN EXISTS (SELECT 1 FROM {{people_person_citizenships}} c
                             WHERE c.person_id = v.person_id) THEN 'foreign'
                ELSE 'unknown' END,
           v.origin_country_id, v.exploitation_country_id, v.recruitment_online,
           v.child_school_attendance, v.child_in_institutional_care, v.child_parent_complicit
    FROM ({ranked}) v
    JOIN {{people_person}} s ON s.id = v.person_id
    WHERE v.rank = 1
    ORDER BY 2
"""


_SERVICES = """
    INSERT INTO {{statistics_serviceyear}} (person_id, year, service, services)
    SELECT person_id, year, service, COUNT(*) FROM (
        SELECT person_id, service, {year} AS year FROM {{protection_servicerecord}}
        WHERE delivered_on >= %(first_day)s AND delivered_on < %(end)s {persons_in}) s
    GROUP BY person_id, year, service
    ORDER BY year
"""

# The latest decision in effect by 31 December of the year the report was received.
_REPORTS = """
    INSERT INTO {{statistics_reportoutcome}} (
        report_person_id, person_id, year, source_type, source_organisation_id, outcome,
        dismissal_reason)
    SELECT rp.id, rp.person_id, {year}, r.source_type, r.source_organisation_id,
           CASE WHEN r.status = 'dismissed' AND r.triaged_at < {year_end} THEN 'dismissed'
                ELSE COALESCE((
                    SELECT d.outcome FROM {{identification_decision}} d
                    JOIN {{identification_procedure}} p ON p.id = d.procedure_id
                    WHERE p.report_id = rp.report_id AND p.person_id = rp.person_id
                      AND d.state = 'approved' AND d.approved_at < {year_end}
                    ORDER BY d.approved_at DESC, d.id DESC LIMIT 1), 'pending') END,
           CASE WHEN r.status = 'dismissed' AND r.triaged_at < {year_end}
                THEN r.dismissal_reason ELSE '' END
    FROM {{intake_reportperson}} rp
    JOIN {{intake_report}} r ON r.id = rp.report_id
    WHERE r.received_at >= %(start)s AND r.received_at < %(end)s {persons_in}
    ORDER BY 3
"""


# From the facts above (refreshed first) and the closed protection plans: each person and
# year with services or a closed plan in force, and their standing as a victim by the end
# of that year.
_SERVED = """
    INSERT INTO {{statistics_servedyear}} (person_id, year, standing, served)
    WITH years (year) AS (VALUES {years}),
    supported AS (
        SELECT person_id, year, 1 AS served FROM {{statistics_serviceyear}}
        WHERE true {persons_in}
        UNION ALL
        SELECT p.person_id, y.year, 0 FROM {{protection_protectionplan}} p
        JOIN years y ON y.year >= {first_year} AND y.year <= {last_year}
        WHERE p.closed_on IS NOT NULL {plans_of})
    SELECT s.person_id, s.year,
           CASE WHEN EXISTS (SELECT 1 FROM {{statistics_victimyear}} v
                             WHERE v.person_id = s.person_id AND v.year = s.year)
                THEN 'identified_this_year'
                WHEN EXISTS (SELECT 1 FROM {{statistics_victimyear}} v
                             WHERE v.person_id = s.person_id AND v.year < s.year)
                THEN 'identified_earlier'
                ELSE 'not_identified' END,
           MAX(s.served) = 1
    FROM supported s
    GROUP BY s.person_id, s.year
    ORDER BY 2
"""


# Each closed stay in the Shelter in each year it spans, with the age group at admission and
# whether it began in that year.
_STAYS = """
    INSERT INTO {{statistics_stayyear}} (stay_id, person_id, year, age_group, admitted,
                                        is_return)
    WITH years (year) AS (VALUES {years})
    SELECT s.id, s.person_id, y.year, {age_group}, y.year = {first_year}, s.is_return
    FROM {{protection_shelterstay}} s
    JOIN years y ON y.year >= {first_year} AND y.year <= {last_year}
    JOIN {{people_person}} p ON p.id = s.person_id
    WHERE s.left_on IS NOT NULL {stays_of}
    ORDER BY 3
"""


# Each case's first event naming a court of a level, its first judgement there (the court's
# level is the start of its code) and its defendants.
_COURT_SPANS = """
    INSERT INTO {{statistics_courtspan}} (case_id, level, first_on, done_on, accused)
    SELECT e.case_id, CASE WHEN c.code LIKE 'higher%%' THEN 'higher' ELSE 'appellate' END,
           MIN(e."on"),
           MIN(CASE WHEN e.kind IN ('conviction', 'acquittal', 'rejection', 'plea_agreement',
                                    'final_judgement') THEN e."on" END),
           (SELECT COUNT(*) FROM {{justice_defendant}} d WHERE d.case_id = e.case_id)
    FROM {{justice_proceedingevent}} e JOIN {{core_organisation}} c ON c.id = e.court_id
    WHERE (c.code LIKE 'higher%%' OR c.code LIKE 'appellate%%') {cases_in}
    GROUP BY 1, 2
"""


# Per case and year: who reached each step of the prosecution, the prison sentences, and the
# damaged persons of a case with an event (and of a case before a prosecutor's office), with
# the first day of the year on which they did.
_STEPS = """
    INSERT INTO {{statistics_proceedingstep}} (case_id, year, measure, who, recorder_type,
                                              first_on)
    WITH events AS (
        SELECT case_id, kind, defendant_id, damaged_party_id, sentence_months,
               recorded_by_organisation_id, "on", {year} AS year
        FROM {{justice_proceedingevent}} WHERE true {cases_in}),
    steps (measure, kind) AS (VALUES {steps}),
    cases AS (SELECT case_id, year, MIN("on") AS first_on FROM events GROUP BY 1, 2)
    SELECT e.case_id, e.year, s.measure,
           CASE WHEN s.measure = 'pvw_granted' THEN e.damaged_party_id ELSE e.defendant_id END,
           o.type, MIN(e."on")
    FROM events e JOIN steps s ON s.kind = e.kind
    JOIN {{core_organisation}} o ON o.id = e.recorded_by_organisation_id
    GROUP BY 1, 2, 3, 4, 5
    UNION ALL
    SELECT case_id, year, 'sentenced_to_prison', defendant_id, '', MIN("on") FROM events
    WHERE kind IN ('conviction', 'plea_agreement') AND sentence_months > 0
    GROUP BY 1, 2, 3, 4, 5
    UNION ALL
    SELECT c.case_id, c.year, 'damaged_persons', dp.person_id, '', c.first_on FROM cases c
    JOIN {{justice_damagedparty}} dp ON dp.case_id = c.case_id
    UNION ALL
    SELECT c.case_id, c.year, 'prosecuted_damaged', dp.person_id, '', c.first_on FROM cases c
    JOIN {{justice_damagedparty}} dp ON dp.case_id = c.case_id
    JOIN {{justice_criminalcase}} k ON k.id = c.case_id
    WHERE k.prosecutor_office_id IS NOT NULL
"""


# What each case's criminal report counts (the age group in the year it was filed).
_REPORT_ENTRIES = """
    INSERT INTO {{statistics_criminalreportentry}} (case_id, entry, opened_on,
        police_administration_id, sex, citizenship_group, age_group, person, offences,
        perpetrators, damaged_persons)
    WITH cases AS (SELECT id, opened_on, police_administration_id FROM {{justice_criminalcase}}
                   WHERE true {cases_in})
    SELECT c.id, 'criminal_report', c.opened_on, c.police_administration_id, '', '', '',
           CAST(NULL AS BIGINT),
           (SELECT COUNT(*) FROM {{justice_caseoffence}} x WHERE x.case_id = c.id),
           (SELECT COUNT(*) FROM {{justice_defendant}} d WHERE d.case_id = c.id),
           (SELECT COUNT(*) FROM {{justice_damagedparty}} dp WHERE dp.case_id = c.id)
    FROM cases c
    UNION ALL
    SELECT c.id, 'perpetrator', c.opened_on, c.police_administration_id, d.sex,
           CASE WHEN d.citizenship_id IS NULL THEN 'unknown'
                WHEN d.citizenship_id IN (SELECT k.id FROM {{reference_country}} k
                                          WHERE k.code = 'RS') THEN 'national'
                ELSE 'foreign' END, '', NULL, 0, 0, 0
    FROM cases c JOIN {{justice_defendant}} d ON d.case_id = c.id
    UNION ALL
    SELECT c.id, 'damaged_person', c.opened_on, c.police_administration_id, p.sex, '',
           {age_group}, p.id, 0, 0, 0
    FROM cases c JOIN {{justice_damagedparty}} dp ON dp.case_id = c.id
    JOIN {{people_person}} p ON p.id = dp.person_id
    ORDER BY 3
"""


def _years(records, field: str, owner_path: str, ids, *, dates: bool = False
           ) -> list[Period]:
    """The years from the first to the last `field` of the records (of the persons or cases
    with these ids at `owner_path`)."""
    if ids is not None:
        records = records.filter(**{f"{owner_path}__in": ids})
    span = records.aggregate(first=Min(field), last=Max(field))
    if span["first"] is None:
        return []
    first, last = ((span[k] if dates else timezone.localtime(span[k])).year
                   for k in ("first", "last"))
    return [Period(year) for year in range(first, last + 1)]


def _ids_in(column: str, ids, params: dict) -> str:
    """A condition on `column` naming these ids as parameters (nothing for all: None)."""
    if ids is None:
        return ""
    names = [f"id_{i}" for i in range(len(ids))]
    params.update(zip(names, ids, strict=True))
    return f" AND {column} IN (" + ", ".join(f"%({n})s" for n in names) + ")"


def _victims(person_ids) -> None:
    decisions = Decision.objects.filter(outcome="identified", state="approved",
                                        approved_at__isnull=False)
    periods = _years(decisions, "approved_at", "procedure__person", person_ids)
    if not periods:
        return
    year, params = base.year_of("d.approved_at", periods)
    params.update(start=periods[0].start, end=periods[-1].end)
    persons_in = _ids_in("person_id", person_ids, params)
    # Constant fragments only; the persons go in as parameters.
    decisions_of = (" AND d.procedure_id IN (SELECT id FROM {identification_procedure}"  # noqa: S608
                    " WHERE true" + persons_in + ")") if persons_in else ""
    base.execute(_INSERT.format(ranked=_RANKED.format(year=year, decisions_of=decisions_of)),
                 **params)


def _services(person_ids) -> None:
    periods = _years(ServiceRecord.objects.all(), "delivered_on", "person", person_ids,
                     dates=True)
    if not periods:
        return
    year, params = base.year_of("delivered_on", periods, dates=True)
    params.update(first_day=periods[0].first_day, end=periods[-1].next_day)
    base.execute(_SERVICES.format(year=year, persons_in=_ids_in("person_id", person_ids,
                                                                    params)), **params)


def _reports(person_ids) -> None:
    periods = _years(Report.objects.all(), "received_at", "persons__person", person_ids)
    if not periods:
        return
    year, params = base.year_of("r.received_at", periods)
    params.update(start=periods[0].start, end=periods[-1].end)
    base.execute(_REPORTS.format(year=year, year_end=base.end_of("r.received_at", periods),
                                 persons_in=_ids_in("rp.person_id", person_ids, params)),
                 **params)


def _spanned(records, first: str, last: str, alias: str, params: dict) -> dict:
    """For records (closed plans, stays) that span the years from their `first` to their
    `last` day: the years as SQL VALUES and the SQL of each record's first and last year
    (with their parameters in `params`)."""
    span = records.aggregate(first=Min(first), last=Max(last))
    if span["first"] is None or span["last"] < span["first"]:
        return {"years": "(0)", "first_year": "1", "last_year": "0"}  # no record spans one
    periods = [Period(y) for y in range(span["first"].year, span["last"].year + 1)]
    first_year, ends = base.year_of(f"{alias}.{first}", periods, dates=True)
    last_year, _same = base.year_of(f"{alias}.{last}", periods, dates=True)
    params.update(ends)
    return {"years": ", ".join(f"({period.year:d})" for period in periods),
            "first_year": first_year, "last_year": last_year}


def _of_persons(records, person_ids):
    return records if person_ids is None else records.filter(person__in=person_ids)


def _served(person_ids) -> None:
    params = {}
    spanned = _spanned(_of_persons(ProtectionPlan.objects.filter(closed_on__isnull=False),
                                   person_ids), "started_on", "closed_on", "p", params)
    base.execute(_SERVED.format(**spanned, persons_in=_ids_in("person_id", person_ids, params),
                                plans_of=_ids_in("p.person_id", person_ids, params)),
                 **params)


def _stays(person_ids) -> None:
    params = {}
    spanned = _spanned(_of_persons(ShelterStay.objects.filter(left_on__isnull=False),
                                   person_ids), "admitted_on", "left_on", "s", params)
    base.execute(_STAYS.format(**spanned, stays_of=_ids_in("s.person_id", person_ids, params),
                               age_group=base.age_group_at("p.birth_year",
                                                           spanned["first_year"])),
                 **params)


def _steps(case_ids) -> None:
    periods = _years(ProceedingEvent.objects.all(), "on", "case", case_ids, dates=True)
    if not periods:
        return
    year, params = base.year_of('"on"', periods, dates=True)
    base.execute(_STEPS.format(year=year, steps=justice_tables.STEPS,
                               cases_in=_ids_in("case_id", case_ids, params)), **params)


def _report_entries(case_ids) -> None:
    periods = _years(CriminalCase.objects.all(), "opened_on", "pk", case_ids, dates=True)
    if not periods:
        return
    year, params = base.year_of("c.opened_on", periods, dates=True)
    base.execute(_REPORT_ENTRIES.format(age_group=base.age_group_at("p.birth_year", year),
                                        cases_in=_ids_in("id", case_ids, params)),
                 **params)


def _court_spans(case_ids) -> None:
    params = {}
    base.execute(_COURT_SPANS.format(cases_in=_ids_in("e.case_id", case_ids, params)),
                 **params)


# Each kind: its model and how its rows are computed for some persons (None: everyone), in
# the order they are computed; DERIVED: the kinds computed from others' rows.
KINDS = {"victims": (VictimYear, _victims), "services": (ServiceYear, _services),
         "served": (ServedYear, _served), "reports": (ReportOutcome, _reports),
         "stays": (StayYear, _stays)}
DERIVED = {"served": {"victims", "services"}}  # and the closed protection plans
# The facts kept per criminal case (`refresh_cases`); a rebuild recomputes every kind.
CASE_KINDS = {"court_spans": (CourtSpan, _court_spans), "steps": (ProceedingStep, _steps),
              "report_entries": (CriminalReportEntry, _report_entries)}
ALL_KINDS = {**KINDS, **CASE_KINDS}


def refresh(person_ids, kinds=tuple(KINDS)) -> None:
    """Recompute these persons' facts of these kinds (and those derived from them) from
    their records."""
    kinds = [kind for kind in KINDS
             if kind in kinds or DERIVED.get(kind, set()) & set(kinds)]
    _replace(person_ids, "person", [KINDS[kind] for kind in kinds])


def refresh_cases(case_ids, kinds=tuple(CASE_KINDS)) -> None:
    """Recompute these criminal cases' facts of these kinds (spans before the courts, steps
    of the proceedings, entries of the criminal report) from the cases with their offences,
    events, defendants and damaged parties."""
    _replace(case_ids, "case", [CASE_KINDS[kind] for kind in kinds])


def _replace(ids, owner: str, kinds) -> None:
    """Delete the rows of each kind (model, compute) owned by these ids and compute them
    again, a chunk of ids per transaction."""
    ids = sorted(set(ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        with transaction.atomic(savepoint=False):
            for model, compute in kinds:
                model.objects.filter(**{f"{owner}__in": chunk}).delete()
                compute(chunk)


def rebuild() -> dict[str, int]:
    """Recompute every fact from the records (in one transaction); the number of rows of each
    kind. On PostgreSQL the tables are then vacuumed, so the year's reads are answered from
    their indexes alone (autovacuum would do it later, if it runs)."""
    counts = _recompute()
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            for model, _compute in ALL_KINDS.values():
                cursor.execute(f"VACUUM {connection.ops.quote_name(model._meta.db_table)}")
    return counts


# The records the facts are computed from: their planner statistics are refreshed before a
# rebuild, which typically follows a load the planner has not seen (it would take the new
# rows for none and plan the statements for empty tables).
SOURCES = [Decision, DecisionForm, Procedure, Person, Person.citizenships.through,
           ServiceRecord, ProtectionPlan, ShelterStay, Report, ReportPerson, ProceedingEvent,
           Defendant, DamagedParty, CriminalCase, CaseOffence]


@transaction.atomic
def _recompute() -> dict[str, int]:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(m._meta.db_table)
                                                  for m in SOURCES))
    counts = {}
    for kind, (model, compute) in ALL_KINDS.items():
        table = connection.ops.quote_name(model._meta.db_table)
        if connection.vendor == "postgresql":
            # Emptied without leaving the old rows behind as dead tuples for VACUUM (the
            # deferred checks of rows this transaction wrote are run first: TRUNCATE waits
            # for none).
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(f"TRUNCATE {table}")
        else:
            model.objects.all().delete()
        compute(None)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {table}")
        counts[kind] = model.objects.count()
    return counts
