"""The annual tables counted from the generated records alone, in plain Python, by each
table's `definition` and ARCHITECTURE.md's rules: a victim counts once a year (their latest
identification that year), several forms count as "multiple", a child is under 18 when the
exploitation began (else at the decision, the day it took effect), outcomes are those in
effect on 31 December, every step falls in the year of the date it happened.

`expected(history, year)` gives, per table id, the cells as {dimension values: count} (no
zero cells) and the table's values where it has any.
"""

import datetime
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

from atis.statistics.tests.history.generator import (
    CLOCK,
    ORG_TYPE,
    SERBIA,
    TZ,
    Decision,
    History,
    Person,
    Procedure,
    Report,
    age,
)

SIX_YEARS = 6
# prosecution_flow: the steps, by the proceeding events that reach them.
STEPS = {"dismissed": {"dismissal"}, "investigations_ordered": {"investigation_ordered"},
         "investigations_closed": {"investigation_closed"},
         "investigations_terminated": {"investigation_terminated"},
         "investigations_suspended": {"investigation_suspended"},
         "indicted": {"indictment", "information"}, "plea_agreements": {"plea_agreement"},
         "convicted": {"conviction", "plea_agreement"}, "acquitted": {"acquittal"}}
SENTENCING = {"conviction", "plea_agreement"}
JUDGEMENTS = {"conviction", "acquittal", "rejection", "plea_agreement", "final_judgement"}


def year_of(moment: datetime.datetime | datetime.date) -> int:
    return moment.astimezone(TZ).year if isinstance(moment, datetime.datetime) else moment.year


def end_of(year: int) -> datetime.datetime:
    return datetime.datetime(year + 1, 1, 1, tzinfo=TZ)


def start_of(year: int) -> datetime.datetime:
    return datetime.datetime(year, 1, 1, tzinfo=TZ)


def local_day(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(TZ).date()


@dataclass
class Identification:
    report: Report
    procedure: Procedure
    decision: Decision

    @property
    def person(self) -> Person:
        return self.procedure.person

    @property
    def age(self) -> int | None:
        began = self.decision.exploitation_began_on
        return self.person.age_on(began or local_day(self.decision.approved_at))

    @property
    def age_group(self) -> str:
        return group(self.age)

    @property
    def form(self) -> str:
        forms = {f for f, _subtype in self.decision.forms}
        return "multiple" if len(forms) > 1 else forms.pop()


def group(years: int | None) -> str:
    return "unknown" if years is None else ("child" if years < 18 else "adult")


def citizenship_group(person: Person) -> str:
    if SERBIA in person.citizenships:
        return "national"
    return "foreign" if person.citizenships else "unknown"


class Counts:
    """The generated history seen from one year."""

    def __init__(self, history: History, year: int):
        self.h, self.year = history, year
        self.start, self.end = start_of(year), end_of(year)
        self.decisions = [(r, p, d) for r in history.reports for p in r.procedures for d in p.decisions]
        self.order = {id(d): n for n, (_r, _p, d) in enumerate(self.decisions)}

    def in_year(self, moment) -> bool:
        return moment is not None and year_of(moment) == self.year

    def identifications(self, year: int | None = None) -> list[Identification]:
        """Each person identified in the year once: their latest identification."""
        year = self.year if year is None else year
        latest: dict[str, Identification] = {}
        for r, p, d in self.decisions:
            if d.outcome == "identified" and d.approved_at and year_of(d.approved_at) == year:
                current = latest.get(p.person.key)
                if current is None or (d.approved_at, self.order[id(d)]) > (
                        current.decision.approved_at, self.order[id(current.decision)]):
                    latest[p.person.key] = Identification(r, p, d)
        return list(latest.values())

    def identified_before(self, person: Person, before: datetime.datetime) -> bool:
        return any(d.outcome == "identified" and d.approved_at and d.approved_at < before
                   for _r, p, d in self.decisions if p.person is person)

    def received(self) -> list[Report]:
        return [r for r in self.h.reports if self.in_year(r.received_at)]

    def outcome(self, report: Report, person: Person) -> str:
        """The person's outcome on 31 December: dismissed, the decision then in effect, or pending."""
        if report.triage == "dismissed" and report.triaged_at < self.end:
            return "dismissed"
        procedure = next((p for p in report.procedures if p.person is person), None)
        in_effect = [d for d in (procedure.decisions if procedure else [])
                     if d.approved_at and d.approved_at < self.end]
        return max(in_effect, key=lambda d: d.approved_at).outcome if in_effect else "pending"


def mean(values: list[int]) -> Fraction | None:
    return Fraction(sum(values), len(values)) if values else None


# --- the tables ----------------------------------------------------------------------------------

TABLES = {}


def table(fn):
    TABLES[fn.__name__] = fn
    return fn


@table
def reports_by_source(c: Counts):
    return Counter((r.source_type,) for r in c.received()), {}


@table
def report_outcomes_by_source(c: Counts):
    return Counter((r.source_type, c.outcome(r, p)) for r in c.received() for p in r.persons), {}


@table
def dismissal_reasons(c: Counts):
    """The persons of reports received in the year and dismissed by 31 December (those
    report_outcomes_by_source counts as dismissed), by reason."""
    return Counter((r.dismissal_reason,) for r in c.received() for _p in r.persons
                   if r.triage == "dismissed" and r.triaged_at < c.end), {}


@table
def not_identified_reasons(c: Counts):
    return Counter((d.reason,) for _r, _p, d in c.decisions
                   if d.outcome == "not_identified" and c.in_year(d.approved_at)), {}


@table
def identified_victims_by_form_sex_age(c: Counts):
    return Counter((i.form, i.person.sex, i.age_group) for i in c.identifications()), {}


@table
def identified_victims_by_origin_and_exploitation_country(c: Counts):
    return Counter((i.decision.origin_country or "unknown", i.decision.exploitation_country or "unknown")
                   for i in c.identifications()), {}


@table
def identified_victims_by_citizenship_group(c: Counts):
    found = c.identifications()
    aged = [i for i in found if i.age is not None]
    by_form = {}
    for form in sorted({i.form for i in aged}):
        by_form[form] = mean([i.age for i in aged if i.form == form])
    values = {"average_age": mean([i.age for i in aged]),
              "average_age_children": mean([i.age for i in aged if i.age_group == "child"]),
              "average_age_by_form": by_form}
    return Counter((citizenship_group(i.person),) for i in found), values


@table
def recruitment_methods_by_form(c: Counts):
    found = c.identifications()
    online = sum(1 for i in found if i.decision.recruitment_online is True)
    cells = Counter((i.form, m) for i in found for m in i.decision.recruitment_methods)
    return cells, {"online": online, "total": len(found),
                   "online_share": round(online / len(found), 3) if found else None}


@table
def child_victims_context(c: Counts):
    children = [i for i in c.identifications() if i.age_group == "child"]
    cells = Counter()
    for i in children:
        d = i.decision
        if d.child_in_institutional_care is True:
            cells["institutional_care",] += 1
        if d.child_parent_complicit is True:
            cells["parent_complicit",] += 1
        if d.child_school_attendance is False and i.age >= 7:
            cells["school_age_not_attending",] += 1
    return cells, {"children": len(children)}


@table
def time_series(c: Counts):
    cells, shares = Counter(), {}
    for year in range(c.year - SIX_YEARS + 1, c.year + 1):
        found = c.identifications(year)
        counts = {"identified": len(found),
                  "children": sum(1 for i in found if i.age_group == "child"),
                  "foreign": sum(1 for i in found if citizenship_group(i.person) == "foreign"),
                  "online": sum(1 for i in found if i.decision.recruitment_online is True),
                  "reports": sum(1 for r in c.h.reports if year_of(r.received_at) == year)}
        cells.update({(str(year), m): n for m, n in counts.items() if n})
        shares[str(year)] = {f"{m}_share": round(counts[m] / len(found), 3) if found else None
                             for m in ("children", "foreign", "online")}
    return cells, {"shares": shares}


# protection

def _services(c: Counts):
    return [s for s in c.h.services if s.delivered_on.year == c.year]


@table
def support_population(c: Counts):
    this_year = {i.person.key for i in c.identifications()}
    serviced = {s.person.key for s in _services(c)}
    planned = {p.person.key for p in c.h.plans if p.started_on <= datetime.date(c.year, 12, 31)
               and (p.closed_on is None or p.closed_on >= datetime.date(c.year, 1, 1))}
    earlier = {p.key for p in c.h.persons if c.identified_before(p, c.start)} - this_year
    ever = {p.key for p in c.h.persons if c.identified_before(p, c.end)}
    cells = Counter({("identified_this_year",): len(this_year),
                     ("identified_earlier_supported",): len(earlier & (serviced | planned)),
                     ("at_risk_supported",): len(serviced - ever)})
    return +cells, {}


@table
def services_by_type(c: Counts):
    services = _services(c)
    cells = Counter()
    for kind in {s.service for s in services}:
        given = [s for s in services if s.service == kind]
        cells[kind, "persons"] = len({s.person.key for s in given})
        cells[kind, "services"] = len(given)
    return cells, {}


def _stays(c: Counts):
    return [s for s in c.h.stays if s.admitted_on.year <= c.year
            and (s.left_on is None or s.left_on.year >= c.year)]


def _admission_group(stay) -> str:
    """Age at admission. The generator admits no one in the weeks where the exact age (17)
    and the year of birth (18) disagree, so both readings of the rule give this."""
    exact = stay.person.age_on(stay.admitted_on)
    assert group(exact) == group(age(None, stay.person.birth_year, stay.admitted_on))
    return group(exact)


@table
def shelter_use(c: Counts):
    stays = _stays(c)
    new = [s for s in stays if s.admitted_on.year == c.year]
    earlier = {id(s): any(o.person is s.person and o.admitted_on < s.admitted_on for o in c.h.stays)
               for s in new}
    cells = Counter()
    for measure, chosen, distinct in (("residents", stays, "person"), ("stays", stays, "stay"),
                                      ("new_admissions", new, "stay"),
                                      ("returns", [s for s in new if earlier[id(s)]], "stay")):
        seen = {(_admission_group(s), s.person.key if distinct == "person" else id(s)) for s in chosen}
        cells.update(Counter((measure, g) for g, _who in seen))
    return cells, {}


@table
def shelter_residents_by_form(c: Counts):
    seen = set()
    for stay in _stays(c):
        latest = [(d.approved_at, c.order[id(d)], r, p, d) for r, p, d in c.decisions
                  if p.person is stay.person and d.outcome == "identified" and d.approved_at
                  and d.approved_at < c.end]
        form = Identification(*max(latest, key=lambda x: x[:2])[2:]).form if latest else "unknown"
        seen.add((form, _admission_group(stay), stay.person.key))
    return Counter((form, g) for form, g, _key in seen), {}


@table
def shelter_examinations(c: Counts):
    return Counter((code,) for s in c.h.stays for code, on in s.examinations if on.year == c.year), {}


# criminal proceedings

def _reported(c: Counts):
    return [case for case in c.h.cases if case.opened_on.year == c.year and case.police_administration]


def _happened(event) -> bool:
    """An event scheduled ahead (a hearing) counts once its day has come."""
    return event.on <= CLOCK.date()


def _events(c: Counts):
    """(case, defendant or None, damaged person or None, event) of the year, day come."""
    for case in c.h.cases:
        for d in case.defendants:
            for e in d.events:
                if e.on.year == c.year and _happened(e):
                    yield case, d, None, e
        for person, e in case.victim_events:
            if e.on.year == c.year and _happened(e):
                yield case, None, person, e


@table
def police_criminal_reports(c: Counts):
    cells = Counter()
    for case in _reported(c):
        pa = case.police_administration
        cells[pa, "criminal_reports"] += 1
        cells[pa, "offences"] += len(case.offences)
        cells[pa, "perpetrators"] += len(case.defendants)
        cells[pa, "damaged_persons"] += len(case.damaged_parties)
    return +cells, {}


@table
def police_perpetrators(c: Counts):
    def citizenship(d):
        return "unknown" if not d.citizenship else ("national" if d.citizenship == SERBIA else "foreign")

    return Counter((d.sex, citizenship(d)) for case in _reported(c) for d in case.defendants), {}


@table
def police_damaged_persons(c: Counts):
    """By sex and age group from the year of birth, at the report (as the definition says)."""
    return Counter((p.sex, group(age(None, p.birth_year, case.opened_on)))
                   for case in _reported(c) for p in case.damaged_parties), {}


@table
def prosecution_flow(c: Counts):
    events = list(_events(c))
    cells = Counter({("persons_reported",): sum(len(case.defendants) for case in c.h.cases
                                                if case.opened_on.year == c.year)})
    for measure, kinds in STEPS.items():
        cells[measure,] = len({d.key for _case, d, _p, e in events if d and e.kind in kinds})
    cells["pvw_granted",] = len({(case.key, p.key) for case, _d, p, e in events
                                 if p and e.kind == "pvw_granted"})
    cells["sentenced_to_prison",] = len({d.key for _case, d, _p, e in events
                                         if d and e.kind in SENTENCING and (e.sentence_months or 0) > 0})
    cells["damaged_persons",] = len({p.key for case in {id(e[0]): e[0] for e in events}.values()
                                     for p in case.damaged_parties})
    return +cells, {}


def _bucket(months: int) -> str:
    for limit, name in ((12, "under_1_year"), (36, "1_to_3_years"), (60, "3_to_5_years"),
                        (120, "5_to_10_years")):
        if months < limit:
            return name
    return "10_years_or_more"


@table
def sentences(c: Counts):
    return Counter((_bucket(e.sentence_months),) for _case, d, _p, e in _events(c)
                   if d and e.kind in SENTENCING and (e.sentence_months or 0) > 0), {}


@table
def court_caseload(c: Counts):
    first_day, last_day = datetime.date(c.year, 1, 1), datetime.date(c.year, 12, 31)
    cells = Counter()
    for level in ("higher", "appellate"):
        for case in c.h.cases:
            events = [e for d in case.defendants for e in d.events
                      if e.court and e.court.startswith(f"{level}-") and _happened(e)]
            if not events:
                continue
            first = min(e.on for e in events)
            done = min((e.on for e in events if e.kind in JUDGEMENTS), default=None)
            in_work = first <= last_day and (done is None or done >= first_day)
            cells[level, "pending_at_start"] += first < first_day and (done is None or done >= first_day)
            cells[level, "received"] += first_day <= first <= last_day
            cells[level, "in_work"] += in_work
            cells[level, "resolved"] += done is not None and first_day <= done <= last_day
            cells[level, "unresolved_at_end"] += first <= last_day and (done is None or done > last_day)
            cells[level, "accused"] += len(case.defendants) if in_work else 0
    return +cells, {}


@table
def international_legal_assistance(c: Counts):
    """By the outcome on 31 December: pending unless it came by then."""
    return Counter((r.direction, r.type, r.outcome if r.outcome_on and r.outcome_on.year <= c.year
                    else "pending") for r in c.h.legal_assistance if r.requested_on.year == c.year), {}


@table
def cross_source_checks(c: Counts):
    police_damaged = len({p.key for case in _reported(c) for p in case.damaged_parties})
    with_step = {case.key: case for case, _d, _p, _e in _events(c) if case.prosecutor_office}
    prosecution_damaged = len({p.key for case in with_step.values() for p in case.damaged_parties})
    identified = len({p.key for case in _reported(c) for p in case.damaged_parties
                      if c.identified_before(p, c.end)})
    convictions = [(d.key, ORG_TYPE[e.recorded_by]) for _case, d, _p, e in _events(c)
                   if d and e.kind in SENTENCING]
    by_prosecution = len({k for k, t in convictions if t == "prosecutor_office"})
    by_courts = len({k for k, t in convictions if t == "court"})
    pairs = [("damaged_persons", "police", police_damaged, "prosecution", prosecution_damaged),
             ("damaged_persons_identified", "police", police_damaged, "centre", identified),
             ("convictions", "prosecution", by_prosecution, "courts", by_courts)]
    cells = Counter({(q, a): av for q, a, av, _b, _bv in pairs})
    cells.update({(q, b): bv for q, _a, _av, b, bv in pairs})
    checks = [{"quantity": q, "a": {"source": a, "value": av}, "b": {"source": b, "value": bv},
               "difference": av - bv, "flag": av != bv} for q, a, av, b, bv in pairs]
    return cells, {"checks": checks}  # every cell is shown, zeros too


@table
def memo_response(c: Counts):
    """By the response they got by 31 December."""
    return Counter((ORG_TYPE[m.recipient], m.response if m.responded_on and m.responded_on.year <= c.year
                    else "none") for m in c.h.memos if m.sent_on.year == c.year), {}


# --- the comparison ----------------------------------------------------------------------------------

def expected(history: History, year: int) -> dict[str, tuple[Counter, dict]]:
    counts = Counts(history, year)
    return {table_id: fn(counts) for table_id, fn in TABLES.items()}


def rounded(value: Fraction | None, places: int):
    if value is None:
        return None
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN))


def close(actual, exact: Fraction | None) -> bool:
    """An average as ATIS shows it (rounded to one decimal) against the exact mean."""
    if exact is None or actual is None:
        return actual is None and exact is None
    return abs(Fraction(str(actual)) - exact) <= Fraction(1, 20)


def differences(history: History, tables: dict, year: int) -> list[str]:
    """Every cell and value where ATIS's table differs from the count of the records."""
    problems = [f"{year} {table_id}: no count of the records for this table"
                for table_id in sorted(set(tables) - set(TABLES))]
    for table_id, (cells, values) in expected(history, year).items():
        table = tables[table_id]
        actual = Counter({tuple(cell[d] for d in table.dimensions): cell["count"]
                          for cell in table.cells})
        if table_id != "cross_source_checks":
            actual = +actual
        for key in sorted(set(actual) | set(cells), key=str):
            if actual.get(key, 0) != cells.get(key, 0):
                problems.append(f"{year} {table_id} {key}: ATIS {actual.get(key, 0)}, "
                                f"records {cells.get(key, 0)}")
        problems += [f"{year} {table_id} {name}: {detail}"
                     for name, detail in _value_differences(table.values, values)]
    return problems


def _value_differences(actual: dict, expected_values: dict):
    for name, want in expected_values.items():
        got = actual.get(name)
        if name in ("average_age", "average_age_children"):
            ok, want = close(got, want), rounded(want, 1)
        elif name == "average_age_by_form":
            ok = set(got or {}) == set(want) and all(close(got[f], want[f]) for f in want)
            want = {f: rounded(v, 1) for f, v in want.items()}
        else:
            ok = got == want
        if not ok:
            yield name, f"ATIS {got}, records {want}"
