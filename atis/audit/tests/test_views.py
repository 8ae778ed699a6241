import pytest
from django.urls import reverse

from atis.audit import services
from atis.core.roles import Role


@pytest.fixture
def entries(make_user):
    services.record("alice", "person.view_identity", None, case="V-2026-0001")
    services.record("bob", "person.create", None, case="V-2026-0002")


def test_manager_filters_the_trail_by_user_case_and_action(client, make_user, entries):
    client.force_login(make_user(Role.CENTRE_MANAGER))
    content = client.get(reverse("audit-list"), {"user": "alice"}).content.decode()
    assert "V-2026-0001" in content and "V-2026-0002" not in content
    content = client.get(reverse("audit-list"), {"case": "V-2026-0002"}).content.decode()
    assert "person.create" in content and "V-2026-0001" not in content
    content = client.get(reverse("audit-list"), {"action": "person.view"}).content.decode()
    assert "V-2026-0001" in content and "V-2026-0002" not in content


def test_date_filter(client, make_user, entries):
    client.force_login(make_user(Role.CENTRE_MANAGER))
    content = client.get(reverse("audit-list"), {"date_to": "2000-01-01"}).content.decode()
    assert "V-2026-0001" not in content and "No entries match" in content


@pytest.mark.parametrize("role", [r for r in Role if r != Role.CENTRE_MANAGER])
def test_only_managers_read_the_trail(client, api_client_for, make_user, role, entries):
    user = make_user(role)
    client.force_login(user)
    assert client.get(reverse("audit-list")).status_code == 403
    assert api_client_for(user).get(reverse("api-audit")).status_code == 403


def test_api_lists_entries_for_managers(api_client_for, make_user, entries):
    response = api_client_for(make_user(Role.CENTRE_MANAGER)).get(reverse("api-audit"),
                                                                  {"case": "V-2026-0001"})
    assert response.status_code == 200
    assert [e["action"] for e in response.json()["results"]] == ["person.view_identity"]
