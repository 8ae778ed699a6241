"""Who sees reports, procedures and alerts (pages and API)."""

import pytest
from django.urls import reverse

from atis.core.roles import Role
from atis.identification import services

ADULT = {"sex": "female", "birth_year": 1990, "citizenships": ["RS"]}


@pytest.fixture
def case(open_procedure, org):
    procedure, caseworker = open_procedure(persons=[ADULT], narrative="Secret narrative")
    services.note_add(actor=caseworker, procedure=procedure, text="Centre note: safe address")
    services.alert_mark_sent(actor=caseworker, alert=procedure.alerts.get(recipient="police"),
                             organisation=org("pu-novi-sad"))
    return procedure, caseworker


@pytest.mark.parametrize("role, sees_case", [
    (Role.CENTRE_MANAGER, True), (Role.CENTRE_CASEWORKER, False), (Role.REPORTER, False),
    (Role.HOTLINE_OPERATOR, False), (Role.SHELTER_STAFF, False), (Role.PARTNER_CASEWORKER, False),
    (Role.POLICE_OFFICER, False), (Role.PROSECUTOR, False), (Role.COURT_STAFF, False),
    (Role.COORDINATOR_ANALYST, False), (Role.RAPPORTEUR, False), (Role.ADMIN, False),
])
def test_case_page_and_api(client, api_client_for, make_user, case, role, sees_case):
    procedure, _ = case
    user = make_user(role)
    client.force_login(user)
    page = client.get(reverse("procedure-detail", args=[procedure.pk]))
    api = api_client_for(user).get(reverse("api-identification", args=[procedure.pk]))
    assert (page.status_code == 200) == sees_case and (api.status_code == 200) == sees_case
    if not sees_case:
        assert page.status_code in (403, 404) and api.status_code in (403, 404)
        assert b"Centre note" not in page.content and "Centre note" not in str(api.content)


def test_assigned_caseworker_sees_the_case_and_its_notes(client, case):
    procedure, caseworker = case
    client.force_login(caseworker)
    content = client.get(reverse("procedure-detail", args=[procedure.pk])).content.decode()
    assert "Centre note: safe address" in content


def test_reporter_cannot_read_the_centres_notes_or_narrative(client, api_client_for, case):
    procedure, _ = case
    reporter = procedure.report.reported_by
    client.force_login(reporter)
    page = client.get(reverse("report-detail", args=[procedure.report.reference]))
    assert page.status_code == 200 and b"Secret narrative" not in page.content
    assert b"Centre note" not in page.content and procedure.person.pseudonym.encode() not in page.content
    api = api_client_for(reporter)
    data = api.get(reverse("api-report", args=[procedure.report.reference])).json()
    assert "persons" not in data and "narrative" not in data
    assert [f["category"] for f in data["feedback"]] == ["received", "accepted"]
    assert api.get(reverse("api-report-file", args=[procedure.report.reference])).status_code == 403
    assert client.post(reverse("report-file", args=[procedure.report.reference])).status_code == 403


def test_police_officer_sees_only_the_pseudonym(client, api_client_for, make_user, case):
    procedure, _ = case
    police = make_user(Role.POLICE_OFFICER, "pu-novi-sad")
    client.force_login(police)
    inbox = client.get(reverse("alert-inbox")).content.decode()
    assert procedure.person.pseudonym in inbox
    for secret in ("Mila", "Ilić", "Secret narrative", "Centre note"):
        assert secret not in inbox
    assert client.get(reverse("person-detail", args=[procedure.person.pseudonym])).status_code == 404
    assert api_client_for(police).get(reverse("api-identifications")).json()["results"] == []


@pytest.mark.parametrize("role", [Role.REPORTER, Role.POLICE_OFFICER, Role.COORDINATOR_ANALYST])
def test_only_the_centre_triages(api_client_for, make_user, submit_report, role):
    report = submit_report()
    api = api_client_for(make_user(role))
    assert api.post(reverse("api-report-accept", args=[report.reference])).status_code in (403, 404)
    assert api.post(reverse("api-report-dismiss", args=[report.reference]),
                    {"reason": "no_offence"}).status_code in (403, 404)
    report.refresh_from_db()
    assert report.status == "received"


def test_work_queue_is_the_centres(client, make_user):
    client.force_login(make_user(Role.POLICE_OFFICER))
    assert client.get(reverse("work-queue")).status_code == 403
    client.force_login(make_user(Role.CENTRE_CASEWORKER))
    assert client.get(reverse("work-queue")).status_code == 200
