"""A meeting's agenda names persons (pseudonyms): only its participants, the organisers
and the Centre see it; police and partners who did not take part see nothing of it."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from atis.coordination import selectors, services
from atis.core.roles import Role

NOW = datetime.datetime(2026, 5, 4, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def two_meetings(make_user, make_person, org):
    """One the Novi Sad police took part in, one it did not; each reviews a case."""
    with time_machine.travel(NOW, tick=False):
        manager = make_user(Role.CENTRE_MANAGER)
        group = services.group_create(actor=manager, name="Local team Novi Sad", kind="local_team",
                                      convenor=org("centre"))
        attended_case, other_case = make_person(actor=manager), make_person(actor=manager)
        attended = services.meeting_record(actor=manager, group=group,
                                           organisations=[org("centre"), org("pu-novi-sad")],
                                           cases=[attended_case.pseudonym])
        other = services.meeting_record(actor=manager, group=group,
                                        organisations=[org("centre"), org("atina")],
                                        cases=[other_case.pseudonym])
    return attended, other, attended_case, other_case


def test_only_participants_organisers_and_the_centre_see_a_meeting(two_meetings, make_user):
    attended, other, *_ = two_meetings
    police = make_user(Role.POLICE_OFFICER, "pu-novi-sad")
    astra = make_user(Role.PARTNER_CASEWORKER, "astra")
    atina = make_user(Role.PARTNER_CASEWORKER, "atina")
    with time_machine.travel(NOW, tick=False):
        assert list(selectors.meetings(user=police)) == [attended]
        assert list(selectors.meetings(user=atina)) == [other]
        assert list(selectors.meetings(user=astra)) == []
        for insider in (make_user(Role.CENTRE_CASEWORKER), make_user(Role.COORDINATOR_ANALYST)):
            assert set(selectors.meetings(user=insider)) == {attended, other}


def test_agenda_pseudonyms_of_other_meetings_never_reach_police(two_meetings, make_user,
                                                                api_client_for, client):
    attended, _other, attended_case, other_case = two_meetings
    police = make_user(Role.POLICE_OFFICER, "pu-novi-sad")
    with time_machine.travel(NOW, tick=False):
        listed = api_client_for(police).get(reverse("api-meetings")).json()
        assert [m["id"] for m in listed["results"]] == [attended.pk]
        assert listed["results"][0]["cases"] == [attended_case.pseudonym]
        client.force_login(police)
        page = client.get(reverse("meetings")).content.decode()
        assert attended_case.pseudonym in page and other_case.pseudonym not in page
        client.force_login(make_user(Role.PROSECUTOR, "hppo-novi-sad"))
        page = client.get(reverse("meetings")).content.decode()
        assert attended_case.pseudonym not in page and other_case.pseudonym not in page
