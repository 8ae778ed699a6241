"""Protection, Shelter, justice and cooperation tables, from records made through the services."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from atis.coordination import services as coordination
from atis.core.roles import Role
from atis.identification import services as identification
from atis.intake import services as intake
from atis.justice import services as justice
from atis.protection import services as protection
from atis.statistics import engine
from atis.statistics.tests.conftest import YEAR

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def cells(table_id):
    t = engine.compute(YEAR, only=[table_id])[table_id]
    return {tuple(c[d] for d in t.dimensions): c["count"] for c in t.cells}


def test_support_population_and_services(identify, centre, make_person, make_user):
    manager = centre["manager"]
    victim = identify(forms=["sexual"]).person
    at_risk = make_person(actor=manager)
    for person, service in [(victim, "information"), (victim, "information"),
                            (victim, "psychological_support"), (at_risk, "information")]:
        protection.service_record(actor=manager, person=person, service=service, delivered_on=TODAY)
    assert cells("support_population") == {("identified_this_year",): 1, ("at_risk_supported",): 1}
    assert cells("services_by_type") == {
        ("information", "persons"): 2, ("information", "services"): 3,
        ("psychological_support", "persons"): 1, ("psychological_support", "services"): 1}


def test_shelter_tables(identify, centre):
    from atis.core.models import Organisation
    from atis.people.models import Person

    manager = centre["manager"]
    person = identify(forms=["forced_begging"], birth_year=YEAR - 17).person
    Person.objects.filter(pk=person.pk).update(first_known_on=TODAY - 30 * DAY)
    person.refresh_from_db()
    stay = protection.stay_admit(actor=manager, person=person,
                                 shelter=Organisation.objects.get(code="shelter"),
                                 admitted_on=TODAY - 20 * DAY)
    for exam in ["general", "general", "dentist"]:
        protection.examination_record(actor=manager, stay=stay, examination=exam, on=TODAY)
    assert cells("shelter_use") == {("new_admissions", "child"): 1, ("residents", "child"): 1,
                                    ("stays", "child"): 1}
    assert cells("shelter_residents_by_form") == {("forced_begging", "child"): 1}
    assert cells("shelter_examinations") == {("dentist",): 1, ("general",): 2}


def test_justice_tables_and_cross_source_checks(criminal_case, make_user, org):
    """A case of last year, dated inside that year so the figures do not depend on today."""
    _case, _defendant, procedure, _caseworker, police = criminal_case
    last = YEAR - 1
    prosecutor = make_user(Role.PROSECUTOR, "hppo-novi-sad")
    court = make_user(Role.COURT_STAFF, "higher-court-novi-sad")
    case = justice.case_open(actor=police, opened_on=datetime.date(last, 3, 1),
                             offences=["art388_1", "art184"], prosecutor_office=org("hppo-novi-sad"))
    defendant = justice.defendant_add(actor=police, case=case, sex="male", citizenship="AL",
                                      role="exploiter")
    justice.damaged_party_add(actor=police, case=case, person=procedure.person.pseudonym)

    def step(actor, kind, month, **kwargs):
        justice.event_record(actor=actor, case=case, kind=kind, on=datetime.date(last, month, 1),
                             defendant=defendant, **kwargs)

    step(prosecutor, "investigation_ordered", 4)
    step(prosecutor, "investigation_closed", 6)
    step(prosecutor, "indictment", 7, court=org("higher-court-novi-sad"))
    step(court, "conviction", 10, sentence_months=40, court=org("higher-court-novi-sad"))
    justice.legal_assistance_record(actor=prosecutor, direction="inbound", type="general",
                                    country="SI", requested_on=datetime.date(last, 5, 5))

    def last_year(table_id):
        t = engine.compute(last, only=[table_id])[table_id]
        return {tuple(c[d] for d in t.dimensions): c["count"] for c in t.cells}

    assert last_year("police_criminal_reports") == {
        ("pu-novi-sad", "criminal_reports"): 1, ("pu-novi-sad", "offences"): 2,
        ("pu-novi-sad", "perpetrators"): 1, ("pu-novi-sad", "damaged_persons"): 1}
    assert last_year("police_perpetrators") == {("male", "foreign"): 1}
    assert last_year("police_damaged_persons") == {("female", "adult"): 1}
    flow = last_year("prosecution_flow")
    assert flow[("investigations_ordered",)] == 1 and flow[("indicted",)] == 1
    assert flow[("convicted",)] == 1 and flow[("sentenced_to_prison",)] == 1
    assert last_year("sentences") == {("3_to_5_years",): 1}
    assert last_year("court_caseload") == {("higher", "received"): 1, ("higher", "in_work"): 1,
                                           ("higher", "resolved"): 1, ("higher", "accused"): 1}
    assert last_year("international_legal_assistance") == {("inbound", "general", "pending"): 1}
    checks = engine.compute(last, only=["cross_source_checks"])["cross_source_checks"].values["checks"]
    convictions = next(c for c in checks if c["quantity"] == "convictions")
    assert (convictions["a"]["value"], convictions["b"]["value"], convictions["flag"]) == (0, 1, True)
    damaged = next(c for c in checks if c["quantity"] == "damaged_persons")
    assert (damaged["a"]["value"], damaged["b"]["value"], damaged["flag"]) == (1, 1, False)


def test_memo_response_table(make_user, org):
    sender = make_user(Role.PARTNER_CASEWORKER, "astra")
    for recipient, answer in [("pu-novi-sad", None), ("pu-nis", "written"), ("csw-nis", None)]:
        memo = coordination.memo_send(actor=sender, recipient=org(recipient), kind="letter",
                                      sent_on=TODAY)
        if answer:
            coordination.memo_response(actor=sender, memo=memo, response=answer, responded_on=TODAY)
    assert cells("memo_response") == {("police_administration", "none"): 1,
                                      ("police_administration", "written"): 1,
                                      ("social_work_centre", "none"): 1}


# --- effective dates: a record falls in the year it happened, whatever the clock says ----------

LATER = datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC)


def of_year(year, table_id):
    t = engine.compute(year, only=[table_id])[table_id]
    return {tuple(c[d] for d in t.dimensions): c["count"] for c in t.cells}


@time_machine.travel(LATER, tick=False)
def test_services_and_stays_count_in_the_year_they_happened_not_the_year_recorded(centre,
                                                                                  make_person, org):
    manager = centre["manager"]
    person = make_person(actor=manager, birth_year=1990, first_known_on=datetime.date(2023, 1, 10))
    for day, service in [(datetime.date(2023, 5, 1), "information"),
                         (datetime.date(2023, 6, 1), "information"),
                         (datetime.date(2024, 2, 1), "legal_support")]:
        record = protection.service_record(actor=manager, person=person, service=service,
                                           delivered_on=day)
        assert record.recorded_at.year == 2026
    stay = protection.stay_admit(actor=manager, person=person, shelter=org("shelter"),
                                 admitted_on=datetime.date(2023, 11, 1))
    protection.examination_record(actor=manager, stay=stay, examination="general",
                                  on=datetime.date(2023, 11, 5))
    protection.stay_leave(actor=manager, stay=stay, left_on=datetime.date(2024, 2, 15),
                          reason="independent_living")

    assert of_year(2023, "services_by_type") == {("information", "persons"): 1,
                                                 ("information", "services"): 2}
    assert of_year(2024, "services_by_type") == {("legal_support", "persons"): 1,
                                                 ("legal_support", "services"): 1}
    assert of_year(2023, "support_population") == {("at_risk_supported",): 1}
    assert of_year(2023, "shelter_use") == {("residents", "adult"): 1, ("stays", "adult"): 1,
                                            ("new_admissions", "adult"): 1}
    assert of_year(2024, "shelter_use") == {("residents", "adult"): 1, ("stays", "adult"): 1}
    assert of_year(2023, "shelter_examinations") == {("general",): 1}
    for table_id in ("services_by_type", "support_population", "shelter_use",
                     "shelter_examinations"):
        assert of_year(2026, table_id) == {}, table_id  # nothing lands in the year of the clock


@pytest.fixture
def reported_in_2023(centre, make_user, org):
    """A victim reported and alerted to the police in February 2023, identified (by the
    manager's decision) on 15 January 2024; the police's criminal case of 1 March 2023 names
    her as damaged party. Everything is entered in 2026."""
    manager = centre["manager"]
    report = intake.report_submit(actor=centre["reporter"], channel="phone",
                                  source_type="police_administration",
                                  received_at=datetime.date(2023, 2, 1),
                                  persons=[{"sex": "female", "birth_year": 1990,
                                            "citizenships": ["RS"]}])
    [procedure] = identification.report_accept(actor=manager, report=report,
                                               accepted_at=datetime.date(2023, 2, 2))
    identification.alert_mark_sent(actor=manager, alert=procedure.alerts.get(recipient="police"),
                                   organisation=org("pu-novi-sad"),
                                   sent_at=datetime.date(2023, 2, 2))
    police = make_user(Role.POLICE_OFFICER, "pu-novi-sad")
    case = justice.case_open(actor=police, opened_on=datetime.date(2023, 3, 1),
                             offences=["art388_1"], prosecutor_office=org("hppo-novi-sad"))
    defendant = justice.defendant_add(actor=police, case=case, sex="male", role="exploiter")
    justice.damaged_party_add(actor=police, case=case, person=procedure.person.pseudonym)
    identification.decision_propose(actor=manager, procedure=procedure, outcome="identified",
                                    forms=[{"form": "sexual"}], decided_at=datetime.date(2024, 1, 15))
    return case, defendant, police


@time_machine.travel(LATER, tick=False)
def test_proceedings_count_by_the_day_of_each_step(reported_in_2023, make_user, org):
    case, defendant, police = reported_in_2023
    prosecutor = make_user(Role.PROSECUTOR, "hppo-novi-sad")
    court = make_user(Role.COURT_STAFF, "higher-court-novi-sad")
    higher = org("higher-court-novi-sad")
    for actor, kind, day, extra in [
            (prosecutor, "investigation_ordered", datetime.date(2023, 4, 1), {}),
            (prosecutor, "investigation_closed", datetime.date(2023, 9, 1), {}),
            (prosecutor, "indictment", datetime.date(2023, 10, 1), {"court": higher}),
            (court, "conviction", datetime.date(2024, 3, 1), {"sentence_months": 40, "court": higher})]:
        justice.event_record(actor=actor, case=case, kind=kind, on=day, defendant=defendant, **extra)

    assert of_year(2023, "police_criminal_reports")[("pu-novi-sad", "criminal_reports")] == 1
    flow_2023, flow_2024 = of_year(2023, "prosecution_flow"), of_year(2024, "prosecution_flow")
    assert flow_2023[("indicted",)] == 1 and ("convicted",) not in flow_2023
    assert flow_2024[("convicted",)] == 1 and ("indicted",) not in flow_2024
    assert of_year(2024, "sentences") == {("3_to_5_years",): 1}
    assert of_year(2023, "court_caseload") == {("higher", "received"): 1, ("higher", "in_work"): 1,
                                               ("higher", "unresolved_at_end"): 1,
                                               ("higher", "accused"): 1}
    assert of_year(2024, "court_caseload") == {("higher", "pending_at_start"): 1,
                                               ("higher", "in_work"): 1, ("higher", "resolved"): 1,
                                               ("higher", "accused"): 1}
    for table_id in ("police_criminal_reports", "prosecution_flow", "sentences", "court_caseload"):
        assert of_year(2026, table_id) == {}, table_id


def check(year, quantity):
    checks = engine.compute(year, only=["cross_source_checks"])["cross_source_checks"].values["checks"]
    found = next(c for c in checks if c["quantity"] == quantity)
    return found["a"]["value"], found["b"]["value"]


@time_machine.travel(LATER, tick=False)
def test_cross_source_check_counts_identifications_in_effect_by_31_december(reported_in_2023):
    """Reported by the police in 2023, identified in 2024: not yet identified in 2023's check."""
    assert check(2023, "damaged_persons_identified") == (1, 0)
    assert check(2024, "damaged_persons_identified") == (0, 0)  # no criminal report filed in 2024


@time_machine.travel(LATER, tick=False)
def test_pending_at_31_december_is_computed_from_the_day_of_the_outcome(make_user, org):
    prosecutor = make_user(Role.PROSECUTOR, "hppo-novi-sad")
    answered_later = justice.legal_assistance_record(actor=prosecutor, direction="inbound",
                                                     type="general", country="SI",
                                                     requested_on=datetime.date(2023, 5, 5))
    justice.legal_assistance_outcome(actor=prosecutor, request=answered_later, outcome="met",
                                     on=datetime.date(2024, 2, 1))
    answered_in_year = justice.legal_assistance_record(actor=prosecutor, direction="inbound",
                                                       type="general", country="HR",
                                                       requested_on=datetime.date(2023, 6, 1))
    justice.legal_assistance_outcome(actor=prosecutor, request=answered_in_year, outcome="not_met",
                                     on=datetime.date(2023, 12, 31))
    assert of_year(2023, "international_legal_assistance") == {
        ("inbound", "general", "not_met"): 1, ("inbound", "general", "pending"): 1}
    assert of_year(2024, "international_legal_assistance") == {}

    sender = make_user(Role.PARTNER_CASEWORKER, "astra")
    for sent, replied in [(datetime.date(2023, 12, 20), datetime.date(2024, 1, 10)),
                          (datetime.date(2023, 3, 1), datetime.date(2023, 3, 20))]:
        memo = coordination.memo_send(actor=sender, recipient=org("pu-novi-sad"), kind="letter",
                                      sent_on=sent)
        coordination.memo_response(actor=sender, memo=memo, response="written",
                                   responded_on=replied)
    assert of_year(2023, "memo_response") == {("police_administration", "none"): 1,
                                              ("police_administration", "written"): 1}
    assert of_year(2024, "memo_response") == {}


@time_machine.travel(LATER, tick=False)
def test_victims_identified_earlier_are_supported_while_a_plan_is_in_force(identify, centre):
    """A plan counts every year from its start to its closing (a closed plan from the facts,
    an open one as it stands), and only for victims identified in an earlier year."""
    from atis.statistics import facts
    from atis.statistics.models import ServedYear

    manager = centre["manager"]
    with time_machine.travel(datetime.datetime(2023, 3, 1, 12, tzinfo=datetime.UTC), tick=False):
        closed, still_open, _no_plan = (identify(forms=["labour"]).person for _ in range(3))
    plan = protection.plan_create(actor=manager, person=closed, tasks=[],
                                  started_on=datetime.date(2023, 4, 1))
    protection.plan_close(actor=manager, plan=plan, reason="goals_achieved",
                          closed_on=datetime.date(2024, 6, 1))
    protection.plan_create(actor=manager, person=still_open, tasks=[],
                           started_on=datetime.date(2023, 4, 1))
    assert of_year(2023, "support_population") == {("identified_this_year",): 3}
    assert of_year(2024, "support_population") == {("identified_earlier_supported",): 2}
    assert of_year(2025, "support_population") == {("identified_earlier_supported",): 1}
    kept = set(ServedYear.objects.values_list("person", "year", "standing", "served"))
    assert kept == {(closed.pk, 2023, "identified_this_year", False),
                    (closed.pk, 2024, "identified_earlier", False)}
    facts.rebuild()
    assert set(ServedYear.objects.values_list("person", "year", "standing", "served")) == kept
