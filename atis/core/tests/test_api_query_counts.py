"""The list endpoints of /api/v1/ read the database a fixed number of times, however many
rows the page holds (issue 12; see atis.core.tests.query_counts: SELECTs only, audit
tables excluded, so the audit trail's write path does not matter). The protection and
justice endpoints are counted in their apps' test_query_counts. Lists of a fixed size
(organisations, code lists, checklists) are counted once, exactly."""

import datetime
import itertools

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from atis.coordination.models import ContactPoint, CoordinationGroup, Meeting, MeetingTask, Memo
from atis.core.roles import Role
from atis.core.tests.query_counts import N, counts_stay, selects
from atis.identification import services as identification
from atis.justice.models import Notification, ProceedingEvent
from atis.monitoring.models import Recommendation, RecommendationSource, Training

TODAY = timezone.localdate()


@pytest.fixture
def world(make_user, submit_report, criminal_case, org):
    """`add(n)`: n more accepted reports (a person, a procedure and its alerts each), each
    person's notification to the caseworker, and n more groups, meetings, memos, contact
    points, recommendations and trainings."""
    case, _defendant, _procedure, caseworker, police = criminal_case
    reporter = make_user(Role.REPORTER, "pu-novi-sad")
    coordinator = make_user(Role.COORDINATOR_ANALYST)
    event = ProceedingEvent.objects.create(case=case, kind="hearing", on=TODAY, recorded_by=police,
                                           recorded_by_organisation=org("pu-novi-sad"))
    centre, atina = org("centre"), org("atina")
    source = RecommendationSource.objects.create(code="gr-q", kind="greta", period_year=2025,
                                                 title_en="Report")
    counter = itertools.count(1)

    def add(n):
        for _ in range(n):
            i = next(counter)
            report = submit_report(actor=reporter, persons=[{
                "sex": "female", "birth_year": 1995, "citizenships": ["RS"],
                "identity": {"given_name": "Mila", "family_name": f"Q{i}"}}])
            [procedure] = identification.report_accept(actor=caseworker, report=report,
                                                      lead_caseworker=caseworker)
            Notification.objects.create(event=event, person=procedure.person, user=caseworker,
                                        acknowledge_by=timezone.now())
            group = CoordinationGroup.objects.create(name=f"Team {i}", kind="local_team",
                                                     convenor=centre)
            meeting = Meeting.objects.create(group=group, held_on=TODAY, recorded_by=coordinator,
                                             minutes="Minutes")
            meeting.organisations.set([centre, atina])
            meeting.cases.set([procedure.person])
            MeetingTask.objects.create(meeting=meeting, description="Task", owner=atina,
                                       due_on=TODAY)
            Memo.objects.create(reference=f"M-Q-{i}", kind="request", sender=coordinator.organisation,
                                recipient=atina, sent_on=TODAY, subject="Subject",
                                created_by=coordinator)
            ContactPoint.objects.create(organisation=atina, kind="focal_point", function=f"F{i}",
                                        last_confirmed_on=TODAY)
            recommendation = Recommendation.objects.create(source=source, number=str(i),
                                                           unit="prevention", text_en="Text")
            recommendation.addressees.set([centre, atina])
            Training.objects.create(organiser=coordinator.organisation, topic="Topic",
                                    held_on=TODAY - datetime.timedelta(days=i),
                                    recorded_by=coordinator)

    return {"add": add, "caseworker": caseworker, "coordinator": coordinator, "police": police,
            "reporter": reporter, "manager": make_user(Role.CENTRE_MANAGER)}


def test_list_endpoints(world):
    manager, caseworker, coordinator = world["manager"], world["caseworker"], world["coordinator"]
    api = "/api/v1/"
    cases = {
        "persons, manager": (manager, f"{api}persons/"),
        "persons, caseworker": (caseworker, f"{api}persons/"),
        "reports, manager": (manager, f"{api}reports/"),
        "reports, reporter": (world["reporter"], f"{api}reports/"),
        "identifications, manager": (manager, f"{api}identifications/"),
        "alerts, manager": (manager, f"{api}alerts/"),
        "audit, manager": (manager, f"{api}audit/"),
        "notifications, caseworker": (caseworker, f"{api}notifications/"),
        "groups, coordinator": (coordinator, f"{api}coordination/groups/"),
        "meetings, coordinator": (coordinator, f"{api}coordination/meetings/"),
        "memos, coordinator": (coordinator, f"{api}memos/"),
        "response rates, coordinator": (coordinator, f"{api}memos/response-rates/"),
        "contact points, coordinator": (coordinator, f"{api}contact-points/"),
        "recommendations, coordinator": (coordinator, f"{api}monitoring/recommendations/"),
        "trainings, coordinator": (coordinator, f"{api}monitoring/trainings/"),
    }
    assert counts_stay(cases, world["add"]) == {
        "persons, manager": 10, "persons, caseworker": 10, "reports, manager": 12,
        "reports, reporter": 12, "identifications, manager": 8, "alerts, manager": 8,
        "audit, manager": 6, "notifications, caseworker": 8, "groups, coordinator": 7,
        "meetings, coordinator": 11, "memos, coordinator": 8, "response rates, coordinator": 7,
        "contact points, coordinator": 8, "recommendations, coordinator": 11,
        "trainings, coordinator": 9}


def test_fixed_lists(world):
    client = Client()
    client.force_login(world["manager"])
    assert {url: selects(client, f"/api/v1/{url}") for url in (
        "organisations/", "reference/", "reference/service_type/", "checklists/", "tokens/")} == {
        "organisations/": 8, "reference/": 5, "reference/service_type/": 6, "checklists/": 7,
        "tokens/": 7}


def test_pages_carry_a_bounded_count(world, monkeypatch):
    """Past the bound the count stops and says so; `next` still leads on."""
    from atis.core import paging
    from atis.core.api_paging import BoundedPageNumberPagination

    monkeypatch.setattr(paging, "BOUND", 2)
    monkeypatch.setattr(BoundedPageNumberPagination, "page_size", 1)
    world["add"](N)
    client = Client()
    client.force_login(world["manager"])
    first = client.get(reverse("api-reports"), HTTP_HOST="localhost").json()
    assert (first["count"], first["count_exact"], len(first["results"])) == (2, False, 1)
    last = client.get(reverse("api-reports") + f"?page={N + 1}", HTTP_HOST="localhost").json()
    assert (last["count"], last["count_exact"], last["next"]) == (N + 1, True, None)
    assert last["results"][0]["reference"] not in {r["reference"] for r in first["results"]}
