"""The criminal case page, the case list, legal assistance and the justice endpoints read
the database a fixed number of times, however many cases, defendants, damaged parties,
events, risk assessments and requests they show (issue 12; see
atis.core.tests.query_counts: SELECTs only, audit tables excluded). The notifications
inbox is counted in atis/web/tests/test_query_counts.py."""

import datetime
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from atis.core.roles import Role
from atis.core.tests.query_counts import N, counts_stay
from atis.justice.models import (
    CaseOffence,
    CriminalCase,
    DamagedParty,
    Defendant,
    LegalAssistanceRequest,
    ProceedingEvent,
    RiskAssessment,
)
from atis.reference.models import Country

TODAY = timezone.localdate()


@pytest.fixture
def world(criminal_case, victim, make_user, org):
    """The case of the `criminal_case` fixture, and `add(n)`: n more defendants, damaged
    parties (in the caseworker's caseload), events of each, risk assessments, legal
    assistance requests and criminal cases of the same police administration."""
    case, _defendant, _procedure, caseworker, police = criminal_case
    police_org, court = org("pu-novi-sad"), org("higher-court-novi-sad")
    counter = itertools.count(1)
    germany = Country.objects.get(code="DE")

    def add(n):
        for _ in range(n):
            i = next(counter)
            person, _cw = victim(caseworker=caseworker)
            defendant = Defendant.objects.create(case=case, pseudonym=f"D-Q-{i:05d}", sex="male",
                                                 name=f"Defendant {i}")
            party = DamagedParty.objects.create(case=case, person=person)
            event = ProceedingEvent.objects.create(
                case=case, defendant=defendant, damaged_party=party, kind="hearing",
                on=TODAY - datetime.timedelta(days=i), court=court, recorded_by=police,
                recorded_by_organisation=police_org)
            RiskAssessment.objects.create(person=person, event=event, organisation=org("centre"),
                                          due_on=TODAY)
            LegalAssistanceRequest.objects.create(direction="inbound", type="general", country=germany,
                                                  requested_on=TODAY, recorded_by=police,
                                                  case=case)
            other = CriminalCase.objects.create(reference=f"J-Q-{i:05d}", opened_on=TODAY,
                                                police_administration=police_org,
                                                created_by=police)
            CaseOffence.objects.create(case=other, offence="art388_1")

    return {"case": case, "police": police, "caseworker": caseworker, "add": add,
            "prosecutor": make_user(Role.PROSECUTOR, "hppo-novi-sad"),
            "manager": make_user(Role.CENTRE_MANAGER),
            "coordinator": make_user(Role.COORDINATOR_ANALYST)}


def test_justice_pages_and_endpoints(world, api_client_for):
    page, api = (reverse("case-page", args=[world["case"].pk]),
                 reverse("api-case", args=[world["case"].pk]))
    cases = {
        "case page, police": (world["police"], page),
        "case page, manager": (world["manager"], page),
        "case page, prosecutor": (world["prosecutor"], page),
        "case list, police": (world["police"], reverse("case-list")),
        "case list, manager": (world["manager"], reverse("case-list")),
        "legal assistance, manager": (world["manager"], reverse("legal-assistance")),
        "case API, police": (world["police"], api),
        "cases API, police": (world["police"], reverse("api-cases")),
        "risk API, manager": (world["manager"], reverse("api-risk-assessments")),
        "legal assistance API, coordinator": (world["coordinator"],
                                              reverse("api-legal-assistance")),
    }
    assert counts_stay(cases, world["add"]) == {
        "case page, police": 19, "case page, manager": 19, "case page, prosecutor": 19,
        "case list, police": 13, "case list, manager": 11, "legal assistance, manager": 9,
        "case API, police": 11, "cases API, police": 9, "risk API, manager": 8,
        "legal assistance API, coordinator": 8}
    api = api_client_for(world["police"])
    detail = api.get(reverse("api-case", args=[world["case"].pk])).json()
    assert len(detail["defendants"]) - 1 == len(detail["events"]) == 3 * N
    assert api.get(reverse("api-cases")).json()["count"] == 1 + 3 * N
    assert len(api_client_for(world["manager"]).get(
        reverse("api-risk-assessments")).json()["results"]) == 3 * N
    assert api_client_for(world["coordinator"]).get(
        reverse("api-legal-assistance")).json()["count"] == 3 * N
