"""Password change (validators, audit, other sessions signed out) and the idle timeout."""

import datetime

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from atis.audit.models import AuditEntry
from atis.core.roles import Role
from conftest import PASSWORD

NEW = "A-much-better-passphrase-42"


def signed_in(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def change(client, old=PASSWORD, new=NEW, again=None):
    return client.post(reverse("password-change"), {
        "old_password": old, "new_password1": new, "new_password2": again or new})


def test_password_change_keeps_this_session_and_ends_the_others(make_user):
    user = make_user(Role.CENTRE_CASEWORKER)
    here, elsewhere = signed_in(user), signed_in(user)
    response = change(here)
    assert response.status_code == 302 and response["Location"] == reverse("account")
    assert here.get(reverse("dashboard")).status_code == 200
    assert elsewhere.get(reverse("dashboard"))["Location"].startswith(reverse("login"))
    assert Client().login(username=user.username, password=NEW)
    entry = AuditEntry.objects.filter(action="auth.password_changed").latest("seq")
    assert entry.actor_id == user.pk and NEW not in str(entry.details)


def test_password_change_refuses_wrong_old_password_and_weak_new_one(make_user):
    user = make_user(Role.REPORTER)
    client = signed_in(user)
    response = change(client, old="not-my-password")
    assert response.status_code == 400 and "old_password" in response.context["form"].errors
    response = change(client, new="short")
    assert response.status_code == 400
    assert "too short" in str(response.context["form"].errors["new_password2"])
    response = change(client, again="Something-else-entirely-9")
    assert response.status_code == 400
    assert NEW.encode() not in response.content and PASSWORD.encode() not in response.content
    assert not AuditEntry.objects.filter(action="auth.password_changed").exists()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_change_needs_sign_in(client, db):
    assert client.get(reverse("password-change"))["Location"].startswith(reverse("login"))


def test_idle_session_ends_and_the_next_page_says_so(make_user, settings):
    settings.IDLE_MINUTES = 30
    user = make_user(Role.REPORTER)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = Client()
        client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
        assert client.get(reverse("dashboard")).status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=20), tick=False):
        assert client.get(reverse("dashboard")).status_code == 200   # activity resets the clock
    with time_machine.travel(start + datetime.timedelta(minutes=45), tick=False):
        assert client.get(reverse("dashboard")).status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=76), tick=False):
        response = client.get(reverse("dashboard"), follow=True)
        assert response.redirect_chain[-1][0].startswith(reverse("login"))
        assert b"Your session expired after 30 minutes without activity" in response.content
        assert "_auth_user_id" not in client.session
        assert client.get(reverse("dashboard")).status_code == 302


def test_idle_session_api_call_is_unauthenticated(make_user):
    user = make_user(Role.REPORTER)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = Client()
        client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
        assert client.get(reverse("api-me")).status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=31), tick=False):
        assert client.get(reverse("api-me")).status_code in (401, 403)


def test_token_authentication_has_no_idle_timeout(make_user):
    user = make_user(Role.REPORTER)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        key = AuthToken.objects.create(user)[1]
    with time_machine.travel(start + datetime.timedelta(hours=2), tick=False):
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        assert api.get(reverse("api-me")).status_code == 200


def test_idle_minutes_setting_is_honoured(make_user, settings):
    settings.IDLE_MINUTES = 5
    user = make_user(Role.REPORTER)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = Client()
        client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    with time_machine.travel(start + datetime.timedelta(minutes=6), tick=False):
        assert client.get(reverse("dashboard"))["Location"].startswith(reverse("login"))
