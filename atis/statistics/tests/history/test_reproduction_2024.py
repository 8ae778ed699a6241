"""The Centre's published 2024 table of identified victims by form of exploitation, sex and
age (the National Rapporteur's 2nd report, L805–L881; ../shared/domain/rapporteur-report-2024.md
§3.7) reproduced for 2024 from 71 records dated in 2024, entered through the REST API while
the clock says 2026. Ten of the 71 were reported in 2023 and identified in 2024 (L768–L773)."""

import datetime
from collections import Counter

import time_machine

from atis.statistics import engine
from atis.statistics.tests.history.expected import expected
from atis.statistics.tests.history.generator import (
    CLOCK,
    SERBIA,
    TZ,
    Decision,
    History,
    Person,
    Procedure,
    Report,
    local,
    municipality,
    one,
    organisations,
    require,
)
from atis.statistics.tests.history.load_api import ApiLoader

# The published table, transcribed (blank cells are 0): (form, sex, age group) → victims.
PUBLISHED = {
    ("sexual", "female", "child"): 8, ("sexual", "female", "adult"): 16,
    ("forced_marriage", "female", "child"): 4,
    ("labour", "female", "child"): 2, ("labour", "male", "child"): 1,
    ("labour", "female", "adult"): 6, ("labour", "male", "adult"): 7,
    ("forced_begging", "female", "child"): 7, ("forced_begging", "male", "child"): 3,
    ("forced_begging", "female", "adult"): 3,
    ("multiple", "female", "child"): 2, ("multiple", "male", "adult"): 1,
    ("forced_criminality", "male", "child"): 5, ("forced_criminality", "male", "adult"): 3,
    ("armed_conflict", "male", "child"): 1,
    ("illegal_adoption", "female", "child"): 1, ("illegal_adoption", "male", "child"): 1,
}
# Published beside it: country of origin × of exploitation (L913–L1019), 55 nationals and
# 16 foreign nationals (L65), average age 21.5 and 12 for children (L804, L884).
COUNTRIES = {
    (SERBIA, SERBIA): 50, (SERBIA, "BE"): 3, (SERBIA, "SI"): 1, (SERBIA, "HR"): 1,
    ("UA", SERBIA): 1, ("UA", "BA"): 1, ("NG", SERBIA): 5, ("RU", "RU"): 1, ("CN", SERBIA): 2,
    ("CD", "CD"): 1, ("BI", "BI"): 2, ("CO", SERBIA): 2, ("BR", SERBIA): 1,
}
NATIONALS, FOREIGN, AVERAGE_AGE, AVERAGE_AGE_CHILDREN = 55, 16, 21.5, 12.0

# The 71 victims: (forms, sex, ages, countries of origin → exploitation other than RS → RS).
# The multiple forms are as the report describes them (L788): two girls of labour and
# criminal acts, a man of criminal acts and begging. The first sexually exploited girl was
# 17 when it began and 18 at the decision: a child by the age rule.
VICTIMS = [
    (["sexual"], "female", [17, 13, 14, 15, 15, 16, 16, 17], []),
    (["sexual"], "female", [18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 32, 40, 45],
     [("NG", SERBIA)] * 5 + [("UA", SERBIA), ("UA", "BA")] + [(SERBIA, "BE")] * 3),
    (["forced_marriage"], "female", [14, 15, 16, 17], [("BI", "BI")]),
    (["labour"], "female", [15, 16], []),
    (["labour"], "male", [17], []),
    (["labour"], "female", [20, 23, 27, 31, 36, 51], [("CN", SERBIA), ("CO", SERBIA)]),
    (["labour"], "male", [21, 24, 28, 32, 37, 50, 58],
     [("CN", SERBIA), ("CO", SERBIA), ("BR", SERBIA), (SERBIA, "SI"), (SERBIA, "HR")]),
    (["forced_begging"], "female", [5, 5, 6, 6, 7, 8, 8], []),
    (["forced_begging"], "male", [9, 10, 11], []),
    (["forced_begging"], "female", [22, 35, 62], []),
    (["labour", "forced_criminality"], "female", [14, 15], []),
    (["forced_criminality", "forced_begging"], "male", [36], []),
    (["forced_criminality"], "male", [13, 14, 14, 15, 16], []),
    (["forced_criminality"], "male", [19, 26, 40], [("RU", "RU"), ("BI", "BI")]),
    (["armed_conflict"], "male", [10], [("CD", "CD")]),
    (["illegal_adoption"], "female", [0], []),
    (["illegal_adoption"], "male", [1], []),
]
CROSSING = 0  # the index of the victim who turned 18 between the exploitation and the decision
DAY = datetime.timedelta(days=1)


def _born(age: int, on: datetime.date, days_before: int = 10) -> datetime.date:
    """A date of birth giving `age` on `on` (the birthday `days_before` days earlier)."""
    return on.replace(year=on.year - age) - days_before * DAY


class Records:
    def __init__(self):
        self.persons, self.reports = [], []
        self.sources = ["police_administration", "association", "social_work_centre", "centre",
                        "school", "international_organisation"]
        require("report_source", *self.sources)
        self.police = organisations("police_administration", "pu-")[0]
        self.reporters = {"police_administration": self.police,
                          "association": organisations("association")[0],
                          "social_work_centre": organisations("social_work_centre")[0],
                          "school": organisations("school")[0],
                          "international_organisation": organisations("international_org")[0]}

    def victim(self, forms, sex, age, origin, exploited, *, received, decided, approved,
               by_manager=True, began_before=200, crossing=False):
        """A person reported on `received` and identified (taking effect on `approved`), of
        `age` when the exploitation began (or, with `began_before` None, at the decision)."""
        n = len(self.persons) + 1
        began = received.date() - began_before * DAY if began_before is not None else None
        day = began or approved.date()
        birth = _born(17, began, 300) if crossing else _born(age, day)
        person = Person(f"V{n:03d}", sex, birth, birth.year, [origin], "Ana", f"Reproduced-{n}")
        source = self.sources[n % len(self.sources)]
        organisation = self.reporters.get(source, one("centre"))
        decision = Decision("identified", decided, approved, by_manager,
                            forms=[(f, "") for f in forms], exploitation_began_on=began,
                            origin_country=origin, exploitation_country=exploited)
        report = Report(f"R2024-{n:03d}", received, source, organisation,
                        "proactive_detection" if source == "centre" else "phone", [person], [],
                        forms[:1], "accepted", received + datetime.timedelta(hours=3),
                        lead="manager" if by_manager else "caseworker", police=self.police,
                        prosecutor=local("prosecutor_office", "hppo-", municipality(self.police)),
                        social_work=self.reporters["social_work_centre"],
                        procedures=[Procedure(person, [decision])])
        self.persons.append(person)
        self.reports.append(report)
        return person


def moment(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, 10, tzinfo=TZ)


def on(year: int, month: int, day: int) -> datetime.datetime:
    return moment(datetime.date(year, month, day))


def records() -> tuple[History, list, list]:
    """The 71 victims of 2024, and those of the years around it: one identified in December
    2023, two reported in 2024 whose identification took effect in 2025."""
    r = Records()
    n = 0
    for forms, sex, ages, abroad in VICTIMS:
        countries = abroad + [(SERBIA, SERBIA)] * (len(ages) - len(abroad))
        for age, (origin, exploited) in zip(ages, countries, strict=True):
            if n < 10:  # reported in late 2023, identified in 2024
                received = moment(datetime.date(2023, 11, 14) + 4 * n * DAY)
                decided = moment(datetime.date(2024, 1, 8) + n * DAY)
            else:
                received = moment(datetime.date(2024, 1, 2) + 4 * n * DAY)
                decided = received + 20 * DAY
            by_manager = n % 3 != 0
            approved = decided if by_manager else decided + 4 * DAY
            if n in (1, 4):  # a caseworker's proposal of December 2023, approved in 2024
                decided, by_manager = on(2023, 12, 28), False
            r.victim(forms, sex, age, origin, exploited, received=received, decided=decided,
                     approved=approved, by_manager=by_manager, crossing=n == CROSSING,
                     began_before=None if n % 9 == 4 else 200)
            n += 1
    before = [r.victim(["sexual"], "female", 19, SERBIA, SERBIA, received=on(2023, 12, 1),
                       decided=on(2023, 12, 20), approved=on(2023, 12, 20))]
    after = [r.victim(["labour"], "male", 30, SERBIA, SERBIA, received=on(2024, 12, 10),
                      decided=on(2024, 12, 27), approved=on(2025, 1, 9), by_manager=False),
             r.victim(["forced_begging"], "female", 12, SERBIA, SERBIA, received=on(2024, 11, 20),
                      decided=on(2025, 1, 15), approved=on(2025, 1, 15))]
    history = History(r.persons, r.reports, [], [], [], [], [], [])
    return history, before, after


def cells(table) -> dict:
    return {tuple(c[d] for d in table.dimensions): c["count"] for c in table.cells if c["count"]}


def test_the_transcription_adds_up():
    """The transcribed table and the records made from it agree with the report's own totals
    (71; 24 + 11 children, 25 + 11 adults) and with the records' independent count."""
    assert sum(PUBLISHED.values()) == sum(COUNTRIES.values()) == NATIONALS + FOREIGN == 71
    by_column = Counter()
    for (_form, sex, group), n in PUBLISHED.items():
        by_column[sex, group] += n
    assert by_column == {("female", "child"): 24, ("male", "child"): 11, ("female", "adult"): 25,
                         ("male", "adult"): 11}
    history, before, after = records()
    counted = expected(history, 2024)
    assert +counted["identified_victims_by_form_sex_age"][0] == PUBLISHED
    assert +counted["identified_victims_by_origin_and_exploitation_country"][0] == COUNTRIES
    assert len(history.persons) == 71 + len(before) + len(after)


def test_2024_reproduced_from_records_entered_in_2026(make_user, api_client_for):
    history, before, after = records()
    with time_machine.travel(CLOCK, tick=False):
        ApiLoader(make_user, api_client_for).load(history)
        tables = {year: engine.compute(year) for year in (2023, 2024, 2025, CLOCK.year)}
    year = tables[2024]
    assert cells(year["identified_victims_by_form_sex_age"]) == PUBLISHED
    assert cells(year["identified_victims_by_origin_and_exploitation_country"]) == COUNTRIES
    group = year["identified_victims_by_citizenship_group"]
    assert cells(group) == {("national",): NATIONALS, ("foreign",): FOREIGN}
    assert (group.values["average_age"], group.values["average_age_children"]) == (
        AVERAGE_AGE, AVERAGE_AGE_CHILDREN)
    # The years around it hold only their own identifications; the clock's year none.
    assert sum(cells(tables[2023]["identified_victims_by_form_sex_age"]).values()) == len(before)
    assert sum(cells(tables[2025]["identified_victims_by_form_sex_age"]).values()) == len(after)
    assert cells(tables[CLOCK.year]["identified_victims_by_form_sex_age"]) == {}
    # The ten reports of 2023 identified in 2024 were pending on 31 December 2023.
    outcomes = Counter()
    for (_source, outcome), n in cells(tables[2023]["report_outcomes_by_source"]).items():
        outcomes[outcome] += n
    assert outcomes == {"pending": 10, "identified": len(before)}
