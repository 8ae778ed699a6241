"""API tokens: a maximum lifetime, listed and revoked by their owner (API, page, console)
and by administrators; never shown again after they are made."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from atis.audit.models import AuditEntry
from atis.core import services
from atis.core.roles import Role
from conftest import PASSWORD


def _token(user, **kwargs):
    return services.token_create(actor=None, user=user, **kwargs)


def _with_token(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_the_list_shows_the_callers_own_tokens_and_never_the_token(make_user, api_client_for):
    ana, bob = make_user(Role.REPORTER), make_user(Role.POLICE_OFFICER)
    mine = [_token(ana)[0], _token(ana)[0]]
    _token(bob)
    response = api_client_for(ana).get(reverse("api-tokens"))
    assert response.status_code == 200
    rows = response.json()["results"]
    assert {row["id"] for row in rows} == {t.token_key for t in mine}
    assert all(set(row) == {"id", "user", "created", "expiry"} for row in rows)
    assert {row["user"] for row in rows} == {ana.username}


def test_the_owner_revokes_their_token_and_it_stops_working(make_user):
    user = make_user(Role.REPORTER)
    instance, token = _token(user)
    api = _with_token(token)
    assert api.get(reverse("api-me")).status_code == 200
    response = api.post(reverse("api-token-revoke", args=[instance.token_key]), format="json")
    assert response.status_code == 200 and response.json()["id"] == instance.token_key
    assert not AuthToken.objects.filter(user=user).exists()
    assert api.get(reverse("api-me")).status_code == 401
    entry = AuditEntry.objects.get(action="auth.token_revoked")
    assert entry.actor_id == user.pk and entry.details == {"user": user.pk,
                                                           "token": instance.token_key}


def test_another_users_token_is_not_found(make_user, api_client_for):
    ana, bob = make_user(Role.CENTRE_MANAGER), make_user(Role.REPORTER)
    bobs, _ = _token(bob)
    api = api_client_for(ana)
    assert api.post(reverse("api-token-revoke", args=[bobs.token_key])).status_code == 404
    assert AuthToken.objects.filter(pk=bobs.pk).exists()
    assert api.get(reverse("api-tokens"), {"user": bob.username}).status_code == 403
    assert api.get(reverse("api-tokens"), {"user": ana.username}).status_code == 200
    assert not AuditEntry.objects.filter(action="auth.token_revoked").exists()


def test_an_administrator_lists_and_revokes_anyones_tokens(make_user, api_client_for):
    admin, bob = make_user(Role.ADMIN), make_user(Role.REPORTER)
    bobs, _ = _token(bob)
    api = api_client_for(admin)
    rows = api.get(reverse("api-tokens"), {"user": bob.username}).json()["results"]
    assert [row["id"] for row in rows] == [bobs.token_key]
    assert api.get(reverse("api-tokens")).json()["results"] == []  # their own: none
    assert api.post(reverse("api-token-revoke", args=[bobs.token_key])).status_code == 200
    assert not AuthToken.objects.filter(user=bob).exists()
    assert AuditEntry.objects.get(action="auth.token_revoked").actor_id == admin.pk


def test_a_token_past_the_maximum_lifetime_is_refused_whatever_its_expiry(make_user, settings):
    user = make_user(Role.REPORTER)
    # A token made with a long expiry (say, before ATIS_TOKEN_HOURS was lowered).
    old, token = AuthToken.objects.create(user, expiry=timedelta(days=30))
    api = _with_token(token)
    assert api.get(reverse("api-me")).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(hours=settings.TOKEN_HOURS, minutes=1)):
        response = api.get(reverse("api-me"))
        assert response.status_code == 401 and "maximum lifetime" in response.json()["detail"]
        assert not AuthToken.objects.filter(pk=old.pk).exists()
        assert api_list(user) == []


def api_list(user):
    api = APIClient()
    api.force_authenticate(user)
    return api.get(reverse("api-tokens")).json()["results"]


def test_every_new_token_is_capped_at_the_maximum_lifetime(make_user, settings, capsys):
    settings.TOKEN_HOURS = 10
    user = make_user(Role.POLICE_OFFICER)
    instance, _ = _token(user, hours=1000)
    assert instance.expiry - instance.created <= timedelta(hours=10, seconds=1)
    response = APIClient().post(reverse("api-token"), {"username": user.username,
                                                       "password": PASSWORD}, format="json")
    assert response.status_code == 200
    made = AuthToken.objects.get(token_key=response.json()["token"][:15])
    assert made.expiry - made.created <= timedelta(hours=10, seconds=1)
    call_command("tokens", "create", "--user", user.username, "--days", "30")
    captured = capsys.readouterr()
    assert "capped" in captured.err
    cli = AuthToken.objects.get(token_key=captured.out.strip()[:15])
    assert cli.expiry - cli.created <= timedelta(hours=10, seconds=1)


@pytest.mark.parametrize("role", list(Role))
def test_token_endpoints_by_role(make_user, api_client_for, role):
    """Every role lists and revokes its own tokens; only administrators another's."""
    user, other = make_user(role), make_user(Role.REPORTER)
    own, _ = _token(user)
    others, _ = _token(other)
    api = api_client_for(user)
    assert [r["id"] for r in api.get(reverse("api-tokens")).json()["results"]] == [own.token_key]
    listing = api.get(reverse("api-tokens"), {"user": other.username})
    revoking = api.post(reverse("api-token-revoke", args=[others.token_key]))
    if role == Role.ADMIN:
        assert (listing.status_code, revoking.status_code) == (200, 200)
    else:
        assert (listing.status_code, revoking.status_code) == (403, 404)
    assert api.post(reverse("api-token-revoke", args=[own.token_key])).status_code == 200


def test_token_endpoints_need_a_signed_in_user(db):
    assert APIClient().get(reverse("api-tokens")).status_code == 401
    assert APIClient().post(reverse("api-token-revoke", args=["abc"])).status_code == 401


def test_a_user_whose_membership_ended_lists_nothing(make_user, api_client_for):
    user = make_user(Role.REPORTER)
    _token(user)
    services.membership_end(actor=None, user=user)
    assert api_client_for(user).get(reverse("api-tokens")).json()["results"] == []


def test_the_page_lists_and_revokes_with_csrf(make_user):
    user, other = make_user(Role.REPORTER), make_user(Role.REPORTER)
    own, _ = _token(user)
    others, _ = _token(other)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    page = browser.get(reverse("my-tokens"))
    assert page.status_code == 200
    html = page.content.decode()
    assert own.token_key in html and others.token_key not in html
    assert browser.post(reverse("my-token-revoke", args=[own.token_key])).status_code == 403
    csrf = page.cookies["csrftoken"].value
    response = browser.post(reverse("my-token-revoke", args=[own.token_key]),
                            {"csrfmiddlewaretoken": csrf})
    assert response.status_code == 302 and not AuthToken.objects.filter(pk=own.pk).exists()
    browser.post(reverse("my-token-revoke", args=[others.token_key]), {"csrfmiddlewaretoken": csrf})
    assert AuthToken.objects.filter(pk=others.pk).exists()
    assert browser.get(reverse("my-token-revoke", args=[own.token_key])).status_code == 405


def test_the_page_needs_sign_in(client):
    assert client.get(reverse("my-tokens")).status_code == 302


def test_the_console_lists_and_revokes_a_users_tokens(make_user, capsys):
    user = make_user(Role.REPORTER)
    first, _ = _token(user)
    second, _ = _token(user)
    call_command("tokens", "list", "--user", user.username)
    out = capsys.readouterr().out
    assert first.token_key in out and second.token_key in out
    call_command("tokens", "revoke", "--user", user.username, "--id", first.token_key)
    assert "revoked: 1" in capsys.readouterr().out
    assert list(AuthToken.objects.filter(user=user)) == [second]
    call_command("tokens", "revoke", "--user", user.username, "--all")
    assert not AuthToken.objects.filter(user=user).exists()
    assert AuditEntry.objects.filter(action="auth.token_revoked", actor_username="cli").count() == 2


def test_a_bad_user_parameter_is_a_400_naming_it(make_user, api_client_for):
    api = api_client_for(make_user(Role.ADMIN))
    for value in ["a\x00b", "x" * 151]:
        response = api.get(reverse("api-tokens"), {"user": value})
        assert response.status_code == 400 and "user" in response.json()["errors"], value
