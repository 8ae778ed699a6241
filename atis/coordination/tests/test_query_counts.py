"""The coordination pages read the database a fixed number of times, however many groups,
meetings, memos and contact points they show (issue 12; see atis.core.tests.query_counts:
SELECTs only, audit tables excluded). Their endpoints: atis/core/tests/test_api_query_counts."""

import itertools

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from atis.coordination.models import ContactPoint, CoordinationGroup, Meeting, MeetingTask, Memo
from atis.core.roles import Role
from atis.core.tests.query_counts import counts_stay

TODAY = timezone.localdate()


@pytest.fixture
def world(make_user, victim, org):
    coordinator, police = make_user(Role.COORDINATOR_ANALYST), make_user(Role.POLICE_OFFICER)
    centre, atina = org("centre"), org("atina")
    counter = itertools.count(1)

    def add(n):
        for _ in range(n):
            i = next(counter)
            person, _cw = victim()
            group = CoordinationGroup.objects.create(name=f"Team {i}", kind="local_team",
                                                     convenor=centre, meets_every_days=15)
            meeting = Meeting.objects.create(group=group, held_on=TODAY, recorded_by=coordinator,
                                             minutes="Minutes")
            meeting.organisations.set([centre, atina, police.organisation])
            meeting.cases.set([person])
            MeetingTask.objects.create(meeting=meeting, description="Task", owner=atina,
                                       due_on=TODAY)
            for sender, recipient in ((coordinator.organisation, police.organisation),
                                      (police.organisation, atina)):
                Memo.objects.create(reference=f"M-Q-{i}-{sender.pk}", kind="request",
                                    sender=sender, recipient=recipient, sent_on=TODAY,
                                    subject="Subject", created_by=coordinator)
            ContactPoint.objects.create(organisation=atina, kind="focal_point", function=f"F{i}",
                                        last_confirmed_on=TODAY)

    return {"add": add, "coordinator": coordinator, "police": police,
            "manager": make_user(Role.CENTRE_MANAGER)}


def test_coordination_pages(world):
    cases = {
        "meetings, coordinator": (world["coordinator"], reverse("meetings")),
        "meetings, manager": (world["manager"], reverse("meetings")),
        "meetings, police": (world["police"], reverse("meetings")),
        "memos, coordinator": (world["coordinator"], reverse("memos")),
        "memos, police": (world["police"], reverse("memos")),
        "contacts, coordinator": (world["coordinator"], reverse("contacts")),
        "stale contacts, police": (world["police"], reverse("contacts") + "?stale=1"),
    }
    sqlite = {"meetings, coordinator": 16, "meetings, manager": 16, "meetings, police": 13,
              "memos, coordinator": 12, "memos, police": 12, "contacts, coordinator": 10,
              "stale contacts, police": 8}
    postgresql = {**sqlite, "meetings, coordinator": 17, "meetings, manager": 17}
    assert counts_stay(cases, world["add"]) == (postgresql if connection.vendor == "postgresql"
                                                else sqlite)
