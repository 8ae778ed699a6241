"""The audit trail's page: filters and order in the address (the chain's order unless
`sort` says otherwise)."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from atis.audit import services
from atis.core.roles import Role


@pytest.fixture
def trail(settings, make_user):
    """A manager; `old` (alice, 2 days ago) and `older` (bob, 3 days ago, written after
    `old`), both sealed; `fresh` (carol, now), not sealed yet."""
    settings.AUDIT_SEAL_INLINE = False  # on both databases: nothing seals until asked
    manager = make_user(Role.CENTRE_MANAGER)
    now = timezone.now()
    with time_machine.travel(now - datetime.timedelta(days=2), tick=False):
        old = services.record("alice", "test.one", None, case="V-2026-0001")
    with time_machine.travel(now - datetime.timedelta(days=3), tick=False):
        older = services.record("bob", "test.two", None, case="V-2026-0002")
    services.seal()
    fresh = services.record("carol", "test.three", None)
    return {"manager": manager, "old": old.pk, "older": older.pk, "fresh": fresh.pk}


def _listed(client, query):
    response = client.get(reverse("audit-list") + query)
    assert response.status_code == 200
    return [entry.pk for entry in response.context["page"]]


def test_the_trail_is_sorted_by_its_chain_or_its_time(client, trail):
    old, older, fresh = trail["old"], trail["older"], trail["fresh"]
    client.force_login(trail["manager"])
    assert _listed(client, "?action=test.") == [fresh, older, old]
    assert [pk for pk in _listed(client, "") if pk in (old, older, fresh)] == [fresh, older, old]
    assert _listed(client, "?action=test.&sort=seq") == [old, older, fresh]
    assert _listed(client, "?action=test.&sort=-seq") == [fresh, older, old]
    assert _listed(client, "?action=test.&sort=when") == [older, old, fresh]
    assert _listed(client, "?action=test.&sort=-when") == [fresh, old, older]
    content = client.get(reverse("audit-list") + "?sort=when").content.decode()
    assert 'aria-sort="ascending"' in content and 'href="?sort=-when"' in content


def test_the_trail_is_filtered_and_a_refused_date_keeps_it_whole(client, trail):
    old, older, fresh = trail["old"], trail["older"], trail["fresh"]
    client.force_login(trail["manager"])
    assert _listed(client, "?user=ALICE") == [old]
    assert _listed(client, "?case=V-2026-0002") == [older]
    assert _listed(client, "?action=test.t") == [fresh, older]
    day = (timezone.localdate() - datetime.timedelta(days=2)).isoformat()
    assert _listed(client, f"?action=test.&date_from={day}") == [fresh, old]
    assert _listed(client, f"?action=test.&date_to={day}&sort=when") == [older, old]
    refused = client.get(reverse("audit-list") + "?date_from=soon&user=alice")
    assert [e.pk for e in refused.context["page"]] == _listed(client, "")
    content = refused.content.decode()
    assert "govuk-error-message" in content and 'value="soon"' in content


@pytest.mark.parametrize("role", [Role.CENTRE_CASEWORKER, Role.RAPPORTEUR])
def test_others_are_refused_however_the_trail_is_filtered(client, make_user, trail, role):
    client.force_login(make_user(role))
    assert client.get(reverse("audit-list") + "?user=alice&sort=-when").status_code == 403
