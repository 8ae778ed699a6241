"""Protection, Shelter, justice and cooperation tables, from records made through the services."""

import datetime

from django.utils import timezone

from atis.coordination import services as coordination
from atis.core.roles import Role
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
            coordination.memo_response(actor=sender, memo=memo, response=answer, on=TODAY)
    assert cells("memo_response") == {("police_administration", "none"): 1,
                                      ("police_administration", "written"): 1,
                                      ("social_work_centre", "none"): 1}
