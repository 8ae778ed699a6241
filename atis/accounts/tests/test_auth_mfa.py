"""Two-step verification (TOTP with recovery codes): enrolment, the code step at sign-in,
recovery codes used once, the policy for roles that see identities, and the API."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken
from rest_framework.test import APIClient

from atis.accounts import mfa
from atis.accounts.tests.helpers import enrol, totp_code
from atis.audit.models import AuditEntry
from atis.core.roles import Role
from conftest import PASSWORD

required = pytest.mark.usefixtures("mfa_required")


@pytest.fixture
def mfa_required(settings):
    settings.MFA_POLICY = "required"


def signed_in(user) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


@required
@pytest.mark.parametrize("role", sorted(mfa.MFA_ROLES))
def test_required_roles_are_sent_to_enrolment_first(client, make_user, role):
    client.force_login(make_user(role))
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa-enrol") + "?next=")
    assert client.get(reverse("mfa-enrol")).status_code == 200


@required
@pytest.mark.parametrize("role", [Role.REPORTER, Role.POLICE_OFFICER, Role.RAPPORTEUR])
def test_roles_without_identities_are_not_forced(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get(reverse("dashboard")).status_code == 200


def test_optional_policy_forces_no_one(client, make_user):
    client.force_login(make_user(Role.CENTRE_CASEWORKER))
    assert client.get(reverse("dashboard")).status_code == 200


def test_policy_covers_every_role_that_sees_identities():
    assert {Role.CENTRE_CASEWORKER, Role.CENTRE_MANAGER, Role.SHELTER_STAFF,
            Role.PARTNER_CASEWORKER, Role.ADMIN} == mfa.MFA_ROLES


@required
def test_api_refuses_unenrolled_session_and_token_with_json_403(client, make_user):
    user = make_user(Role.CENTRE_CASEWORKER)
    client.force_login(user)
    response = client.get(reverse("api-me"))
    assert response.status_code == 403 and "Two-step verification" in response.json()["detail"]
    _instance, token = AuthToken.objects.create(user)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get(reverse("api-me")).status_code == 403
    reporter = make_user(Role.REPORTER)
    api.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(reporter)[1]}")
    assert api.get(reverse("api-me")).status_code == 200


def test_api_refuses_a_session_that_skipped_the_code(make_user):
    user = make_user(Role.REPORTER)
    enrol(user)
    client = signed_in(user)
    assert client.get(reverse("api-me")).status_code == 403


@required
def test_enrolment_with_qr_code_wrong_then_right_code(client, make_user):
    user = make_user(Role.CENTRE_CASEWORKER)
    client.force_login(user)
    page = client.get(reverse("mfa-enrol"))
    content = page.content.decode()
    assert '<svg role="img"' in content and 'id="secret"' in content
    assert "<script" not in content.split("<main", 1)[1] and "style=" not in content
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        response = client.post(reverse("mfa-enrol"), {"code": "000000"})
    assert response.status_code == 400 and b"This code is not right" in response.content
    assert b'value="000000"' not in response.content
    device.refresh_from_db()
    assert not device.confirmed
    assert AuditEntry.objects.filter(action="auth.mfa_failed", actor_id=user.pk).exists()
    with time_machine.travel(start + datetime.timedelta(seconds=5), tick=False):
        response = client.post(reverse("mfa-enrol"), {"code": totp_code(device), "next": "/"})
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(code in response.content.decode() for code in codes)
    device.refresh_from_db()
    assert device.confirmed and mfa.recovery_left(user) == 10
    assert AuditEntry.objects.filter(action="auth.mfa_enrolled", actor_id=user.pk).exists()
    assert all(code not in str(e.details) for e in AuditEntry.objects.all() for code in codes)
    assert client.get(reverse("dashboard")).status_code == 200   # verified by enrolment
    # Set up once: the page now sends to the account page.
    assert client.get(reverse("mfa-enrol"))["Location"] == reverse("account")


@required
def test_sign_in_asks_for_the_code_and_accepts_the_right_one(make_user):
    user = make_user(Role.CENTRE_CASEWORKER)
    device, _codes = enrol(user)
    client = signed_in(user)
    response = client.get(reverse("dashboard"))
    assert response["Location"].startswith(reverse("mfa-verify"))
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        response = client.post(reverse("mfa-verify"), {"code": "123456", "next": "/"})
    assert response.status_code == 400 and b"This code is not right" in response.content
    assert client.get(reverse("dashboard")).status_code == 302
    with time_machine.travel(start + datetime.timedelta(seconds=5), tick=False):
        response = client.post(reverse("mfa-verify"), {"code": totp_code(device, 30),
                                                       "next": "/people/"})
    assert response.status_code == 302 and response["Location"] == "/people/"
    assert client.get(reverse("dashboard")).status_code == 200
    assert AuditEntry.objects.filter(action="auth.mfa_verified", actor_id=user.pk).exists()


def test_an_enrolled_user_needs_the_code_even_when_optional(make_user):
    user = make_user(Role.REPORTER)
    enrol(user)
    client = signed_in(user)
    assert client.get(reverse("dashboard"))["Location"].startswith(reverse("mfa-verify"))


def test_code_step_refuses_an_offsite_next(make_user):
    user = make_user(Role.REPORTER)
    device, _codes = enrol(user)
    client = signed_in(user)
    response = client.post(reverse("mfa-verify"), {"code": totp_code(device, 30),
                                                   "next": "https://evil.example/"})
    assert response["Location"] == reverse("dashboard")


def test_recovery_code_works_once(make_user):
    user = make_user(Role.SHELTER_STAFF)
    _device, codes = enrol(user)
    client = signed_in(user)
    response = client.post(reverse("mfa-verify"), {"code": codes[0].upper()})
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200
    assert mfa.recovery_left(user) == 9
    entry = AuditEntry.objects.filter(action="auth.recovery_code_used").latest("seq")
    assert entry.actor_id == user.pk and entry.details["recovery_codes_left"] == 9
    again = signed_in(user)
    response = again.post(reverse("mfa-verify"), {"code": codes[0]})
    assert response.status_code == 400
    assert again.get(reverse("dashboard")).status_code == 302


def test_regenerating_recovery_codes_replaces_the_old_ones(make_user):
    user = make_user(Role.REPORTER)
    _device, old = enrol(user)
    client = signed_in(user)
    client.post(reverse("mfa-verify"), {"code": old[0]})
    assert client.get(reverse("mfa-recovery")).status_code == 200
    response = client.post(reverse("mfa-recovery"))
    new = response.context["codes"]
    assert len(new) == 10 and not set(new) & set(old)
    assert set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) \
        == set(new)
    assert AuditEntry.objects.filter(action="auth.recovery_codes_created",
                                     actor_id=user.pk).exists()


def test_account_page_shows_the_state(client, make_user):
    user = make_user(Role.REPORTER)
    client.force_login(user)
    assert reverse("mfa-enrol").encode() in client.get(reverse("account")).content


def token(user, **extra):
    return APIClient().post(reverse("api-token"), {"username": user.username,
                                                   "password": PASSWORD, **extra},
                            format="json")


def test_token_endpoint_needs_the_code_once_enrolled(make_user):
    user = make_user(Role.CENTRE_CASEWORKER)
    device, codes = enrol(user)
    response = token(user)
    assert response.status_code == 400 and "otp" in response.json()["errors"]
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        response = token(user, otp="000000")
    assert response.status_code == 400 and "otp" in response.json()["errors"]
    with time_machine.travel(start + datetime.timedelta(seconds=5), tick=False):
        response = token(user, otp=totp_code(device, 30))
    assert response.status_code == 200 and response.json()["token"]
    assert token(user, otp=codes[1]).status_code == 200
    assert token(user, otp=codes[1]).status_code == 400


@required
def test_token_endpoint_refuses_an_unenrolled_required_role(make_user):
    response = token(make_user(Role.PARTNER_CASEWORKER))
    assert response.status_code == 400 and "otp" in response.json()["errors"]
    assert token(make_user(Role.PROSECUTOR)).status_code == 200


@required
def test_enrolled_token_is_accepted_by_the_api(make_user):
    user = make_user(Role.CENTRE_MANAGER)
    device, _codes = enrol(user)
    api = APIClient()
    key = token(user, otp=totp_code(device, 30)).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get(reverse("api-me")).status_code == 200
