"""The lists of memos and of meetings: filters and order in the address, within what the
selectors let each organisation see; a form saved from a filtered list comes back to it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from atis.coordination import services
from atis.coordination.models import Meeting, Memo
from atis.core.roles import Role

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def memos(make_user, org):
    """Astra's memos: overdue, waiting (not yet due), replied after its due date; and one
    Atina sent to the Niš police, which Astra does not see."""
    astra, atina = make_user(Role.PARTNER_CASEWORKER, "astra"), make_user(Role.PARTNER_CASEWORKER)
    overdue = services.memo_send(actor=astra, recipient=org("pu-novi-sad"), kind="letter",
                                 sent_on=TODAY - 40 * DAY, due_on=TODAY - 10 * DAY)
    waiting = services.memo_send(actor=astra, recipient=org("pu-nis"), kind="request",
                                 sent_on=TODAY - 20 * DAY, due_on=TODAY + 10 * DAY)
    replied = services.memo_send(actor=astra, recipient=org("pu-novi-sad"), kind="referral",
                                 sent_on=TODAY - 5 * DAY, due_on=TODAY - 2 * DAY)
    services.memo_response(actor=astra, memo=replied, response="written", responded_on=TODAY)
    other = services.memo_send(actor=atina, recipient=org("pu-nis"), kind="request",
                               sent_on=TODAY - 3 * DAY, due_on=TODAY + 3 * DAY)
    return astra, overdue, waiting, replied, other


def listed(client, url, query=""):
    response = client.get(url + query)
    assert response.status_code == 200
    return [row.pk for row in response.context["page"]]


def test_memos_are_filtered(client, memos):
    astra, overdue, waiting, replied, _other = memos
    client.force_login(astra)
    url = reverse("memos")
    assert listed(client, url) == [replied.pk, waiting.pk, overdue.pk]
    assert listed(client, url, "?kind=request") == [waiting.pk]
    assert listed(client, url, "?response=written") == [replied.pk]
    assert listed(client, url, "?response=none") == [waiting.pk, overdue.pk]
    # Overdue as the rows say it: no reply past the due date (the replied one is not).
    assert listed(client, url, "?overdue=1") == [overdue.pk]
    assert [m.pk for m in Memo.objects.all() if m.overdue] == [overdue.pk]
    since = (TODAY - 25 * DAY).isoformat()
    assert listed(client, url, f"?sent_from={since}") == [replied.pk, waiting.pk]
    assert listed(client, url, f"?sent_to={since}") == [overdue.pk]
    assert listed(client, url, f"?number={waiting.reference.lower()}") == [waiting.pk]


def test_memos_are_sorted_by_number_sent_and_due_dates(client, memos):
    astra, overdue, waiting, replied, _other = memos
    client.force_login(astra)
    url = reverse("memos")
    by_number = [m.pk for m in sorted((overdue, waiting, replied), key=lambda m: m.reference)]
    assert listed(client, url, "?sort=number") == by_number
    assert listed(client, url, "?sort=-number") == by_number[::-1]
    assert listed(client, url, "?sort=sent") == [overdue.pk, waiting.pk, replied.pk]
    assert listed(client, url, "?sort=-sent") == [replied.pk, waiting.pk, overdue.pk]
    assert listed(client, url, "?sort=due") == [overdue.pk, replied.pk, waiting.pk]
    assert listed(client, url, "?sort=-due") == [waiting.pk, replied.pk, overdue.pk]
    html = client.get(url + "?sort=due&kind=letter").content.decode()
    assert 'aria-sort="ascending"><a class="govuk-link atis-sort" href="?kind=letter&amp;sort=-due"' \
        in html


def test_a_refused_memo_filter_keeps_the_whole_list(client, memos):
    astra, overdue, waiting, replied, _other = memos
    client.force_login(astra)
    response = client.get(reverse("memos") + "?sent_from=soon&kind=letter")
    assert [m.pk for m in response.context["page"]] == [replied.pk, waiting.pk, overdue.pk]
    html = response.content.decode()
    assert "govuk-error-message" in html and 'value="soon"' in html


def test_a_recipient_filters_and_sorts_only_the_memos_it_sees(client, memos, make_user):
    _astra, overdue, waiting, _replied, other = memos
    client.force_login(make_user(Role.POLICE_OFFICER, "pu-nis"))
    url = reverse("memos")
    assert listed(client, url, "?kind=request") == [other.pk, waiting.pk]
    assert listed(client, url, "?sort=sent") == [waiting.pk, other.pk]
    assert listed(client, url, f"?number={overdue.reference}") == []
    assert listed(client, url, "?overdue=1") == []


def test_a_reply_from_a_filtered_list_comes_back_to_it_and_the_rates_stay_whole(client, memos):
    astra, overdue, *_ = memos
    client.force_login(astra)
    url = reverse("memos") + "?overdue=1&sort=sent"
    rates = client.get(url).context["rates"]
    assert sum(r["total"] for r in rates) == 3
    refused = client.post(url, {"action": "response", "memo": overdue.pk, "response": "written",
                                "responded_on": (TODAY - 41 * DAY).isoformat()})
    assert refused.status_code == 200 and "govuk-error-summary" in refused.content.decode()
    assert [m.pk for m in refused.context["page"]] == [overdue.pk]
    done = client.post(url, {"action": "response", "memo": overdue.pk, "response": "oral",
                             "responded_on": TODAY.isoformat()})
    assert done.status_code == 302 and done["Location"] == url
    overdue.refresh_from_db()
    assert overdue.response == "oral"
    after = client.get(url)
    assert list(after.context["page"]) == []
    assert after.context["rates"] == client.get(reverse("memos")).context["rates"]


@pytest.fixture
def meetings(make_user, org):
    """Two groups; the Novi Sad police took part only in the oldest meeting."""
    coordinator = make_user(Role.COORDINATOR_ANALYST)
    team = services.group_create(actor=coordinator, name="Local team Novi Sad",
                                 kind="local_team", convenor=org("centre"))
    conference = services.group_create(actor=coordinator, name="Case conference",
                                       kind="case_conference", convenor=org("centre"))
    oldest = services.meeting_record(actor=coordinator, group=team, held_on=TODAY - 30 * DAY,
                                     organisations=[org("centre"), org("pu-novi-sad")])
    middle = services.meeting_record(actor=coordinator, group=conference,
                                     held_on=TODAY - 10 * DAY, organisations=[org("atina")])
    latest = services.meeting_record(actor=coordinator, group=team, held_on=TODAY - 2 * DAY,
                                     organisations=[org("centre"), org("atina")])
    return coordinator, team, conference, oldest, middle, latest


def test_meetings_are_filtered_and_sorted(client, meetings):
    coordinator, team, conference, oldest, middle, latest = meetings
    client.force_login(coordinator)
    url = reverse("meetings")
    assert listed(client, url) == [latest.pk, middle.pk, oldest.pk]
    assert listed(client, url, "?sort=held") == [oldest.pk, middle.pk, latest.pk]
    assert listed(client, url, f"?group={team.pk}") == [latest.pk, oldest.pk]
    assert listed(client, url, f"?group={conference.pk}&sort=held") == [middle.pk]
    since = (TODAY - 15 * DAY).isoformat()
    assert listed(client, url, f"?held_from={since}") == [latest.pk, middle.pk]
    assert listed(client, url, f"?held_to={since}") == [oldest.pk]
    html = client.get(url).content.decode()
    assert f'<option value="{team.pk}">Local team Novi Sad</option>' in html
    assert '<option value="held">Oldest first</option>' in html


@pytest.mark.parametrize("query", ["?held_to=soon", "?group=999999"])
def test_a_refused_meeting_filter_keeps_the_whole_list(client, meetings, query):
    coordinator, *_, oldest, middle, latest = meetings
    client.force_login(coordinator)
    response = client.get(reverse("meetings") + query)
    assert [m.pk for m in response.context["page"]] == [latest.pk, middle.pk, oldest.pk]
    assert "govuk-error-message" in response.content.decode()


def test_a_participant_filters_only_the_meetings_it_sees(client, meetings, make_user):
    _coordinator, team, conference, oldest, *_ = meetings
    client.force_login(make_user(Role.POLICE_OFFICER, "pu-novi-sad"))
    url = reverse("meetings")
    assert listed(client, url, f"?group={team.pk}") == [oldest.pk]
    assert listed(client, url, f"?group={conference.pk}") == []
    assert listed(client, url, "?sort=held") == [oldest.pk]


def test_the_group_filter_costs_no_query(client, meetings):
    coordinator, team, *_ = meetings
    client.force_login(coordinator)
    url = reverse("meetings")
    client.get(url)

    def queries(query):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url + query).status_code == 200
        return len(captured)

    assert queries(f"?group={team.pk}&sort=held") == queries("")


def test_meeting_and_group_forms_come_back_to_the_filtered_list(client, meetings, org):
    coordinator, team, *_ = meetings
    client.force_login(coordinator)
    url = reverse("meetings") + f"?group={team.pk}"
    done = client.post(url, {"action": "meeting", "group": team.pk, "held_on": TODAY.isoformat(),
                             "organisations": [org("centre").pk]})
    assert done.status_code == 302 and done["Location"] == url
    recorded = Meeting.objects.latest("pk")
    assert recorded.group == team and listed(client, url)[0] == recorded.pk
    created = client.post(url, {"action": "group", "name": "Local team Niš", "kind": "local_team",
                                "convenor": org("centre").pk})
    assert created.status_code == 302 and created["Location"] == url
    assert "Local team Niš" in {g.name for g in client.get(url).context["groups"]}
    refused = client.post(url, {"action": "meeting", "group": team.pk,
                                "held_on": (TODAY + DAY).isoformat(),
                                "organisations": [org("centre").pk]})
    assert refused.status_code == 200 and refused.context["meeting_form"].is_bound
    assert [m.pk for m in refused.context["page"]] == listed(client, url)
