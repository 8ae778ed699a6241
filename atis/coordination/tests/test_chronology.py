"""Meetings, memos and replies are dated when they happened (default today), apart from
when they were recorded; a reply never comes before its memo."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from atis.audit.models import AuditEntry
from atis.coordination import services
from atis.coordination.models import Meeting, Memo
from atis.core.chronology import shown
from atis.core.errors import DomainError
from atis.core.roles import Role

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def astra(make_user):
    return make_user(Role.PARTNER_CASEWORKER, "astra")


def test_a_reply_before_the_memo_was_sent_is_refused(astra, org):
    memo = services.memo_send(actor=astra, recipient=org("pu-novi-sad"), kind="letter",
                              sent_on=TODAY - 20 * DAY)
    entries = AuditEntry.objects.count()
    with pytest.raises(DomainError) as exc:
        services.memo_response(actor=astra, memo=memo, response="written",
                               responded_on=TODAY - 21 * DAY)
    assert shown(TODAY - 20 * DAY) in exc.value.fields["responded_on"][0]
    memo.refresh_from_db()
    assert (memo.response, memo.responded_on, AuditEntry.objects.count()) == ("none", None, entries)
    with pytest.raises(DomainError) as exc:
        services.memo_send(actor=astra, recipient=org("pu-nis"), kind="letter", sent_on=TODAY,
                           due_on=TODAY - DAY)
    assert shown(TODAY) in exc.value.fields["due_on"][0]
    replied = services.memo_response(actor=astra, memo=memo, response="oral")
    assert replied.responded_on == TODAY


def test_meeting_dates_default_to_today_and_tasks_are_not_done_before_the_meeting(make_user, org):
    coordinator = make_user(Role.COORDINATOR_ANALYST)
    group = services.group_create(actor=coordinator, name="Local team", kind="local_team",
                                  convenor=org("csw-nis"))
    with pytest.raises(DomainError) as exc:
        services.meeting_record(actor=coordinator, group=group, organisations=[org("csw-nis")],
                                held_on=TODAY + DAY)
    assert "future" in exc.value.fields["held_on"][0] and not Meeting.objects.exists()
    meeting = services.meeting_record(actor=coordinator, group=group, organisations=[org("csw-nis")],
                                      tasks=[{"description": "Visit", "owner": org("csw-nis"),
                                              "due_on": TODAY + 5 * DAY}])
    assert meeting.held_on == TODAY
    assert abs(meeting.recorded_at - timezone.now()) < datetime.timedelta(minutes=1)
    old = services.meeting_record(actor=coordinator, group=group, organisations=[org("csw-nis")],
                                  held_on=TODAY - 30 * DAY, tasks=[{
                                      "description": "Report", "owner": org("csw-nis"),
                                      "due_on": TODAY - 20 * DAY}])
    task = old.tasks.get()
    with pytest.raises(DomainError) as exc:
        services.meeting_task_done(actor=coordinator, task=task, on=TODAY - 31 * DAY)
    assert shown(TODAY - 30 * DAY) in exc.value.fields["done_on"][0]
    task.refresh_from_db()
    assert task.done_on is None


def test_memo_reply_over_the_api_uses_responded_on(astra, org, api_client_for):
    api = api_client_for(astra)
    made = api.post(reverse("api-memo-create"), {"recipient": "pu-nis", "kind": "letter",
                                                 "sent_on": "2023-05-04"}, format="json")
    assert made.status_code == 201 and made.json()["reference"].startswith("M-2023-")
    url = reverse("api-memo-response", args=[made.json()["id"]])
    refused = api.post(url, {"response": "written", "responded_on": "2023-05-03"}, format="json")
    assert refused.status_code == 400 and "responded_on" in refused.json()["errors"]
    assert Memo.objects.get().response == "none"
    replied = api.post(url, {"response": "written", "responded_on": "2023-06-01"}, format="json")
    assert replied.status_code == 200 and replied.json()["responded_on"] == "2023-06-01"


def test_memo_page_keeps_what_was_typed_after_a_date_error(client, astra, org):
    client.force_login(astra)
    url = reverse("memos")
    assert f'name="sent_on" value="{TODAY.isoformat()}"' in client.get(url).content.decode()
    future = (TODAY + DAY).isoformat()
    page = client.post(url, {"action": "memo", "recipient": org("pu-nis").pk, "kind": "letter",
                             "sent_on": future, "subject": "Request for a joint interview"})
    html = page.content.decode()
    assert page.status_code == 200 and not Memo.objects.exists()
    assert f'name="sent_on" value="{future}"' in html and "Request for a joint interview" in html
