"""Criminal proceedings (the police, prosecution and court tables, §3.2–§3.6). Every table
counts by the days things happened (the criminal report filed, each proceeding event, a
request and its outcome), never by when they were recorded; an event scheduled ahead (a
hearing, a release) counts once its day has come.

Each table is one set-based query (`select`): the year's rows are read once, and the
sources (organisation types) come from the same pass."""

from django.utils import timezone
from django.utils.translation import gettext as _

from atis.justice.models import LegalAssistanceRequest
from atis.statistics.tables.base import Period, Table, cells, select, table
from atis.statistics.tables.rules import Cell, Check

CHAPTER = "criminal_proceedings"

# The entries of the criminal reports filed in the year (`models.CriminalReportEntry`).
_ENTRIES = """
    FROM {statistics_criminalreportentry}
    WHERE opened_on >= %(first_day)s AND opened_on <= %(last_day)s AND entry """
# Of the cases opened on a police administration's criminal report.
_BY_POLICE = " AND police_administration_id IS NOT NULL"


def _days(period: Period) -> dict:
    """The year's bounds and the last day of it that has come (`until`)."""
    return {"first_day": period.first_day, "last_day": period.last_day,
            "until": min(period.last_day, timezone.localdate())}


def _sources(rows) -> list[str]:
    return sorted({t for t in rows if t})


_POLICE = """
    SELECT o.code, n.reports, n.offences, n.perpetrators, n.damaged FROM (
        SELECT police_administration_id, COUNT(*) AS reports, SUM(offences) AS offences,
               SUM(perpetrators) AS perpetrators, SUM(damaged_persons) AS damaged
        """ + _ENTRIES + "= 'criminal_report'" + _BY_POLICE + """
        GROUP BY 1) n
    JOIN {core_organisation} o ON o.id = n.police_administration_id
"""  # noqa: S608 (constant fragments only)
POLICE_MEASURES = ["criminal_reports", "offences", "perpetrators", "damaged_persons"]


@table("police_criminal_reports", CHAPTER)
def police_criminal_reports(period: Period) -> Table:
    found = [(code, measure, int(n)) for code, *counts in select(_POLICE, **_days(period))
             for measure, n in zip(POLICE_MEASURES, counts, strict=True) if n]
    rows = sorted(found, key=lambda r: (POLICE_MEASURES.index(r[1]), r[0] or ""))
    return Table("police_criminal_reports", _("Criminal reports filed by the police"),
                 _("Criminal cases opened in the year on a police administration's criminal report "
                   "(by the day it was filed): reports, offences, perpetrators and damaged persons, "
                   "by police administration."),
                 ["police_administration", "measure"], cells(rows, ["police_administration",
                                                                    "measure"]),
                 ["police_administration"])


_PERPETRATORS = """
    SELECT sex, citizenship_group, COUNT(*) """ + _ENTRIES + "= 'perpetrator'" + _BY_POLICE + """
    GROUP BY 1, 2 ORDER BY 1, 2
"""  # noqa: S608 (constant fragments only)


@table("police_perpetrators", CHAPTER)
def police_perpetrators(period: Period) -> Table:
    return Table("police_perpetrators", _("Reported perpetrators by sex and citizenship"),
                 _("Perpetrators in the police's criminal reports filed in the year."),
                 ["sex", "citizenship_group"],
                 cells(select(_PERPETRATORS, **_days(period)),
                       ["sex", "citizenship_group"]),
                 ["police_administration"], totals=["sex", "citizenship_group"])


_DAMAGED = """
    SELECT sex, age_group, COUNT(*) """ + _ENTRIES + "= 'damaged_person'" + _BY_POLICE + """
    GROUP BY 1, 2 ORDER BY 1, 2
"""  # noqa: S608 (constant fragments only)


@table("police_damaged_persons", CHAPTER)
def police_damaged_persons(period: Period) -> Table:
    return Table("police_damaged_persons", _("Damaged persons in the police's reports, by sex and age"),
                 _("Damaged persons in criminal reports filed in the year, by sex and age group "
                   "(from the year of birth, at the report)."),
                 ["sex", "age_group"],
                 cells(select(_DAMAGED, **_days(period)), ["sex", "age_group"]),
                 ["police_administration"], totals=["sex", "age_group"])


PROSECUTION_MEASURES = {
    "dismissed": ("dismissal",), "investigations_ordered": ("investigation_ordered",),
    "investigations_closed": ("investigation_closed",),
    "investigations_terminated": ("investigation_terminated",),
    "investigations_suspended": ("investigation_suspended",),
    "indicted": ("indictment", "information"), "plea_agreements": ("plea_agreement",),
    "convicted": ("conviction", "plea_agreement"), "acquitted": ("acquittal",),
    "pvw_granted": ("pvw_granted",),
}
FLOW_MEASURES = ["persons_reported", *PROSECUTION_MEASURES, "sentenced_to_prison",
                 "damaged_persons"]
# Which events reach each step (constants only; `facts` keeps who reached each).
STEPS = ", ".join(f"('{measure}', '{kind}')"
                  for measure, kinds in PROSECUTION_MEASURES.items() for kind in kinds)


def _measures(names) -> str:
    return ", ".join(f"'{name}'" for name in names)


# The steps of the year reached by a day that has come (`models.ProceedingStep`).
_REACHED = """
    FROM {statistics_proceedingstep}
    WHERE year = %(year)s AND first_on <= %(until)s AND measure IN """
_COUNTED = "(" + _measures([*PROSECUTION_MEASURES, "sentenced_to_prison", "damaged_persons"]) + ")"
_SOURCED = "(" + _measures(PROSECUTION_MEASURES) + ")"
# The distinct persons of each step: COUNT(DISTINCT) sorts each step's few persons, where a
# DISTINCT over the pairs would hash all of the year's. A missing person counts as one.
_PERSONS = "COUNT(DISTINCT who) + MAX(CASE WHEN who IS NULL THEN 1 ELSE 0 END)"
_FLOW = """
    SELECT 'measure', measure, """ + _PERSONS + _REACHED + _COUNTED + """
    GROUP BY measure
    UNION ALL
    SELECT 'measure', 'persons_reported', SUM(perpetrators) """ + _ENTRIES + """= 'criminal_report'
    UNION ALL
    SELECT 'source', t.type, 0 FROM (SELECT DISTINCT type FROM {core_organisation}) t
    WHERE EXISTS (SELECT 1 """ + _REACHED + _SOURCED + """ AND recorder_type = t.type)
"""  # noqa: S608 (constant fragments only)


@table("prosecution_flow", CHAPTER)
def prosecution_flow(period: Period) -> Table:
    found = select(_FLOW, year=period.year, **_days(period))
    counts = {name: n for what, name, n in found if what == "measure"}
    return Table("prosecution_flow", _("Prosecution: persons at each step"),
                 _("Persons reported: defendants in cases opened in the year (by the day the "
                   "criminal report was filed); defendants reaching each step of the proceedings in "
                   "the year, by the date of the step (convictions include plea agreements); and "
                   "damaged persons: those in cases with an event in the year, and those granted "
                   "the status of particularly vulnerable witness in the year."),
                 ["measure"], [{"measure": m, "count": counts[m]} for m in FLOW_MEASURES
                               if counts.get(m)],
                 _sources(name for what, name, _n in found if what == "source"))


# Counted by the recorders' ids first: only the groups are joined to their types.
_SENTENCES = """
    SELECT e.length, o.type, e.n FROM (
        SELECT CASE WHEN sentence_months < 12 THEN 'under_1_year'
                    WHEN sentence_months < 36 THEN '1_to_3_years'
                    WHEN sentence_months < 60 THEN '3_to_5_years'
                    WHEN sentence_months < 120 THEN '5_to_10_years'
                    ELSE '10_years_or_more' END AS length,
               recorded_by_organisation_id, COUNT(*) AS n
        FROM {justice_proceedingevent}
        WHERE "on" >= %(first_day)s AND "on" <= %(until)s
          AND kind IN ('conviction', 'plea_agreement') AND sentence_months > 0
        GROUP BY 1, 2) e
    JOIN {core_organisation} o ON o.id = e.recorded_by_organisation_id
"""


@table("sentences", CHAPTER)
def sentences(period: Period) -> Table:
    found = select(_SENTENCES, **_days(period))
    lengths = {}
    for length, _type, n in found:
        lengths[length] = lengths.get(length, 0) + n
    return Table("sentences", _("Prison sentences"),
                 _("First-instance prison sentences (and plea agreements) pronounced in the year "
                   "(by the date of the judgement), by length."), ["length"],
                 [{"length": length, "count": n} for length, n in sorted(lengths.items())],
                 _sources(t for _length, t, _n in found), totals=["length"])


# The spans still open at the start of the year (`models.CourtSpan`), as of today: a first
# event or a judgement scheduled ahead has not happened yet.
_CASELOAD = """
    WITH spans AS (
        SELECT level, accused, first_on AS first,
               CASE WHEN done_on <= %(today)s THEN done_on END AS done
        FROM {statistics_courtspan}
        WHERE first_on <= %(today)s
          AND (done_on IS NULL OR done_on >= %(start)s OR done_on > %(today)s))
    SELECT level,
           SUM(CASE WHEN first < %(start)s AND (done IS NULL OR done >= %(start)s) THEN 1 ELSE 0 END),
           SUM(CASE WHEN first >= %(start)s AND first <= %(end)s THEN 1 ELSE 0 END),
           SUM(CASE WHEN first <= %(end)s AND (done IS NULL OR done >= %(start)s) THEN 1 ELSE 0 END),
           SUM(CASE WHEN done >= %(start)s AND done <= %(end)s THEN 1 ELSE 0 END),
           SUM(CASE WHEN first <= %(end)s AND (done IS NULL OR done > %(end)s) THEN 1 ELSE 0 END),
           CAST(SUM(CASE WHEN first <= %(end)s AND (done IS NULL OR done >= %(start)s)
                         THEN accused ELSE 0 END) AS BIGINT)
    FROM spans GROUP BY level
"""
CASELOAD_MEASURES = ["pending_at_start", "received", "in_work", "resolved", "unresolved_at_end",
                     "accused"]


@table("court_caseload", CHAPTER)
def court_caseload(period: Period) -> Table:
    """Per court level: a case is received at the first event naming a court of that level
    and resolved at the first judgement there (as kept in `models.CourtSpan`)."""
    found = {row[0]: row[1:] for row in select(
        _CASELOAD, today=timezone.localdate(), start=period.first_day, end=period.last_day)}
    cells = [{"court_level": level, "measure": m, "count": n}
             for level in ("higher", "appellate")
             for m, n in zip(CASELOAD_MEASURES, found.get(level, [0] * 6), strict=True) if n]
    return Table("court_caseload", _("Courts' caseload"),
                 _("Per court level, by the dates of the events: a case is received on the day of "
                   "its first event naming a court of that level and resolved on the day of its "
                   "first judgement there; cases pending on 1 January, received, in work, resolved "
                   "and unresolved on 31 December, and the accused in the cases in work."),
                 ["court_level", "measure"], cells, ["court"])


_ASSISTANCE = """
    SELECT direction, type,
           CASE WHEN outcome_on <= %(last_day)s THEN outcome ELSE %(pending)s END, COUNT(*)
    FROM {justice_legalassistancerequest}
    WHERE requested_on >= %(first_day)s AND requested_on <= %(last_day)s
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
"""


@table("international_legal_assistance", CHAPTER)
def international_legal_assistance(period: Period) -> Table:
    return Table("international_legal_assistance", _("International legal assistance"),
                 _("Requests made or received in the year (by the date of the request), by "
                   "direction, type and outcome on 31 December (pending unless the outcome came "
                   "by then)."),
                 ["direction", "type", "outcome"],
                 cells(select(_ASSISTANCE, pending=LegalAssistanceRequest.Outcome.PENDING.value,
                              **_days(period)), ["direction", "type", "outcome"]),
                 ["ministry"], totals=["direction", "type", "outcome"])


# The damaged persons of the police's reports of the year, the damaged persons of prosecuted
# cases with an event in the year, and the persons convicted in the year as recorded by the
# prosecution and by the courts (`models.ProceedingStep`).
_CHECKS = """
    WITH police AS (
        SELECT DISTINCT person AS person_id """ + _ENTRIES + "= 'damaged_person'" + _BY_POLICE + """)
    SELECT (SELECT COUNT(*) FROM police),
           (SELECT COUNT(DISTINCT who) """ + _REACHED + """('prosecuted_damaged')),
           (SELECT COUNT(*) FROM police p
            WHERE EXISTS (SELECT 1 FROM {statistics_victimyear} v
                          WHERE v.person_id = p.person_id AND v.year <= %(year)s)),
           (SELECT COALESCE(""" + _PERSONS + """, 0) """ + _REACHED + """('convicted')
            AND recorder_type = 'prosecutor_office'),
           (SELECT COALESCE(""" + _PERSONS + """, 0) """ + _REACHED + """('convicted')
            AND recorder_type = 'court')
"""  # noqa: S608 (constant fragments only)


_CHECKS_TABLE = "cross_source_checks"


@table(_CHECKS_TABLE, CHAPTER)
def cross_source_checks(period: Period) -> Table:
    """Quantities two institutions both report, side by side, flagged when they differ."""
    [(police_damaged, prosecution_damaged, identified_linked, by_prosecution,
      by_courts)] = select(_CHECKS, year=period.year, **_days(period))
    pairs = [("damaged_persons", "police", police_damaged, "prosecution", prosecution_damaged),
             ("damaged_persons_identified", "police", police_damaged, "centre", identified_linked),
             ("convictions", "prosecution", by_prosecution, "courts", by_courts)]
    cells = [cell for q, a, av, b, bv in pairs for cell in (
        {"quantity": q, "source": a, "count": av}, {"quantity": q, "source": b, "count": bv})]
    checks = [{"quantity": q, "a": {"source": a, "value": av}, "b": {"source": b, "value": bv},
               "difference": av - bv, "flag": av != bv} for q, a, av, b, bv in pairs]
    return Table(_CHECKS_TABLE, _("Cross-source checks"),
                 _("Quantities that two institutions both report for the year, with both values, "
                   "the difference and a flag where they disagree: damaged persons in the police's "
                   "criminal reports filed in the year and in prosecuted cases with an event in the "
                   "year, and of the former those identified as victims by 31 December; "
                   "convictions pronounced in the year (by the date of the judgement) as recorded "
                   "by the prosecution and by the courts."),
                 ["quantity", "source"], cells,
                 ["police_administration", "prosecutor_office", "court", "centre"],
                 values={"checks": checks},
                 rules=[Check(("checks", i), Cell(_CHECKS_TABLE, (q, a)), Cell(_CHECKS_TABLE, (q, b)))
                        for i, (q, a, _av, b, _bv) in enumerate(pairs)])
