import datetime

from django.urls import reverse
from django.utils import timezone

from atis.core.roles import Role
from atis.justice.models import Notification, ProceedingEvent

TODAY = timezone.localdate()


def test_case_over_the_api(criminal_case, api_client_for, make_user):
    case, defendant, procedure, caseworker, police = criminal_case
    api = api_client_for(police)
    listed = api.get(reverse("api-cases")).json()["results"]
    assert [c["reference"] for c in listed] == [case.reference]
    event = api.post(reverse("api-case-events", args=[case.pk]), {
        "kind": "detention_ordered", "on": TODAY.isoformat(), "defendant": defendant.pseudonym},
        format="json")
    assert event.status_code == 201, event.json()
    bad = api.post(reverse("api-case-events", args=[case.pk]), {
        "kind": "conviction", "on": TODAY.isoformat(), "defendant": defendant.pseudonym,
        "sentence_months": 12}, format="json")
    assert bad.status_code == 400 and "kind" in bad.json()["errors"]
    inbox = api_client_for(caseworker).get(reverse("api-notifications")).json()["results"]
    assert inbox[0]["kind"] == "detention_ordered" and inbox[0]["pseudonym"] == procedure.person.pseudonym
    marked = api_client_for(caseworker).post(reverse("api-notification-mark", args=[inbox[0]["id"]]),
                                             {"acted": True}, format="json")
    assert marked.json()["acted_at"] is not None
    other = api_client_for(make_user(Role.POLICE_OFFICER, "pu-nis"))
    assert other.get(reverse("api-case", args=[case.pk])).status_code == 404
    assert other.post(reverse("api-case-events", args=[case.pk]), {
        "kind": "hearing", "on": TODAY.isoformat()}, format="json").status_code == 404


def test_open_case_and_protection_over_the_api(make_user, api_client_for, criminal_case):
    prosecutor = api_client_for(make_user(Role.PROSECUTOR, "hppo-novi-sad"))
    created = prosecutor.post(reverse("api-case-create"), {
        "opened_on": TODAY.isoformat(), "offences": ["art388_3"], "financial_investigation": True},
        format="json")
    assert created.status_code == 201 and created.json()["prosecutor_office"] == "hppo-novi-sad"
    bad = prosecutor.post(reverse("api-case-create"), {"opened_on": TODAY.isoformat(),
                                                       "offences": ["art1"]}, format="json")
    assert bad.status_code == 400 and "offences" in bad.json()["errors"]
    case, _d, procedure, _cw, _police = criminal_case
    updated = prosecutor.post(reverse("api-case-protection", args=[case.pk]), {
        "person": procedure.person.pseudonym, "pvw_status": "granted", "video_link": True,
        "claim_route": "criminal", "compensation_claimed": "500000"}, format="json")
    assert updated.status_code == 200 and updated.json()["pvw_status"] == "granted"


def test_case_page_records_events(client, criminal_case):
    case, defendant, _procedure, _caseworker, police = criminal_case
    client.force_login(police)
    url = reverse("case-page", args=[case.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"action": "event", "kind": "restraining_order", "on": TODAY.isoformat(),
                      "defendant": defendant.pseudonym})
    assert ProceedingEvent.objects.filter(kind="restraining_order").exists()
    page = client.post(url, {"action": "event", "kind": "detention_ended",
                             "on": TODAY.isoformat(), "defendant": defendant.pseudonym}, follow=True)
    assert b"no detention or imprisonment to end" in page.content


def test_inbox_page_marks_notifications_and_shows_overdue(client, criminal_case):
    case, defendant, _procedure, caseworker, police = criminal_case
    from atis.justice import services

    services.event_record(actor=police, case=case, kind="restraining_order", on=TODAY,
                          defendant=defendant)
    Notification.objects.update(acknowledge_by=timezone.now() - datetime.timedelta(hours=1))
    client.force_login(caseworker)
    page = client.get(reverse("justice-inbox"))
    assert b'class="overdue"' in page.content
    notification = Notification.objects.get(user=caseworker)
    client.post(reverse("justice-inbox"), {"action": "mark", "notification": notification.pk,
                                           "acted": "1"})
    notification.refresh_from_db()
    assert notification.acted_at is not None


def test_coordination_api(make_user, api_client_for):
    coordinator = api_client_for(make_user(Role.COORDINATOR_ANALYST))
    group = coordinator.post(reverse("api-group-create"), {
        "name": "Local team Novi Sad", "kind": "local_team", "convenor": "csw-novi-sad",
        "meets_every_days": 30}, format="json")
    assert group.status_code == 201
    meeting = coordinator.post(reverse("api-meeting-create", args=[group.json()["id"]]), {
        "held_on": TODAY.isoformat(), "organisations": ["csw-novi-sad", "pu-novi-sad"]},
        format="json")
    assert meeting.status_code == 201
    memo = coordinator.post(reverse("api-memo-create"), {
        "recipient": "pu-nis", "kind": "operational_report", "sent_on": TODAY.isoformat()},
        format="json")
    assert memo.status_code == 201
    rates = coordinator.get(reverse("api-memo-rates")).json()
    assert rates[0]["recipient__code"] == "pu-nis" and rates[0]["non_response_rate"] == 1.0
    assert coordinator.get(reverse("api-contacts")).status_code == 200
