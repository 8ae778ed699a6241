"""Criminal proceedings (the police, prosecution and court tables, §3.2–§3.6). Every table
counts by the days things happened (the criminal report filed, each proceeding event, a
request and its outcome), never by when they were recorded; an event scheduled ahead (a
hearing, a release) counts once its day has come."""

from django.db.models import Case, CharField, Count, F, IntegerField, Max, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from atis.justice.models import (
    CaseOffence,
    CriminalCase,
    DamagedParty,
    Defendant,
    LegalAssistanceRequest,
    ProceedingEvent,
)
from atis.people.models import Person
from atis.statistics.tables.base import Period, Table, counted, organisation_types, select, table

CHAPTER = "criminal_proceedings"
SERBIA = "RS"


def _reported(period: Period):
    return CriminalCase.objects.filter(opened_on__year=period.year, police_administration__isnull=False)


def _citizenship_group(path: str):
    return Case(When(**{f"{path}__isnull": True}, then=Value("unknown")),
                When(**{f"{path}__code": SERBIA}, then=Value("national")),
                default=Value("foreign"), output_field=CharField())


def _age_group(person_path: str, year_expr):
    return Case(When(**{f"{person_path}__birth_year__isnull": True}, then=Value("unknown")),
                When(**{f"{person_path}__birth_year__gt": year_expr - 18}, then=Value("child")),
                default=Value("adult"), output_field=CharField())


@table("police_criminal_reports", CHAPTER)
def police_criminal_reports(period: Period) -> Table:
    cases = _reported(period)
    measures = {
        "criminal_reports": counted(cases, police_administration=F("police_administration__code")),
        "offences": counted(CaseOffence.objects.filter(case__in=cases),
                            police_administration=F("case__police_administration__code")),
        "perpetrators": counted(Defendant.objects.filter(case__in=cases),
                                police_administration=F("case__police_administration__code")),
        "damaged_persons": counted(DamagedParty.objects.filter(case__in=cases),
                                   police_administration=F("case__police_administration__code")),
    }
    cells = [{**c, "measure": m} for m, rows in measures.items() for c in rows]
    return Table("police_criminal_reports", _("Criminal reports filed by the police"),
                 _("Criminal cases opened in the year on a police administration's criminal report "
                   "(by the day it was filed): reports, offences, perpetrators and damaged persons, "
                   "by police administration."),
                 ["police_administration", "measure"], cells, ["police_administration"])


@table("police_perpetrators", CHAPTER)
def police_perpetrators(period: Period) -> Table:
    defendants = Defendant.objects.filter(case__in=_reported(period))
    return Table("police_perpetrators", _("Reported perpetrators by sex and citizenship"),
                 _("Perpetrators in the police's criminal reports filed in the year."),
                 ["sex", "citizenship_group"],
                 counted(defendants, sex=F("sex"), citizenship_group=_citizenship_group("citizenship")),
                 ["police_administration"])


@table("police_damaged_persons", CHAPTER)
def police_damaged_persons(period: Period) -> Table:
    parties = DamagedParty.objects.filter(case__in=_reported(period))
    return Table("police_damaged_persons", _("Damaged persons in the police's reports, by sex and age"),
                 _("Damaged persons in criminal reports filed in the year, by sex and age group "
                   "(from the year of birth, at the report)."),
                 ["sex", "age_group"],
                 counted(parties, sex=F("person__sex"),
                         age_group=_age_group("person", F("case__opened_on__year"))),
                 ["police_administration"])


def _happened(period: Period):
    """Events of the year whose day has come (not those scheduled ahead)."""
    return ProceedingEvent.objects.filter(on__gte=period.first_day,
                                          on__lte=min(period.last_day, timezone.localdate()))


def _events(period: Period, *kinds):
    return _happened(period).filter(kind__in=kinds)


PROSECUTION_MEASURES = {
    "dismissed": ("dismissal",), "investigations_ordered": ("investigation_ordered",),
    "investigations_closed": ("investigation_closed",),
    "investigations_terminated": ("investigation_terminated",),
    "investigations_suspended": ("investigation_suspended",),
    "indicted": ("indictment", "information"), "plea_agreements": ("plea_agreement",),
    "convicted": ("conviction", "plea_agreement"), "acquitted": ("acquittal",),
    "pvw_granted": ("pvw_granted",),
}
K_ALL = [k for kinds in PROSECUTION_MEASURES.values() for k in kinds]


def _distinct(field: str, condition: Q) -> dict:
    """Aggregates counting the distinct values of `field` among the rows matching
    `condition`, an absent value counting as one (as `.values(field).distinct().count()`
    does): all in one pass over the rows."""
    return {"values": Count(field, distinct=True, filter=condition),
            "absent": Max(Case(When(condition & Q(**{f"{field}__isnull": True}), then=Value(1)),
                               default=Value(0), output_field=IntegerField()))}


@table("prosecution_flow", CHAPTER)
def prosecution_flow(period: Period) -> Table:
    measures = {measure: _distinct("damaged_party" if measure == "pvw_granted" else "defendant",
                                   Q(kind__in=kinds))
                for measure, kinds in PROSECUTION_MEASURES.items()}
    measures["sentenced_to_prison"] = _distinct(
        "defendant", Q(kind__in=("conviction", "plea_agreement"), sentence_months__gt=0))
    aggregates = {f"{m}__{part}": a for m, parts in measures.items() for part, a in parts.items()}
    found = _happened(period).order_by().aggregate(**aggregates)
    cells = [{"measure": "persons_reported", "count": Defendant.objects.filter(
        case__opened_on__year=period.year).count()}]
    cells += [{"measure": m, "count": found[f"{m}__values"] + (found[f"{m}__absent"] or 0)}
              for m in measures]
    cells.append({"measure": "damaged_persons", "count": DamagedParty.objects.filter(
        case__in=_happened(period).values("case")).values("person").distinct().count()})
    return Table("prosecution_flow", _("Prosecution: persons at each step"),
                 _("Persons reported: defendants in cases opened in the year (by the day the "
                   "criminal report was filed); defendants reaching each step of the proceedings in "
                   "the year, by the date of the step (convictions include plea agreements); and "
                   "damaged persons: those in cases with an event in the year, and those granted "
                   "the status of particularly vulnerable witness in the year."),
                 ["measure"], [c for c in cells if c["count"]],
                 organisation_types(_events(period, *K_ALL), "recorded_by_organisation"))


def _sentence_bucket():
    return Case(When(sentence_months__lt=12, then=Value("under_1_year")),
                When(sentence_months__lt=36, then=Value("1_to_3_years")),
                When(sentence_months__lt=60, then=Value("3_to_5_years")),
                When(sentence_months__lt=120, then=Value("5_to_10_years")),
                default=Value("10_years_or_more"), output_field=CharField())


@table("sentences", CHAPTER)
def sentences(period: Period) -> Table:
    convictions = _events(period, "conviction", "plea_agreement").filter(sentence_months__gt=0)
    return Table("sentences", _("Prison sentences"),
                 _("First-instance prison sentences (and plea agreements) pronounced in the year "
                   "(by the date of the judgement), by length."), ["length"],
                 counted(convictions, length=_sentence_bucket()),
                 organisation_types(convictions, "recorded_by_organisation"))




_CASELOAD = """
    WITH firsts AS (
        SELECT e.case_id,
               CASE WHEN c.code LIKE %(higher)s THEN 'higher' ELSE 'appellate' END AS level,
               MIN(e."on") AS first,
               MIN(CASE WHEN e.kind IN ('conviction', 'acquittal', 'rejection', 'plea_agreement',
                                      'final_judgement') THEN e."on" END) AS done
        FROM {justice_proceedingevent} e JOIN {core_organisation} c ON c.id = e.court_id
        WHERE (c.code LIKE %(higher)s OR c.code LIKE %(appellate)s) AND e."on" <= %(today)s
        GROUP BY 1, 2)
    SELECT level,
           SUM(CASE WHEN first < %(start)s AND (done IS NULL OR done >= %(start)s) THEN 1 ELSE 0 END),
           SUM(CASE WHEN first >= %(start)s AND first <= %(end)s THEN 1 ELSE 0 END),
           SUM(CASE WHEN first <= %(end)s AND (done IS NULL OR done >= %(start)s) THEN 1 ELSE 0 END),
           SUM(CASE WHEN done >= %(start)s AND done <= %(end)s THEN 1 ELSE 0 END),
           SUM(CASE WHEN first <= %(end)s AND (done IS NULL OR done > %(end)s) THEN 1 ELSE 0 END),
           CAST(SUM(CASE WHEN first <= %(end)s AND (done IS NULL OR done >= %(start)s)
                         THEN (SELECT COUNT(*) FROM {justice_defendant} d
                               WHERE d.case_id = f.case_id)
                         ELSE 0 END) AS BIGINT)
    FROM firsts f GROUP BY level
"""
CASELOAD_MEASURES = ["pending_at_start", "received", "in_work", "resolved", "unresolved_at_end",
                     "accused"]


@table("court_caseload", CHAPTER)
def court_caseload(period: Period) -> Table:
    """Per court level: a case is received at the first event naming a court of that level
    and resolved at the first judgement there (one pass over the events, grouped per case)."""
    found = {row[0]: row[1:] for row in select(
        _CASELOAD, higher="higher%", appellate="appellate%", today=timezone.localdate(),
        start=period.first_day, end=period.last_day)}
    cells = [{"court_level": level, "measure": m, "count": n}
             for level in ("higher", "appellate")
             for m, n in zip(CASELOAD_MEASURES, found.get(level, [0] * 6), strict=True) if n]
    return Table("court_caseload", _("Courts' caseload"),
                 _("Per court level, by the dates of the events: a case is received on the day of "
                   "its first event naming a court of that level and resolved on the day of its "
                   "first judgement there; cases pending on 1 January, received, in work, resolved "
                   "and unresolved on 31 December, and the accused in the cases in work."),
                 ["court_level", "measure"], cells, ["court"])


@table("international_legal_assistance", CHAPTER)
def international_legal_assistance(period: Period) -> Table:
    requests = LegalAssistanceRequest.objects.filter(requested_on__year=period.year)
    outcome = Case(When(outcome_on__lte=period.last_day, then=F("outcome")),
                   default=Value(LegalAssistanceRequest.Outcome.PENDING), output_field=CharField())
    return Table("international_legal_assistance", _("International legal assistance"),
                 _("Requests made or received in the year (by the date of the request), by "
                   "direction, type and outcome on 31 December (pending unless the outcome came "
                   "by then)."),
                 ["direction", "type", "outcome"],
                 counted(requests, direction=F("direction"), type=F("type"), outcome=outcome),
                 ["ministry"])


@table("cross_source_checks", CHAPTER)
def cross_source_checks(period: Period) -> Table:
    """Quantities two institutions both report, side by side, flagged when they differ."""
    def persons(cases):
        return DamagedParty.objects.filter(case__in=cases).values("person").distinct().count()

    police_damaged = persons(_reported(period))
    prosecution_damaged = persons(CriminalCase.objects.filter(
        prosecutor_office__isnull=False, pk__in=_happened(period).values("case")))
    identified_linked = Person.objects.filter(
        damaged_party_in__case__in=_reported(period),
        procedures__decisions__outcome="identified", procedures__decisions__state="approved",
        procedures__decisions__approved_at__lt=period.end).distinct().count()
    convictions = _events(period, "conviction", "plea_agreement")
    by_prosecution = convictions.filter(recorded_by_organisation__type="prosecutor_office") \
        .values("defendant").distinct().count()
    by_courts = convictions.filter(recorded_by_organisation__type="court").values("defendant") \
        .distinct().count()
    pairs = [("damaged_persons", "police", police_damaged, "prosecution", prosecution_damaged),
             ("damaged_persons_identified", "police", police_damaged, "centre", identified_linked),
             ("convictions", "prosecution", by_prosecution, "courts", by_courts)]
    cells = [cell for q, a, av, b, bv in pairs for cell in (
        {"quantity": q, "source": a, "count": av}, {"quantity": q, "source": b, "count": bv})]
    checks = [{"quantity": q, "a": {"source": a, "value": av}, "b": {"source": b, "value": bv},
               "difference": av - bv, "flag": av != bv} for q, a, av, b, bv in pairs]
    return Table("cross_source_checks", _("Cross-source checks"),
                 _("Quantities that two institutions both report for the year, with both values, "
                   "the difference and a flag where they disagree: damaged persons in the police's "
                   "criminal reports filed in the year and in prosecuted cases with an event in the "
                   "year, and of the former those identified as victims by 31 December; "
                   "convictions pronounced in the year (by the date of the judgement) as recorded "
                   "by the prosecution and by the courts."),
                 ["quantity", "source"], cells,
                 ["police_administration", "prosecutor_office", "court", "centre"],
                 values={"checks": checks})

