"""The main pages read the database a fixed number of times, however many rows they show:
each page is rendered with N rows and with 3N rows and must issue the same, exact number
of SELECTs (issue 12). Only SELECTs outside the audit tables are counted, so batching the
audit trail's writes does not change these numbers."""

import datetime
import os

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from atis.core.roles import Role
from atis.identification import services as identification
from atis.identification.models import Alert
from atis.justice.models import CriminalCase, Notification, ProceedingEvent

N = 3


def selects(client, url: str) -> int:
    """SELECTs of the page in steady state (rendered once before: the per-process cache of
    reference terms is warm, as it is in service)."""
    client.get(url, HTTP_HOST="localhost")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_HOST="localhost")
    assert response.status_code == 200, response.status_code
    found = [q["sql"] for q in queries.captured_queries
             if q["sql"].lstrip().upper().startswith("SELECT") and "audit_" not in q["sql"]]
    if os.environ.get("QC_DEBUG"):
        print(url, len(found), *found, sep="\n  ")
    return len(found)


@pytest.fixture
def centre(make_user, submit_report):
    """A caseworker and a manager of the Centre, a reporter, and `add(n)`: n more reports,
    the first of each pair accepted into a procedure led by the caseworker, with one of its
    alerts overdue and one sent; the second left untriaged."""
    caseworker, manager = make_user(Role.CENTRE_CASEWORKER), make_user(Role.CENTRE_MANAGER)
    reporter = make_user(Role.REPORTER, "pu-novi-sad")
    counter = iter(range(1000))

    def add(n: int) -> None:
        for _ in range(n):
            i = next(counter)
            persons = [{"sex": "female", "birth_year": 1995, "citizenships": ["RS"],
                        "identity": {"given_name": "Mila", "family_name": f"Ilić{i}"}}]
            accepted = submit_report(actor=reporter, persons=persons)
            [procedure] = identification.report_accept(actor=caseworker, report=accepted,
                                                      lead_caseworker=caseworker)
            alerts = list(procedure.alerts.all())
            identification.alert_mark_sent(actor=caseworker, alert=alerts[0])
            Alert.objects.filter(pk__in=[a.pk for a in alerts[1:]]).update(
                due_at=timezone.now() - datetime.timedelta(hours=1))
            identification.alerts_changed([procedure.pk])
            submit_report(actor=reporter, persons=persons)

    return {"caseworker": caseworker, "manager": manager, "reporter": reporter, "add": add}


def by_vendor(sqlite, postgresql):
    return {"sqlite": sqlite, "postgresql": postgresql}[connection.vendor]


def counts_stay(client, pages: list[tuple], add) -> list[int]:
    """The SELECTs of each (user, url) with N and with 3N rows, asserted equal."""

    def measure():
        found = []
        for user, url in pages:
            client.force_login(user)
            found.append(selects(client, url))
        return found

    add(N)
    first = measure()
    add(2 * N)
    assert measure() == first
    return first


def test_work_queue_views(client, centre):
    caseworker, manager = centre["caseworker"], centre["manager"]
    queue = reverse("work-queue")
    pages = [(manager, queue), (manager, f"{queue}?status=open"),
             (manager, f"{queue}?caseworker={caseworker.pk}"),
             (manager, f"{queue}?page=2"),  # past the end: counted again from the start
             (caseworker, queue)]
    # The same on both databases (the overdue list, a condition on the procedures alone,
    # finds the overdue alerts' procedures on each); the caseload reads the caseworkers'
    # names apart from its count by index, the list its page's keys apart from its rows.
    assert counts_stay(client, pages, centre["add"]) == [19, 19, 19, 20, 18]


def test_work_queue_shows_bounded_counts(client, centre, monkeypatch):
    from atis.identification import selectors

    monkeypatch.setattr(selectors, "QUEUE_BOUND", 4)
    centre["add"](5)
    client.force_login(centre["manager"])
    content = client.get(reverse("work-queue")).content.decode()
    assert "New reports (4+)" in content and "Overdue alerts (4+)" in content
    assert "Overdue procedures (4+)" in content


def test_report_lists(client, centre):
    listing = reverse("report-list")
    pages = [(centre["manager"], listing), (centre["manager"], f"{listing}?status=received"),
             (centre["reporter"], listing)]
    assert counts_stay(client, pages, centre["add"]) == [10, 10, 10]


def test_dashboards(client, centre, make_user):
    """Every role's dashboard but the statistics-derived widgets (cached by the
    statistics engine, counted there)."""
    others = [make_user(role) for role in (Role.POLICE_OFFICER, Role.PARTNER_CASEWORKER,
                                           Role.SHELTER_STAFF, Role.HOTLINE_OPERATOR)]
    pages = [(user, reverse("dashboard"))
             for user in [centre["caseworker"], centre["reporter"], *others]]
    # The caseworker's: with the cases newly assigned to them (people.AssignmentNotice).
    assert counts_stay(client, pages, centre["add"]) == [13, 9, 9, 10, 8, 8]


def test_case_record(client, centre):
    """The tabbed case record reads each kind of record once (reports, the procedure and its
    alerts, interviews, notes and decisions, the plan and its tasks, services, stays,
    consents, conferences, placements, residence, criminal cases, memos, assignees); on
    PostgreSQL one more, the advisory lock the audit trail takes for its entry."""
    centre["add"](1)
    person = centre["caseworker"].case_assignments.get().person
    url = reverse("person-detail", args=[person.pseudonym])
    assert counts_stay(client, [(centre["manager"], url), (centre["caseworker"], url)],
                       lambda n: None) == by_vendor([33, 32], [34, 33])


def test_notifications_inbox(client, centre, criminal_case):
    case, _, procedure, caseworker, police = criminal_case

    def add(n):
        for _ in range(n):
            event = ProceedingEvent.objects.create(case=case, kind="hearing",
                                                   on=timezone.localdate(), recorded_by=police,
                                                   recorded_by_organisation=police.organisation)
            Notification.objects.create(event=event, person=procedure.person, user=caseworker,
                                        acknowledge_by=timezone.now())

    assert CriminalCase.objects.count() == 1
    url = reverse("justice-inbox")
    assert counts_stay(client, [(caseworker, url), (caseworker, f"{url}?overdue=1")],
                       add) == by_vendor([11, 11], [10, 10])
