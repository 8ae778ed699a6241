"""Lock-out after repeated failed sign-ins (django-axes, state in the database), for the web
form, the admin and the API token endpoint; the client address only from a trusted proxy;
the token throttle in the shared cache; unlocking by an administrator."""

import datetime
import ipaddress

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from atis.audit.models import AuditEntry
from atis.core.client_ip import client_ip
from atis.core.roles import Role
from conftest import PASSWORD

LIMIT = 5


def sign_in(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def fail(username, times=LIMIT, **extra):
    """`times` wrong passwords, each from a fresh client (as if from another worker)."""
    responses = [sign_in(Client(), username, "wrong-password", **extra) for _n in range(times)]
    return responses[-1]


def test_cache_is_shared_not_process_memory(db, settings):
    assert "LocMem" not in settings.CACHES["default"]["BACKEND"]
    cache.set("probe", 1)
    assert cache.get("probe") == 1


def test_lockout_after_failures_refuses_the_right_password_from_another_process(make_user):
    user = make_user(Role.CENTRE_CASEWORKER)
    response = sign_in(Client(), user.username, "wrong-password")
    assert response.status_code == 200 and b"correct username and password" in response.content
    last = fail(user.username, LIMIT - 1)
    assert last.status_code == 429
    assert b"Too many failed sign-ins" in last.content and b"Traceback" not in last.content
    # The count is in the database: a fresh client (another worker, another server) is
    # refused even with the right password.
    assert AccessAttempt.objects.filter(username=user.username).exists()
    fresh = Client()
    response = sign_in(fresh, user.username, PASSWORD)
    assert response.status_code == 429 and b"Account locked" in response.content
    assert "_auth_user_id" not in fresh.session
    assert AuditEntry.objects.filter(action="auth.locked_out", actor_id=user.pk).exists()
    failed = AuditEntry.objects.filter(action="auth.login_failed", actor_id=user.pk)
    assert failed.count() >= LIMIT
    assert all("wrong-password" not in str(e.details) for e in failed)


def test_other_accounts_are_not_locked(make_user):
    locked, other = make_user(Role.REPORTER), make_user(Role.REPORTER)
    fail(locked.username)
    assert sign_in(Client(), other.username, PASSWORD).status_code == 302


def test_lockout_ends_after_the_cool_off(make_user):
    user = make_user(Role.REPORTER)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fail(user.username)
        assert sign_in(Client(), user.username, PASSWORD).status_code == 429
    with time_machine.travel(start + datetime.timedelta(minutes=31), tick=False):
        assert sign_in(Client(), user.username, PASSWORD).status_code == 302


@override_settings(AXES_FAILURE_LIMIT=2)
def test_limit_is_configurable(make_user):
    user = make_user(Role.REPORTER)
    assert fail(user.username, 2).status_code == 429


def test_untrusted_forwarded_for_does_not_change_the_identity(make_user):
    user = make_user(Role.REPORTER)
    for n in range(LIMIT):
        sign_in(Client(), user.username, "wrong", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}
    response = sign_in(Client(), user.username, PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert response.status_code == 429


@override_settings(TRUSTED_PROXIES=[ipaddress.ip_network("127.0.0.0/8")])
def test_trusted_proxy_forwarded_for_is_honoured(make_user):
    user = make_user(Role.REPORTER)
    sign_in(Client(), user.username, "wrong", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.7"]


@pytest.mark.parametrize(("remote", "forwarded", "expected"), [
    ("198.51.100.1", "", "198.51.100.1"),                       # no proxy
    ("198.51.100.1", "203.0.113.7", "198.51.100.1"),            # untrusted sender: ignored
    ("10.0.0.2", "203.0.113.7", "203.0.113.7"),                 # trusted proxy
    ("10.0.0.2", "1.2.3.4, 203.0.113.7", "203.0.113.7"),        # client-forged hop ignored
    ("10.0.0.2", "203.0.113.7, 10.0.0.3", "203.0.113.7"),       # two trusted proxies
    ("10.0.0.2", "garbage, 203.0.113.7", "203.0.113.7"),
    ("10.0.0.2", "not-an-ip", "10.0.0.2"),                      # malformed: the proxy
    ("10.0.0.2", "", "10.0.0.2"),
])
def test_client_ip(remote, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(TRUSTED_PROXIES=[ipaddress.ip_network("10.0.0.0/24")]):
        assert client_ip(request) == expected


def token(username, password, **extra):
    return APIClient().post(reverse("api-token"), {"username": username, "password": password},
                            format="json", **extra)


def test_token_endpoint_locks_out_with_json(make_user):
    user = make_user(Role.REPORTER)
    for _n in range(LIMIT - 1):
        assert token(user.username, "wrong").status_code == 400
    response = token(user.username, "wrong")
    assert response.status_code == 429
    body = response.json()
    assert "Too many failed sign-ins" in body["detail"] and "errors" in body
    response = token(user.username, PASSWORD)
    assert response.status_code == 429 and response["Content-Type"] == "application/json"


def test_web_failures_lock_the_token_endpoint_too(make_user):
    user = make_user(Role.REPORTER)
    fail(user.username)
    assert token(user.username, PASSWORD).status_code == 429


def test_admin_login_locks_out(make_user):
    user = make_user(Role.ADMIN)
    for _n in range(LIMIT):
        Client().post(reverse("admin:login"), {"username": user.username, "password": "wrong"})
    response = Client().post(reverse("admin:login"),
                             {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429 and b"Account locked" in response.content


def test_token_throttle_counts_in_the_shared_cache_despite_forged_forwarded_for(db):
    # Unknown usernames, one per request, so that the lock-out does not answer first.
    statuses = [token(f"nobody-{n}", "wrong", HTTP_X_FORWARDED_FOR=f"10.1.1.{n}").status_code
                for n in range(11)]
    assert statuses[:10] == [400] * 10 and statuses[10] == 429


@override_settings(TRUSTED_PROXIES=[ipaddress.ip_network("127.0.0.1/32")])
def test_token_throttle_behind_a_trusted_proxy_counts_per_client(db):
    statuses = [token(f"nobody-{n}", "wrong", HTTP_X_FORWARDED_FOR="203.0.113.1").status_code
                for n in range(11)]
    assert statuses[:10] == [400] * 10 and statuses[10] == 429
    assert token("nobody-x", "wrong", HTTP_X_FORWARDED_FOR="203.0.113.2").status_code == 400


def test_administrator_lists_and_unlocks(client, make_user):
    user, admin = make_user(Role.REPORTER), make_user(Role.ADMIN)
    fail(user.username)
    client.force_login(admin)
    page = client.get(reverse("lockouts"))
    assert page.status_code == 200 and f'data-username="{user.username}"'.encode() in page.content
    response = client.post(reverse("lockouts"), {"username": user.username})
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(action="auth.unlock").latest("seq")
    assert entry.actor_id == admin.pk and entry.object_id == str(user.pk)
    assert f'data-username="{user.username}"'.encode() not in client.get(reverse("lockouts")).content
    assert sign_in(Client(), user.username, PASSWORD).status_code == 302


def test_unlock_form_keeps_nothing_wrong(client, make_user):
    client.force_login(make_user(Role.ADMIN))
    assert client.post(reverse("lockouts"), {"username": ""}).status_code == 400


@pytest.mark.parametrize("role", [Role.CENTRE_MANAGER, Role.REPORTER])
def test_only_administrators_unlock(client, make_user, role):
    user = make_user(Role.REPORTER)
    fail(user.username)
    client.force_login(make_user(role))
    assert client.get(reverse("lockouts")).status_code == 403
    assert client.post(reverse("lockouts"), {"username": user.username}).status_code == 403
    assert AccessAttempt.objects.filter(username=user.username).exists()
