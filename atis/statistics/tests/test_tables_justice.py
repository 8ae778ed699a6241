"""The prosecution tables' set-based queries: what each step counts, and the sources read in
the same pass."""

import datetime

from atis.core.roles import Role
from atis.justice import services as justice
from atis.statistics import engine
from atis.statistics.tests.conftest import YEAR

LAST = YEAR - 1


def computed(table_id):
    t = engine.compute(LAST, only=[table_id])[table_id]
    return {tuple(c[d] for d in t.dimensions): c["count"] for c in t.cells}, t.sources


def test_steps_count_distinct_defendants_and_a_plea_is_also_a_conviction(criminal_case,
                                                                        make_user, org):
    _case, _defendant, procedure, _caseworker, police = criminal_case
    prosecutor = make_user(Role.PROSECUTOR, "hppo-novi-sad")
    court = make_user(Role.COURT_STAFF, "higher-court-novi-sad")
    higher = org("higher-court-novi-sad")
    case = justice.case_open(actor=police, opened_on=datetime.date(LAST, 2, 1),
                             offences=["art388_1"], prosecutor_office=org("hppo-novi-sad"))
    pleads, convicted, fined = (justice.defendant_add(actor=police, case=case, sex="male")
                                for _ in range(3))
    party = justice.damaged_party_add(actor=police, case=case, person=procedure.person.pseudonym)

    def step(actor, kind, month, defendant=None, **kwargs):
        justice.event_record(actor=actor, case=case, kind=kind, on=datetime.date(LAST, month, 1),
                             defendant=defendant, **kwargs)

    for defendant in (pleads, convicted, fined):
        step(prosecutor, "investigation_ordered", 3, defendant)
    step(prosecutor, "plea_agreement", 4, pleads, sentence_months=8)
    for defendant in (convicted, fined):
        step(prosecutor, "investigation_closed", 4, defendant)
        step(prosecutor, "indictment", 5, defendant, court=higher)
    step(court, "conviction", 9, convicted, sentence_months=130, court=higher)
    step(court, "conviction", 9, fined, sentence_months=0, fine=50000, court=higher)
    step(prosecutor, "pvw_granted", 6, damaged_party=party)

    flow, sources = computed("prosecution_flow")
    assert flow == {("persons_reported",): 3, ("investigations_ordered",): 3,
                    ("investigations_closed",): 2, ("indicted",): 2, ("plea_agreements",): 1,
                    ("convicted",): 3, ("pvw_granted",): 1, ("sentenced_to_prison",): 2,
                    ("damaged_persons",): 1}
    assert sources == ["court", "prosecutor_office"]
    lengths, sources = computed("sentences")
    assert lengths == {("under_1_year",): 1, ("10_years_or_more",): 1}
    assert sources == ["court", "prosecutor_office"]


def test_damaged_persons_of_a_case_with_only_a_hearing_in_the_year(criminal_case, make_user,
                                                                  org):
    """Any event of the year makes the case's damaged persons count, not only steps."""
    _case, _defendant, procedure, _caseworker, police = criminal_case
    prosecutor = make_user(Role.PROSECUTOR, "hppo-novi-sad")
    case = justice.case_open(actor=police, opened_on=datetime.date(LAST - 1, 5, 1),
                             offences=["art388_1"], prosecutor_office=org("hppo-novi-sad"))
    justice.damaged_party_add(actor=police, case=case, person=procedure.person.pseudonym)
    justice.event_record(actor=prosecutor, case=case, kind="hearing",
                         on=datetime.date(LAST, 3, 3))

    flow, sources = computed("prosecution_flow")
    assert flow == {("damaged_persons",): 1}
    assert sources == []  # a hearing is no step
