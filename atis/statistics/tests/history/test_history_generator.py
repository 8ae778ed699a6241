"""The generated history holds every case the annual tables must get right, so the proofs
that use it (test_history_api.py, test_history_import.py) prove something."""

from collections import Counter

from atis.statistics.tests.history.expected import Counts, year_of
from atis.statistics.tests.history.generator import (
    CLOCK,
    FIRST_YEAR,
    LAST_YEAR,
    SERBIA,
    codes,
    generate,
)

HISTORY = generate()


def decisions():
    return [(r, p, d) for r in HISTORY.reports for p in r.procedures for d in p.decisions]


def test_years_persons_and_outcomes():
    years = Counter(year_of(r.received_at) for r in HISTORY.reports)
    assert all(years[y] >= 20 for y in range(FIRST_YEAR, LAST_YEAR + 1))
    assert len(HISTORY.persons) >= 300
    triage = Counter(r.triage for r in HISTORY.reports)
    assert triage["accepted"] and triage["dismissed"] and triage[None]
    assert {r.dismissal_reason for r in HISTORY.reports if r.triage == "dismissed"} == \
        set(codes("dismissal_reason"))
    outcomes = Counter(d.outcome for _r, _p, d in decisions())
    assert set(outcomes) == {"identified", "not_identified", "terminated", "suspended"}
    assert len({d.reason for _r, _p, d in decisions() if d.outcome == "not_identified"}) >= 3
    assert any(not p.decisions for r in HISTORY.reports for p in r.procedures)  # open for years
    # a caseworker's proposal awaiting approval on 31 December; a manager's decision dated later
    assert any(not d.by_manager and d.approved_at and year_of(d.approved_at) > year_of(d.decided_at)
               for _r, _p, d in decisions())
    assert any(d.by_manager and d.approved_at and d.approved_at != d.decided_at
               for _r, _p, d in decisions())
    # suspended, then decided
    assert any(len(p.decisions) == 2 for r in HISTORY.reports for p in r.procedures)


def test_steps_across_year_ends():
    assert any(r.triage == "dismissed" and year_of(r.triaged_at) > year_of(r.received_at)
               for r in HISTORY.reports)
    assert any(d.outcome == "identified" and d.approved_at and
               year_of(d.approved_at) > year_of(r.received_at) for r, _p, d in decisions())
    assert any(s.left_on is None or s.left_on.year > s.admitted_on.year for s in HISTORY.stays)
    assert any(p.closed_on is None or p.closed_on.year > p.started_on.year for p in HISTORY.plans)
    assert any(len({e.on.year for d in c.defendants for e in d.events}) > 1 for c in HISTORY.cases)
    assert any(e.on > CLOCK.date() for c in HISTORY.cases for d in c.defendants for e in d.events)


def test_victims_of_every_kind():
    found = [i for year in range(FIRST_YEAR, LAST_YEAR + 1) for i in Counts(HISTORY, year).identifications()]
    assert {i.age_group for i in found} == {"child", "adult", "unknown"}
    assert any(i.age_group == "child" and i.person.age_on(i.decision.approved_at.date()) >= 18 for i in found)
    assert any(i.person.date_of_birth is None and i.person.birth_year for i in found)
    assert any(i.decision.exploitation_began_on is None for i in found)
    assert {i.person.sex for i in found} == {"female", "male", "unknown"}
    citizenships = Counter((SERBIA in p.citizenships, len(p.citizenships)) for p in HISTORY.persons)
    assert all(citizenships[kind] for kind in ((True, 1), (True, 2), (False, 1), (False, 0)))
    forms = Counter(i.form for i in found)
    assert forms["multiple"] and len(forms) >= 8
    assert any(len(i.decision.forms) == 2 and i.form != "multiple" for i in found)  # two sub-types
    assert any(s for i in found for _f, s in i.decision.forms)
    assert len({i.decision.origin_country for i in found} - {SERBIA, None}) >= 5
    assert len({i.decision.exploitation_country for i in found} - {SERBIA, None}) >= 3
    assert len({m for i in found for m in i.decision.recruitment_methods}) >= 5
    assert len({r.source_type for r in HISTORY.reports}) >= 10
    assert len({r.channel for r in HISTORY.reports}) >= 4
    assert sum(1 for i in found if i.decision.child_in_institutional_care) >= 2


def test_persons_reported_again():
    again = [r for r in HISTORY.reports if r.on_record]
    assert len(again) >= 5
    identified = Counter((p.person.key, year_of(d.approved_at)) for _r, p, d in decisions()
                         if d.outcome == "identified" and d.approved_at)
    assert any(n > 1 for n in identified.values())  # identified twice in one year: counted once
    assert len({key for key, _year in identified}) < sum(identified.values())


def test_protection_and_justice():
    assert len(HISTORY.services) >= 200 and len({s.service for s in HISTORY.services}) >= 15
    assert len(HISTORY.plans) >= 50 and any(p.closed_on for p in HISTORY.plans)
    stays = Counter(s.person.key for s in HISTORY.stays)
    assert len(HISTORY.stays) >= 25 and any(n > 1 for n in stays.values())  # returns
    assert any(s.examinations for s in HISTORY.stays)
    assert len(HISTORY.cases) >= 40 and any(c.opener == "prosecutor" for c in HISTORY.cases)
    kinds = Counter(e.kind for c in HISTORY.cases for d in c.defendants for e in d.events)
    assert {"dismissal", "investigation_ordered", "indictment", "information", "conviction",
            "acquittal", "plea_agreement", "appeal", "final_judgement", "hearing"} <= set(kinds)
    assert any(len(c.damaged_parties) > 1 for c in HISTORY.cases)
    assert any(c.victim_events for c in HISTORY.cases)
    assert HISTORY.legal_assistance and HISTORY.memos
