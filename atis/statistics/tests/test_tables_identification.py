"""The reports and identification tables, from records made through the services."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from atis.core.roles import Role
from atis.identification import services as identification
from atis.intake import services as intake
from atis.statistics import engine
from atis.statistics.tables.victims import BY_FORM_SEX_AGE
from atis.statistics.tests.conftest import ADULT, CHILD, YEAR


def table(table_id, **kwargs):
    return engine.compute(YEAR, only=[table_id], **kwargs)[table_id]


def cells(table_id):
    t = table(table_id)
    return {tuple(c[d] for d in t.dimensions): c["count"] for c in t.cells}


# The Centre's 2024 table (Rapporteur's report §3.7): form → (<18 F, <18 M, ≥18 F, ≥18 M).
TABLE_2024 = {
    "sexual": (8, 0, 16, 0), "forced_marriage": (4, 0, 0, 0), "labour": (2, 1, 6, 7),
    "forced_begging": (7, 3, 3, 0), "multiple": (2, 0, 0, 1), "forced_criminality": (0, 5, 0, 3),
    "armed_conflict": (0, 1, 0, 0), "illegal_adoption": (1, 1, 0, 0),
}
MULTIPLE = {("child", "female"): ["labour", "forced_criminality"],
            ("adult", "male"): ["forced_criminality", "forced_begging"]}
COLUMNS = [("child", "female"), ("child", "male"), ("adult", "female"), ("adult", "male")]


def test_the_2024_table_by_form_sex_and_age_is_reproduced_from_71_victims(identify):
    for form, counts in TABLE_2024.items():
        for (age_group, sex), count in zip(COLUMNS, counts, strict=True):
            forms = MULTIPLE.get((age_group, sex)) if form == "multiple" else [form]
            for _ in range(count):
                identify(forms=forms, sex=sex, birth_year=CHILD if age_group == "child" else ADULT)
    result = cells("identified_victims_by_form_sex_age")
    expected = {(form, sex, age): n for form, counts in TABLE_2024.items()
                for (age, sex), n in zip(COLUMNS, counts, strict=True) if n}
    assert result == expected
    assert sum(result.values()) == 71
    assert sum(n for (f, s, a), n in result.items() if a == "child") == 35


def test_age_when_exploitation_began_decides_childhood(identify):
    identify(forms=["sexual"], birth_year=YEAR - 20,
             exploitation_began_on=datetime.date(YEAR - 4, 6, 1))
    assert cells("identified_victims_by_form_sex_age") == {("sexual", "female", "child"): 1}


def test_a_victim_identified_twice_in_the_year_counts_once(identify, centre):
    first = identify(forms=["labour"])
    manager = centre["manager"]
    again = intake.report_submit(actor=manager, channel="phone", source_type="centre",
                                 persons=[{"pseudonym": first.person.pseudonym}])
    [procedure] = identification.report_accept(actor=manager, report=again)
    identification.decision_propose(actor=manager, procedure=procedure, outcome="identified",
                                    forms=[{"form": "sexual"}])
    assert cells("identified_victims_by_form_sex_age") == {("sexual", "female", "adult"): 1}


def test_reports_by_source_and_outcomes_at_year_end(identify, centre, make_user):
    identify(forms=["labour"], source="association")
    reporter = centre["reporter"]
    dismissed = intake.report_submit(actor=reporter, channel="phone", source_type="school",
                                     persons=[{"sex": "female"}])
    intake.report_dismiss(actor=centre["manager"], report=dismissed, reason="other_act")
    intake.report_submit(actor=reporter, channel="phone", source_type="school",
                         persons=[{"sex": "male"}, {"sex": "female"}])
    not_victim = intake.report_submit(actor=reporter, channel="phone", source_type="association",
                                      persons=[{"sex": "male", "birth_year": ADULT}])
    [procedure] = identification.report_accept(actor=centre["manager"], report=not_victim)
    identification.decision_propose(actor=centre["manager"], procedure=procedure,
                                    outcome="not_identified", reason="labour_rights_violation")
    assert cells("reports_by_source") == {("association",): 2, ("school",): 2}
    assert cells("report_outcomes_by_source") == {
        ("association", "identified"): 1, ("association", "not_identified"): 1,
        ("school", "dismissed"): 1, ("school", "pending"): 2}
    assert cells("dismissal_reasons") == {("other_act",): 1}
    assert cells("not_identified_reasons") == {("labour_rights_violation",): 1}
    assert "police_administration" in table("reports_by_source").sources


def test_countries_citizenship_and_average_age(identify):
    identify(forms=["sexual"], citizenship="NG", origin_country="NG", exploitation_country="RS",
             birth_year=YEAR - 20)
    identify(forms=["labour"], origin_country="RS", exploitation_country="BE", birth_year=YEAR - 30)
    identify(forms=["labour"], origin_country="RS", exploitation_country="BE", birth_year=CHILD)
    assert cells("identified_victims_by_origin_and_exploitation_country") == {
        ("NG", "RS"): 1, ("RS", "BE"): 2}
    group = table("identified_victims_by_citizenship_group")
    assert {c["citizenship_group"]: c["count"] for c in group.cells} == {"foreign": 1, "national": 2}
    assert group.values["average_age"] == pytest.approx((20 + 30 + 14) / 3, abs=0.05)
    assert group.values["average_age_children"] == 14
    assert group.values["average_age_by_form"] == {"labour": 22.0, "sexual": 20.0}


def test_the_published_edition_withholds_the_average_age_of_a_form_with_few_victims(identify):
    """One victim's average age is that victim's age: published only from three persons, and
    only beside a published count of the form (a hidden one could be recomputed from it)."""
    for _ in range(3):
        identify(forms=["labour"], birth_year=YEAR - 30)
    for _ in range(4):
        identify(forms=["forced_begging"], birth_year=YEAR - 40)
    identify(forms=["sexual"], birth_year=YEAR - 20)
    published = engine.compute(YEAR, published=True, threshold=3)
    values = published["identified_victims_by_citizenship_group"].values["average_age_by_form"]
    forms = {m["form"]: m["count"] for m in published[BY_FORM_SEX_AGE].margins
             if set(m) - {"count", "suppressed", "at_least"} == {"form"}}
    assert values["sexual"] is None and forms["sexual"] is None
    for form, age in (("labour", 30.0), ("forced_begging", 40.0)):
        assert values[form] == (None if forms[form] is None else age)
    assert sum(v is None for v in values.values()) >= 2  # never one alone beside the overall
    internal = engine.compute(YEAR, only={"identified_victims_by_citizenship_group"})
    assert internal["identified_victims_by_citizenship_group"].values["average_age_by_form"] == {
        "labour": 30.0, "forced_begging": 40.0, "sexual": 20.0}


def test_the_average_age_of_children_needs_enough_children(identify):
    for _ in range(3):
        identify(forms=["labour"], birth_year=YEAR - 30)
    identify(forms=["labour"], birth_year=CHILD)
    values = engine.compute(YEAR, published=True, threshold=3)[
        "identified_victims_by_citizenship_group"].values
    assert values["average_age_children"] is None
    assert engine.compute(YEAR, only={"identified_victims_by_citizenship_group"})[
        "identified_victims_by_citizenship_group"].values["average_age_children"] is not None


def test_the_online_share_is_withheld_with_a_small_online_count(identify):
    for _ in range(5):
        identify(forms=["labour"], recruitment_methods=["job_offer"], recruitment_online=False)
    identify(forms=["labour"], recruitment_methods=["job_offer"], recruitment_online=True)
    values = engine.compute(YEAR, published=True, threshold=3)["recruitment_methods_by_form"].values
    assert values == {"online": None, "total": 6, "online_share": None}
    shares = engine.compute(YEAR, published=True, threshold=3)["time_series"].values["shares"]
    assert shares[str(YEAR)]["online_share"] is None


def test_recruitment_is_not_exclusive_and_online_share_is_computed(identify):
    identify(forms=["sexual"], recruitment_methods=["false_friendship", "courtship_marriage"],
             recruitment_online=True)
    identify(forms=["labour"], recruitment_methods=["job_offer"], recruitment_online=False)
    result = table("recruitment_methods_by_form")
    assert {(c["form"], c["method"]): c["count"] for c in result.cells} == {
        ("sexual", "false_friendship"): 1, ("sexual", "courtship_marriage"): 1,
        ("labour", "job_offer"): 1}
    assert result.values == {"online": 1, "total": 2, "online_share": 0.5}


def test_child_victims_context(identify):
    identify(forms=["forced_begging"], birth_year=YEAR - 12, child_in_institutional_care=True,
             child_school_attendance=False)
    identify(forms=["forced_marriage"], birth_year=YEAR - 15, child_parent_complicit=True,
             child_school_attendance=True)
    identify(forms=["labour"], birth_year=ADULT, child_parent_complicit=True)
    assert cells("child_victims_context") == {("institutional_care",): 1, ("parent_complicit",): 1,
                                              ("school_age_not_attending",): 1}


def test_time_series_has_six_years(identify):
    identify(forms=["sexual"], birth_year=CHILD, recruitment_online=True)
    series = table("time_series")
    assert {c["year"] for c in series.cells} == {str(YEAR)}
    assert len(series.values["shares"]) == 6
    assert series.values["shares"][str(YEAR)] == {"children_share": 1.0, "foreign_share": 0.0,
                                                  "online_share": 1.0}


# --- effective dates: a record falls in the year its steps happened, whatever the clock says

LATER = datetime.datetime(2027, 3, 10, 12, tzinfo=datetime.UTC)


def of_year(year, table_id):
    t = engine.compute(year, only=[table_id])[table_id]
    return {tuple(c[d] for d in t.dimensions): c["count"] for c in t.cells}


@time_machine.travel(LATER, tick=False)
def test_accepted_in_2023_and_identified_in_2024_is_pending_in_2023_and_identified_in_2024(
        centre, api_client_for, make_user):
    reporter, manager = api_client_for(centre["reporter"]), api_client_for(centre["manager"])
    caseworker = api_client_for(make_user(Role.CENTRE_CASEWORKER))
    reference = reporter.post(reverse("api-reports"), {
        "received_at": "2023-11-10T09:30:00+01:00", "channel": "phone",
        "source_type": "police_administration", "suspected_forms": ["sexual"],
        "persons": [{"sex": "female", "birth_year": 1990, "citizenships": ["RS"]}]},
        format="json").json()["reference"]
    [pk] = caseworker.post(reverse("api-report-accept", args=[reference]),
                           {"accepted_at": "2023-11-20"}, format="json").json()["procedures"]
    proposed = caseworker.post(reverse("api-identification-decisions", args=[pk]), {
        "outcome": "identified", "forms": [{"form": "sexual"}], "decided_at": "2023-12-20"},
        format="json")
    assert proposed.status_code == 201, proposed.json()
    approved = manager.post(reverse("api-decision-approve", args=[proposed.json()["id"]]),
                            {"approved_at": "2024-01-15"}, format="json")
    assert approved.status_code == 200, approved.json()

    assert of_year(2023, "reports_by_source") == {("police_administration",): 1}
    assert of_year(2023, "report_outcomes_by_source") == {("police_administration", "pending"): 1}
    assert of_year(2023, "identified_victims_by_form_sex_age") == {}
    assert of_year(2024, "identified_victims_by_form_sex_age") == {("sexual", "female", "adult"): 1}
    assert of_year(2024, "report_outcomes_by_source") == {}
    assert of_year(2024, "time_series")[("2023", "reports")] == 1
    assert of_year(2024, "time_series")[("2024", "identified")] == 1
    for table_id in ("reports_by_source", "identified_victims_by_form_sex_age",
                     "report_outcomes_by_source"):
        assert of_year(2027, table_id) == {}  # nothing lands in the year of the clock


def submit_on(centre, received_at, persons=1, source="school"):
    return intake.report_submit(actor=centre["reporter"], channel="phone", source_type=source,
                                received_at=received_at,
                                persons=[{"sex": "female", "birth_year": 1990}] * persons)


@time_machine.travel(LATER, tick=False)
def test_dismissed_persons_add_up_the_same_in_both_tables_as_of_31_december(centre):
    manager = centre["manager"]
    two = submit_on(centre, datetime.date(2023, 3, 1), persons=2)
    intake.report_dismiss(actor=manager, report=two, reason="other_act",
                          dismissed_at=datetime.date(2023, 3, 5))
    late = submit_on(centre, datetime.date(2023, 12, 20))
    intake.report_dismiss(actor=manager, report=late, reason="no_offence",
                          dismissed_at=datetime.date(2024, 1, 10))
    reasons = of_year(2023, "dismissal_reasons")
    outcomes = of_year(2023, "report_outcomes_by_source")
    assert reasons == {("other_act",): 2}
    assert outcomes == {("school", "dismissed"): 2, ("school", "pending"): 1}
    assert sum(reasons.values()) == sum(n for (_s, o), n in outcomes.items() if o == "dismissed")
    assert of_year(2024, "dismissal_reasons") == {}  # received in 2023, counted with 2023


@time_machine.travel(LATER, tick=False)
def test_age_is_taken_on_the_day_the_decision_took_effect(centre, org):
    manager = centre["manager"]
    report = intake.report_submit(
        actor=centre["reporter"], channel="phone", source_type="police_administration",
        received_at=datetime.date(2024, 2, 1), suspected_forms=["labour"],
        persons=[{"sex": "male", "citizenships": ["RS"],
                  "identity": {"date_of_birth": datetime.date(2006, 9, 1)}}])
    [procedure] = identification.report_accept(actor=manager, report=report,
                                               accepted_at=datetime.date(2024, 2, 1))
    identification.alert_mark_sent(actor=manager, alert=procedure.alerts.get(recipient="social_work"),
                                   organisation=org("csw-novi-sad"),
                                   sent_at=datetime.date(2024, 2, 2))
    decision = identification.decision_propose(actor=manager, procedure=procedure,
                                               outcome="identified", forms=[{"form": "labour"}],
                                               decided_at=datetime.date(2024, 3, 1))
    assert decision.age_at_identification == 17  # 20 by the clock
    assert of_year(2024, "identified_victims_by_form_sex_age") == {("labour", "male", "child"): 1}
