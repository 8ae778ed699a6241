"""A small world for the search: two caseworkers with a person each of the same name, a
criminal case of the Novi Sad police (and one of Belgrade's), a partner's consented task,
a Shelter resident, a reporter's report."""

import datetime

import pytest
from django.utils import timezone

from atis.core.roles import Role

JOVANA = {"given_name": "Jovana", "family_name": "Petrović",
          "date_of_birth": datetime.date(1996, 3, 2)}


@pytest.fixture
def search_world(make_user, make_person, criminal_case, submit_report, org):
    from atis.justice import services as justice
    from atis.justice.models import DamagedParty
    from atis.protection import services as protection

    today = timezone.localdate()
    case, _defendant, procedure, case_caseworker, police = criminal_case
    caseworker = make_user(Role.CENTRE_CASEWORKER)
    jovana = make_person(actor=caseworker, birth_year=1996, identity=dict(JOVANA))
    other_caseworker = make_user(Role.CENTRE_CASEWORKER)
    namesake = make_person(actor=other_caseworker, identity={
        "given_name": "Jovana", "family_name": "Petrović",
        "date_of_birth": datetime.date(1990, 1, 1)})
    # The partner (Atina) has a consented task for Jovana; the Shelter has her as resident.
    atina = org("atina")
    protection.consent_record(actor=caseworker, person=jovana, organisation=atina,
                              area="psychological_support", share_identity=True)
    protection.plan_create(actor=caseworker, person=jovana, tasks=[
        {"area": "psychological_support", "goal": "Counselling", "organisation": atina,
         "due_on": today + datetime.timedelta(days=20)}])
    protection.stay_admit(actor=caseworker, person=jovana, shelter=org("shelter"))
    # A case of the Belgrade police, with the namesake as damaged party.
    belgrade_police = make_user(Role.POLICE_OFFICER, "pu-beograd")
    belgrade_case = justice.case_open(actor=belgrade_police,
                                      opened_on=today - datetime.timedelta(days=10),
                                      offences=["art388_1"])
    # (Made directly: the service wants a Centre alert to Belgrade first, beside the point here.)
    DamagedParty.objects.create(case=belgrade_case, person=namesake)
    reporter = make_user(Role.REPORTER, "pu-novi-sad")
    report = submit_report(actor=reporter)
    users = {role: make_user(role) for role in Role}
    users[Role.CENTRE_CASEWORKER] = caseworker
    users[Role.POLICE_OFFICER] = police
    users[Role.REPORTER] = reporter
    return {"users": users, "jovana": jovana, "namesake": namesake, "case": case,
            "belgrade_case": belgrade_case, "procedure": procedure, "report": report,
            "case_caseworker": case_caseworker, "other_caseworker": other_caseworker,
            "belgrade_police": belgrade_police}
