"""Sign-in, dashboards, languages, error pages and security headers."""

import pytest
from django.urls import reverse

from atis.audit.models import AuditEntry
from atis.core.roles import Role
from atis.web.dashboards import WIDGETS
from conftest import PASSWORD


def test_sign_in_page_renders(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b"Sign in to ATIS" in response.content


def test_wrong_password_gets_a_clear_message_and_is_audited(client, make_user):
    user = make_user(Role.CENTRE_CASEWORKER)
    response = client.post(reverse("login"), {"username": user.username, "password": "nope"})
    assert response.status_code == 200
    assert b"correct username and password" in response.content
    entry = AuditEntry.objects.filter(action="auth.login_failed").latest("seq")
    assert entry.actor_id == user.pk


def test_failed_sign_in_of_unknown_user_does_not_record_what_was_typed(client, reference_data):
    client.post(reverse("login"), {"username": "Jelena Petrović", "password": "x"})
    entry = AuditEntry.objects.filter(action="auth.login_failed").latest("seq")
    assert entry.actor_username == "system" and entry.details == {"known_user": False}
    assert "Petrovi" not in str(entry.__dict__)


@pytest.mark.parametrize("role", list(Role))
def test_every_role_signs_in_to_its_own_dashboard(client, make_user, role):
    user = make_user(role)
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD},
                           follow=True)
    assert response.status_code == 200
    content = response.content.decode()
    assert f'data-role="{role}"' in content
    for title, _provider in WIDGETS[role]:
        assert str(title) in content
    assert AuditEntry.objects.filter(action="auth.login", actor_id=user.pk).exists()


def test_dashboard_requires_sign_in(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("language, expected", [
    ("en", "Sign in to ATIS"), ("sr-latn", "Prijava na ATIS"), ("sr", "Пријава на АТИС")])
def test_pages_speak_three_languages(client, language, expected):
    client.post(reverse("set_language"), {"language": language, "next": "/login/"})
    assert expected in client.get(reverse("login")).content.decode()


def test_menu_shows_only_what_the_role_may_open(client, make_user):
    client.force_login(make_user(Role.POLICE_OFFICER))
    content = client.get(reverse("dashboard")).content.decode()
    assert reverse("audit-list") not in content and reverse("person-list") not in content
    client.force_login(make_user(Role.CENTRE_MANAGER))
    content = client.get(reverse("dashboard")).content.decode()
    assert reverse("audit-list") in content and reverse("person-list") in content


def test_security_headers(client):
    response = client.get(reverse("login"), secure=True)
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "max-age=31536000" in response["Strict-Transport-Security"]


def test_errors_are_plain_pages_not_debug_output(client, make_user):
    client.force_login(make_user(Role.CENTRE_CASEWORKER))
    response = client.get("/people/V-2020-9999/")
    assert response.status_code == 404
    assert b"Traceback" not in response.content and b"Not found" in response.content
    response = client.get(reverse("audit-list"))
    assert response.status_code == 403 and b"Access denied" in response.content
