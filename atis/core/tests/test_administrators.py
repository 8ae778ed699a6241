"""Administrators are staff, not superusers; a role that sees identities (or the
administrator role) is granted, and two-step verification reset, only when a second
administrator approves (four eyes); everything is audited."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from atis.audit.models import AuditEntry
from atis.core import administrators, services
from atis.core.errors import AccessDenied, DomainError
from atis.core.models import AdminRequest, Membership, User
from atis.core.roles import Role

CHANGELISTS = ["core_user", "core_membership", "core_organisation", "core_team",
               "core_adminrequest", "reference_term", "reference_country", "reference_language"]


@pytest.fixture
def two_admins(make_user):
    return make_user(Role.ADMIN, username="admin-a"), make_user(Role.ADMIN, username="admin-b")


def _grant_form(client, user, role, org, **extra):
    return client.post(reverse("admin:core_membership_add"), {
        "user": user.pk, "organisation": org.pk, "role": role, "team": "", **extra})


def _act(client, model, action, pks):
    return client.post(reverse(f"admin:core_{model}_changelist"),
                       {"action": action, "_selected_action": [str(pk) for pk in pks]})


def test_administrators_are_staff_with_exactly_the_group_permissions(make_user):
    admin = make_user(Role.ADMIN)
    assert admin.is_staff and not admin.is_superuser
    assert User.objects.get(pk=admin.pk).get_all_permissions() == administrators.permission_codes()
    # The group the migration made holds what the code lists, no more, no less.
    group = Group.objects.get(name=administrators.GROUP_NAME)
    assert {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()} == \
        administrators.permission_codes()
    assert not any(code.split(".")[1].startswith("delete_") for code in
                   administrators.permission_codes())


def test_the_admin_site_works_for_an_administrator(client, make_user):
    client.force_login(make_user(Role.ADMIN))
    index = client.get(reverse("admin:index")).content.decode()
    for name in CHANGELISTS:
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200, name
        assert f"/admin/{name.replace('_', '/', 1)}/" in index, name
    assert client.get(reverse("admin:core_membership_add")).status_code == 200
    assert client.get(reverse("admin:core_user_add")).status_code == 200
    # Groups, permissions and tokens are not theirs to edit, nor is any case content.
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403
    assert client.get(reverse("admin:knox_authtoken_changelist")).status_code == 403
    assert "/admin/auth/" not in index and "/admin/people/" not in index


def test_migration_takes_the_superuser_flag_from_existing_administrators(make_user):
    admin = make_user(Role.ADMIN)
    operator = User.objects.create(username="break-glass", is_superuser=True, is_staff=True)
    User.objects.filter(pk=admin.pk).update(is_superuser=True)
    admin.groups.clear()
    migration = importlib.import_module("atis.core.migrations.0005_administrators_not_superusers")
    migration.forwards(django_apps, None)
    admin.refresh_from_db()
    assert admin.is_staff and not admin.is_superuser
    assert admin.groups.filter(name=administrators.GROUP_NAME).exists()
    operator.refresh_from_db()
    assert operator.is_superuser  # the operator's break-glass account (no membership) stays


def test_an_administrator_cannot_give_themself_a_centre_role(client, two_admins, org):
    admin, _other = two_admins
    client.force_login(admin)
    response = _grant_form(client, admin, Role.CENTRE_MANAGER, org("centre"),
                           reason="covering the manager's leave")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:core_adminrequest_changelist")
    admin.refresh_from_db()
    assert admin.role == Role.ADMIN and Membership.objects.filter(user=admin).count() == 1
    request = AdminRequest.objects.get()
    assert (request.kind, request.target, request.role, request.status, request.requested_by) == \
        ("grant_role", admin, Role.CENTRE_MANAGER, "pending", admin)
    entry = AuditEntry.objects.get(action="admin.request")
    assert entry.actor_id == admin.pk and entry.details["role"] == Role.CENTRE_MANAGER
    # Nor by calling the service directly with a signed-in actor.
    with pytest.raises(DomainError):
        services.membership_grant(actor=admin, user=admin, organisation=org("centre"),
                                  role=Role.CENTRE_CASEWORKER)
    assert Membership.objects.filter(user=admin).count() == 1


def test_self_approval_is_refused(client, two_admins, org):
    admin, _other = two_admins
    request = services.admin_request_create(actor=admin, kind="grant_role", target=admin,
                                            organisation=org("centre"), role=Role.CENTRE_MANAGER)
    client.force_login(admin)
    response = _act(client, "adminrequest", "approve", [request.pk])
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "pending" and User.objects.get(pk=admin.pk).role == Role.ADMIN
    assert not AuditEntry.objects.filter(action="admin.approve").exists()
    with pytest.raises(DomainError, match="another administrator"):
        services.admin_request_approve(actor=admin, request=request)
    with pytest.raises(DomainError):  # nor rejected by the requester (they withdraw it)
        services.admin_request_reject(actor=admin, request=request)


def test_a_second_administrator_approves_and_the_membership_is_active(client, two_admins, org,
                                                                     make_user):
    admin, other = two_admins
    user = make_user(Role.REPORTER)
    client.force_login(admin)
    _grant_form(client, user, Role.CENTRE_CASEWORKER, org("centre"))
    request = AdminRequest.objects.get(target=user)
    client.force_login(other)
    assert _act(client, "adminrequest", "approve", [request.pk]).status_code == 302
    request.refresh_from_db()
    assert (request.status, request.decided_by) == ("approved", other)
    membership = Membership.objects.get(user=user, active=True)
    assert (membership.role, membership.organisation.code) == (Role.CENTRE_CASEWORKER, "centre")
    grant = AuditEntry.objects.filter(action="membership.grant",
                                      details__user=user.pk).order_by("seq").last()
    assert grant.actor_id == other.pk and grant.details["request"] == request.pk
    assert grant.details["requested_by"] == admin.pk
    assert AuditEntry.objects.filter(action="admin.approve", actor_id=other.pk).count() == 1
    # A decided request is history: it cannot be decided again.
    with pytest.raises(DomainError):
        services.admin_request_approve(actor=other, request=request)


def test_the_user_concerned_cannot_approve_a_request_for_themself(two_admins, org):
    admin, other = two_admins
    request = services.admin_request_create(actor=other, kind="grant_role", target=admin,
                                            organisation=org("centre"), role=Role.CENTRE_MANAGER)
    with pytest.raises(DomainError, match="concerns you"):
        services.admin_request_approve(actor=admin, request=request)
    third = services.user_create(actor=None, username="admin-c", password="Correct-horse-battery-9",
                                 organisation=org("centre"), role=Role.ADMIN)
    services.admin_request_approve(actor=third, request=request)
    assert User.objects.get(pk=admin.pk).role == Role.CENTRE_MANAGER
    admin.refresh_from_db()
    assert not admin.is_staff and not admin.groups.exists()


def test_a_role_that_sees_no_identities_is_granted_directly(client, make_user, org):
    admin = make_user(Role.ADMIN)
    user = make_user(Role.REPORTER)
    client.force_login(admin)
    response = _grant_form(client, user, Role.POLICE_OFFICER, org("pu-novi-sad"))
    assert response.status_code == 302
    assert User.objects.get(pk=user.pk).role == Role.POLICE_OFFICER
    assert not AdminRequest.objects.exists()
    assert AuditEntry.objects.filter(action="membership.grant", actor_id=admin.pk).exists()


@pytest.mark.parametrize("role", sorted(administrators.identity_roles()))
def test_every_identity_role_and_the_admin_role_need_approval(make_user, org, role):
    admin = make_user(Role.ADMIN)
    user = make_user(Role.REPORTER)
    organisation = org({Role.SHELTER_STAFF: "shelter", Role.PARTNER_CASEWORKER: "atina"}
                       .get(role, "centre"))
    result = services.membership_request(actor=admin, user=user, organisation=organisation,
                                         role=role)
    assert isinstance(result, AdminRequest) and result.status == "pending"
    assert User.objects.get(pk=user.pk).role == Role.REPORTER


def test_the_identity_roles_come_from_the_access_policy():
    from atis.core.access import ROLE_ACTIONS

    assert administrators.identity_roles() == ROLE_ACTIONS["person.view_identity"] | {Role.ADMIN}
    assert Role.CENTRE_MANAGER in administrators.identity_roles()
    assert Role.POLICE_OFFICER not in administrators.identity_roles()


def test_the_console_grants_directly(make_user, org):
    """The operator at the console (demo-data, tests' make_user) needs no second person."""
    user = make_user(Role.CENTRE_MANAGER)
    services.membership_grant(actor="cli", user=user, organisation=org("centre"),
                              role=Role.ADMIN)
    user.refresh_from_db()
    assert user.role == Role.ADMIN and user.is_staff and not user.is_superuser
    assert not AdminRequest.objects.exists()


def test_reject_and_withdraw(two_admins, make_user, org):
    admin, other = two_admins
    user = make_user(Role.REPORTER)
    request = services.admin_request_create(actor=admin, kind="grant_role", target=user,
                                            organisation=org("centre"), role=Role.CENTRE_MANAGER)
    with pytest.raises(DomainError, match="already waiting"):
        services.admin_request_create(actor=other, kind="grant_role", target=user,
                                      organisation=org("centre"), role=Role.CENTRE_CASEWORKER)
    with pytest.raises(DomainError):
        services.admin_request_cancel(actor=other, request=request)
    services.admin_request_reject(actor=other, request=request, reason="not needed")
    request.refresh_from_db()
    assert request.status == "rejected" and User.objects.get(pk=user.pk).role == Role.REPORTER
    assert AuditEntry.objects.get(action="admin.reject").reason == "not needed"
    again = services.admin_request_create(actor=admin, kind="grant_role", target=user,
                                          organisation=org("centre"), role=Role.CENTRE_MANAGER)
    services.admin_request_cancel(actor=admin, request=again)
    assert AdminRequest.objects.get(pk=again.pk).status == "cancelled"
    assert AuditEntry.objects.filter(action="admin.cancel", actor_id=admin.pk).exists()


@pytest.mark.parametrize("role", [Role.CENTRE_MANAGER, Role.REPORTER])
def test_only_administrators_file_or_decide_requests(make_user, org, role):
    someone = make_user(role)
    with pytest.raises(AccessDenied):
        services.admin_request_create(actor=someone, kind="reset_mfa", target=someone)
    request = services.admin_request_create(actor=make_user(Role.ADMIN), kind="reset_mfa",
                                            target=make_user(Role.REPORTER))
    with pytest.raises(AccessDenied):
        services.admin_request_approve(actor=someone, request=request)


def test_a_role_needing_no_approval_is_not_a_request(make_user, org):
    with pytest.raises(DomainError):
        services.admin_request_create(actor=make_user(Role.ADMIN), kind="grant_role",
                                      target=make_user(Role.REPORTER),
                                      organisation=org("pu-novi-sad"), role=Role.POLICE_OFFICER)


def test_mfa_reset_needs_a_second_administrator_and_deletes_the_devices(client, two_admins,
                                                                      make_user):
    admin, other = two_admins
    user = make_user(Role.CENTRE_CASEWORKER)
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    client.force_login(admin)
    assert _act(client, "user", "request_mfa_reset", [user.pk]).status_code == 302
    request = AdminRequest.objects.get(kind="reset_mfa", target=user)
    assert _act(client, "adminrequest", "approve", [request.pk]).status_code == 302
    assert TOTPDevice.objects.filter(user=user).exists()  # the requester cannot approve
    assert AdminRequest.objects.get(pk=request.pk).status == "pending"
    client.force_login(other)
    _act(client, "adminrequest", "approve", [request.pk])
    assert AdminRequest.objects.get(pk=request.pk).status == "approved"
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    reset = AuditEntry.objects.get(action="mfa.reset")
    assert reset.actor_id == other.pk and reset.details == {"devices": 2, "request": request.pk}
    assert reset.object_id == str(user.pk)


def test_an_administrator_may_file_their_own_mfa_reset_but_not_approve_it(two_admins):
    admin, other = two_admins
    TOTPDevice.objects.create(user=admin, name="authenticator", confirmed=True)
    request = services.admin_request_create(actor=admin, kind="reset_mfa", target=admin)
    with pytest.raises(DomainError):
        services.admin_request_approve(actor=admin, request=request)
    services.admin_request_approve(actor=other, request=request)
    assert not TOTPDevice.objects.filter(user=admin).exists()


def test_a_password_set_in_the_admin_site_is_audited(client, make_user):
    admin = make_user(Role.ADMIN)
    user = make_user(Role.REPORTER)
    client.force_login(admin)
    response = client.post(reverse("admin:auth_user_password_change", args=[user.pk]),
                           {"password1": "Another-horse-battery-7",
                            "password2": "Another-horse-battery-7"})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="admin.user.password")
    assert entry.actor_id == admin.pk and entry.object_id == str(user.pk)


def test_the_operators_break_glass_account_is_made_and_closed_on_the_console(client, reference_data):
    from django.core.management import call_command

    User.objects.create_superuser("operator", password="Correct-horse-battery-9")
    assert not client.login(username="operator", password="Correct-horse-battery-9")
    call_command("memberships", "grant", "--user", "operator", "--organisation", "centre",
                 "--role", "admin")
    operator = User.objects.get(username="operator")
    assert operator.is_superuser and operator.is_staff and operator.role == Role.ADMIN
    assert client.login(username="operator", password="Correct-horse-battery-9")
    assert AuditEntry.objects.filter(action="membership.grant", actor_username="cli").exists()
    call_command("memberships", "end", "--user", "operator")
    operator = User.objects.get(username="operator")
    assert not operator.is_superuser and not operator.is_staff and operator.role is None
