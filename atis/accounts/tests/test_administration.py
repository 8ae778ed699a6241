"""The administration pages (/administration/): only administrators reach them; users are
created with a one-time password; a role that sees identities is granted only when a
second administrator approves (four eyes); bad input is shown on the form with what was
typed and writes nothing; every write is audited; the administrator's dashboard shows what
needs attention."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from atis.audit.models import AuditEntry
from atis.core.models import AdminRequest, Membership, Organisation, Team, User
from atis.core.roles import Role
from conftest import PASSWORD

NEW_PASSWORD = "Quite-another-secret-77"
ONE_TIME = "One-time-pass-phrase-31"


@pytest.fixture
def two_admins(make_user):
    a = make_user(Role.ADMIN, username="admin-a")
    b = make_user(Role.ADMIN, username="admin-b")
    User.objects.filter(pk=a.pk).update(first_name="Ana", last_name="Admin")
    User.objects.filter(pk=b.pk).update(first_name="Bojan", last_name="Admin")
    a.refresh_from_db()
    b.refresh_from_db()
    return a, b


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _entries(action, **filters):
    return AuditEntry.objects.filter(action=action, **filters)


def _create(client, org, **fields):
    data = {"username": "new.person", "first_name": "Nina", "last_name": "Novak",
            "email": "nina.novak@example.org", "password1": ONE_TIME, "password2": ONE_TIME,
            "organisation": org.pk, "role": Role.REPORTER, "team": "", "reason": ""}
    data.update(fields)
    return client.post(reverse("admin-user-create"), data)


def _pages(user, org, request):
    """(name, kwargs, methods) of every administration page."""
    u, o, r = {"pk": user.pk}, {"pk": org.pk}, {"pk": request.pk}
    return [("admin-users", {}, "G"), ("admin-user-create", {}, "GP"), ("admin-user", u, "G"),
            ("admin-user-edit", u, "GP"), ("admin-user-password", u, "GP"),
            ("admin-user-deactivate", u, "GP"), ("admin-user-reactivate", u, "P"),
            ("admin-user-unlock", u, "P"), ("admin-user-mfa-reset", u, "P"),
            ("admin-membership-grant", u, "GP"), ("admin-membership-end", u, "GP"),
            ("admin-requests", {}, "G"), ("admin-request", r, "G"),
            ("admin-request-approve", r, "P"), ("admin-request-reject", r, "P"),
            ("admin-request-withdraw", r, "P"), ("admin-organisations", {}, "G"),
            ("admin-organisation-create", {}, "GP"), ("admin-organisation-edit", o, "GP"),
            ("import-failures", {}, "G")]


# --- access ---------------------------------------------------------------------------

@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMIN])
def test_every_other_role_is_refused_on_every_page(make_user, org, role, two_admins):
    admin, _other = two_admins
    target = make_user(Role.REPORTER)
    request = AdminRequest.objects.create(kind=AdminRequest.Kind.RESET_MFA, target=target,
                                          requested_by=admin)
    outsider = make_user(role)
    client = signed_in(outsider)
    before = (User.objects.count(), Membership.objects.count(), AdminRequest.objects.count())
    for name, kwargs, methods in _pages(target, org("atina"), request):
        url = reverse(name, kwargs=kwargs)
        if "G" in methods:
            assert client.get(url).status_code == 403, name
        if "P" in methods:
            assert client.post(url, {"username": "x", "reason": "x"}).status_code == 403, name
    assert before == (User.objects.count(), Membership.objects.count(),
                      AdminRequest.objects.count())
    target.refresh_from_db()
    assert target.is_active and not target.password_change_required
    request.refresh_from_db()
    assert request.status == AdminRequest.Status.PENDING
    asked = {e.details.get("asked") for e in _entries("access.refused", actor_id=outsider.pk)}
    assert asked == {"user.manage", "organisation.manage", "import.monitor"}


def test_anonymous_visitors_are_sent_to_sign_in(make_user, org, two_admins):
    admin, _other = two_admins
    target = make_user(Role.REPORTER)
    request = AdminRequest.objects.create(kind=AdminRequest.Kind.RESET_MFA, target=target,
                                          requested_by=admin)
    client = Client()
    for name, kwargs, methods in _pages(target, org("atina"), request):
        url = reverse(name, kwargs=kwargs)
        response = client.get(url) if "G" in methods else client.post(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_an_administrator_opens_every_page(make_user, org, two_admins):
    admin, other = two_admins
    target = make_user(Role.REPORTER)
    request = AdminRequest.objects.create(kind=AdminRequest.Kind.RESET_MFA, target=target,
                                          requested_by=other)
    client = signed_in(admin)
    for name, kwargs, methods in _pages(target, org("atina"), request):
        if "G" in methods:
            response = client.get(reverse(name, kwargs=kwargs))
            assert response.status_code == 200, name
            assert response.context["breadcrumbs"][0]["url"] == reverse("dashboard"), name


# --- creating users -------------------------------------------------------------------

def test_creating_a_user_with_a_role_that_needs_no_approval(two_admins, org):
    admin, _other = two_admins
    client = signed_in(admin)
    school = org("school-os-kralj-petar-prvi-beograd")
    response = _create(client, school)
    user = User.objects.get(username="new.person")
    assert response.status_code == 302 and response["Location"] == reverse("admin-user",
                                                                           args=[user.pk])
    assert user.check_password(ONE_TIME) and user.password_change_required
    assert not user.is_staff and user.get_full_name() == "Nina Novak"
    assert user.membership.role == Role.REPORTER and user.membership.organisation == school
    assert _entries("user.create", actor_id=admin.pk, object_id=str(user.pk)).exists()
    assert _entries("membership.grant", actor_id=admin.pk).exists()
    assert all(ONE_TIME not in str(e.details) for e in AuditEntry.objects.all())
    page = client.get(response["Location"]).content.decode()
    assert "The account new.person was created" in page
    assert "is now Reporter at" in page and school.name in page
    assert ONE_TIME not in page


@pytest.mark.parametrize("fields, field", [
    ({"email": "not-an-address"}, "email"),
    ({"password2": "Something-else-entirely-5"}, "password2"),
    ({"password1": "short", "password2": "short"}, "password1"),
    ({"role": Role.CENTRE_CASEWORKER}, "role"),  # not at a school
    ({"first_name": ""}, "first_name"),
])
def test_bad_input_is_shown_on_the_form_with_what_was_typed(two_admins, org, fields, field):
    admin, _other = two_admins
    client = signed_in(admin)
    entries, users = AuditEntry.objects.count(), User.objects.count()
    response = _create(client, org("school-os-kralj-petar-prvi-beograd"), **fields)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    content = response.content.decode()
    assert "govuk-error-summary" in content and f'href="#id_{field}"' in content
    assert 'value="new.person"' in content and 'value="Novak"' in content
    assert ONE_TIME not in content  # passwords are never shown again
    assert User.objects.count() == users and not AdminRequest.objects.exists()
    assert AuditEntry.objects.count() == entries


def test_a_taken_username_is_refused_whatever_its_case(two_admins, org, make_user):
    admin, _other = two_admins
    make_user(Role.REPORTER, username="taken.name")
    client = signed_in(admin)
    users, memberships = User.objects.count(), Membership.objects.count()
    response = _create(client, org("school-os-kralj-petar-prvi-beograd"), username="Taken.Name",
                       email="bad@")
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "email" in errors  # the form's own check; the service is not asked
    response = _create(client, org("school-os-kralj-petar-prvi-beograd"), username="Taken.Name")
    assert response.status_code == 400
    assert "This username is taken." in response.context["form"].errors["username"]
    assert 'value="Taken.Name"' in response.content.decode()
    assert (User.objects.count(), Membership.objects.count()) == (users, memberships)
    assert not _entries("user.create", actor_id=admin.pk).exists()


# --- four eyes ------------------------------------------------------------------------

def test_four_eyes_request_then_another_administrator_approves(two_admins, org):
    admin, other = two_admins
    centre = org("centre")
    client = signed_in(admin)
    response = _create(client, centre, role=Role.CENTRE_CASEWORKER, reason="New colleague")
    user = User.objects.get(username="new.person")
    assert response.status_code == 302
    assert not user.memberships.exists()  # nothing granted yet: the user cannot sign in
    request = AdminRequest.objects.get(target=user)
    assert request.status == AdminRequest.Status.PENDING and request.requested_by == admin
    assert request.role == Role.CENTRE_CASEWORKER and request.reason == "New colleague"
    page = client.get(response["Location"]).content.decode()
    assert "waits on the page of pending role grants" in page
    assert _entries("admin.request", actor_id=admin.pk, object_id=str(request.pk)).exists()

    # The requester cannot approve it: refused with a message, nothing changes.
    response = client.post(reverse("admin-request-approve", args=[request.pk]), follow=True)
    assert "another administrator must approve it" in response.content.decode()
    request.refresh_from_db()
    assert request.status == AdminRequest.Status.PENDING and not user.memberships.exists()
    assert 'id="approve"' not in client.get(reverse("admin-request", args=[request.pk])
                                            ).content.decode()

    # The second administrator sees it waiting and approves it.
    second = signed_in(other)
    listing = second.get(reverse("admin-requests")).content.decode()
    assert f'data-request="{request.pk}"' in listing and "Nina Novak" in listing
    assert "Centre caseworker" in listing and "Ana Admin" in listing
    response = second.post(reverse("admin-request-approve", args=[request.pk]), follow=True)
    assert "Approved: Nina Novak is now Centre caseworker" in response.content.decode()
    request.refresh_from_db()
    user.refresh_from_db()
    assert request.status == AdminRequest.Status.APPROVED and request.decided_by == other
    assert user.membership.role == Role.CENTRE_CASEWORKER and user.membership.active
    assert _entries("admin.approve", actor_id=other.pk, object_id=str(request.pk)).exists()
    grant = _entries("membership.grant", actor_id=other.pk).latest("seq")
    assert grant.details["request"] == request.pk and grant.details["requested_by"] == admin.pk


def test_rejection_by_another_administrator_grants_nothing(two_admins, make_user, org):
    admin, other = two_admins
    target = make_user(Role.REPORTER)
    client = signed_in(admin)
    response = client.post(reverse("admin-membership-grant", args=[target.pk]), {
        "organisation": org("centre").pk, "role": Role.CENTRE_MANAGER, "team": "", "reason": ""})
    assert response.status_code == 302
    request = AdminRequest.objects.get(target=target)
    # The requester may not reject (they withdraw instead).
    client.post(reverse("admin-request-reject", args=[request.pk]), {"reason": "no"})
    request.refresh_from_db()
    assert request.status == AdminRequest.Status.PENDING
    response = signed_in(other).post(reverse("admin-request-reject", args=[request.pk]),
                                     {"reason": "Not part of the Centre"}, follow=True)
    assert "Rejected:" in response.content.decode()
    request.refresh_from_db()
    target.refresh_from_db()
    assert request.status == AdminRequest.Status.REJECTED and request.decided_by == other
    assert target.membership.role == Role.REPORTER  # unchanged
    entry = _entries("admin.reject", actor_id=other.pk).latest("seq")
    assert entry.reason == "Not part of the Centre"


def test_the_requester_withdraws_their_own_request(two_admins, make_user, org):
    admin, other = two_admins
    target = make_user(Role.REPORTER)
    client = signed_in(admin)
    client.post(reverse("admin-membership-grant", args=[target.pk]), {
        "organisation": org("shelter").pk, "role": Role.SHELTER_STAFF, "team": "", "reason": ""})
    request = AdminRequest.objects.get(target=target)
    signed_in(other).post(reverse("admin-request-withdraw", args=[request.pk]))
    request.refresh_from_db()
    assert request.status == AdminRequest.Status.PENDING  # only the requester withdraws
    client.post(reverse("admin-request-withdraw", args=[request.pk]))
    request.refresh_from_db()
    assert request.status == AdminRequest.Status.CANCELLED
    assert _entries("admin.cancel", actor_id=admin.pk).exists()


def test_the_user_concerned_cannot_approve_their_own_grant(two_admins, org):
    admin, other = two_admins
    client = signed_in(admin)
    client.post(reverse("admin-membership-grant", args=[other.pk]), {
        "organisation": org("centre").pk, "role": Role.CENTRE_MANAGER, "team": "", "reason": ""})
    request = AdminRequest.objects.get(target=other)
    response = signed_in(other).post(reverse("admin-request-approve", args=[request.pk]),
                                     follow=True)
    assert "This request concerns you" in response.content.decode()
    request.refresh_from_db()
    assert request.status == AdminRequest.Status.PENDING


def test_a_role_that_needs_no_approval_is_granted_at_once(two_admins, make_user, org):
    admin, _other = two_admins
    target = make_user(Role.REPORTER)
    before = target.membership
    response = signed_in(admin).post(reverse("admin-membership-grant", args=[target.pk]), {
        "organisation": org("national-coordinator").pk, "role": Role.COORDINATOR_ANALYST,
        "team": "", "reason": ""}, follow=True)
    assert "is now National Coordinator&#x27;s analyst" in response.content.decode()
    target = User.objects.get(pk=target.pk)
    assert target.membership.role == Role.COORDINATOR_ANALYST
    before.refresh_from_db()
    assert not before.active and before.ended_at is not None
    assert not AdminRequest.objects.exists()


def test_a_team_of_another_organisation_is_refused_on_the_form(two_admins, make_user, org):
    admin, _other = two_admins
    target = make_user(Role.REPORTER)
    team = Team.objects.create(organisation=org("centre"), name="North")
    response = signed_in(admin).post(reverse("admin-membership-grant", args=[target.pk]), {
        "organisation": org("atina").pk, "role": Role.REPORTER, "team": team.pk, "reason": ""})
    assert response.status_code == 400
    assert "The team belongs to another organisation." in response.context["form"].errors["team"]
    assert User.objects.get(pk=target.pk).membership.organisation.code != "atina"


def test_a_mfa_reset_is_requested_from_the_user_page(two_admins, make_user):
    from atis.accounts.tests.helpers import enrol

    admin, other = two_admins
    target = make_user(Role.CENTRE_CASEWORKER)
    enrol(target)
    client = signed_in(admin)
    assert 'id="mfa-reset"' in client.get(reverse("admin-user", args=[target.pk])).content.decode()
    response = client.post(reverse("admin-user-mfa-reset", args=[target.pk]), follow=True)
    assert "waits for a second administrator" in response.content.decode()
    request = AdminRequest.objects.get(target=target, kind=AdminRequest.Kind.RESET_MFA)
    signed_in(other).post(reverse("admin-request-approve", args=[request.pk]))
    from atis.accounts import mfa

    assert not mfa.has_device(target)


# --- changing users -------------------------------------------------------------------

def test_editing_a_user_is_audited_with_the_fields_changed(two_admins, make_user):
    admin, _other = two_admins
    target = make_user(Role.REPORTER)
    client = signed_in(admin)
    response = client.post(reverse("admin-user-edit", args=[target.pk]), {
        "first_name": "Mira", "last_name": "Marić", "email": "mira@example.org"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.first_name, target.last_name, target.email) == \
        ("Mira", "Marić", "mira@example.org")
    entry = _entries("user.update", actor_id=admin.pk).latest("seq")
    assert sorted(entry.details["fields"]) == ["email", "first_name", "last_name"]
    assert "Marić" not in str(entry.details)
    response = client.post(reverse("admin-user-edit", args=[target.pk]), {
        "first_name": "Mira", "last_name": "Marić", "email": "nope"})
    assert response.status_code == 400 and 'value="nope"' in response.content.decode()


def test_deactivating_asks_first_then_ends_access(two_admins, make_user):
    from knox.models import AuthToken

    admin, _other = two_admins
    target = make_user(Role.REPORTER)
    AuthToken.objects.create(user=target)
    victim_session = signed_in(target)
    client = signed_in(admin)
    confirm = client.get(reverse("admin-user-deactivate", args=[target.pk]))
    assert confirm.status_code == 200 and 'id="confirm-form"' in confirm.content.decode()
    target.refresh_from_db()
    assert target.is_active  # the GET only asks
    response = client.post(reverse("admin-user-deactivate", args=[target.pk]), follow=True)
    assert "was deactivated" in response.content.decode()
    target.refresh_from_db()
    assert not target.is_active and not AuthToken.objects.filter(user=target).exists()
    assert victim_session.get(reverse("dashboard"))["Location"].startswith(reverse("login"))
    assert not Client().login(username=target.username, password=PASSWORD)
    entry = _entries("user.deactivate", actor_id=admin.pk).latest("seq")
    assert entry.details["tokens_revoked"] == 1
    client.post(reverse("admin-user-reactivate", args=[target.pk]))
    target.refresh_from_db()
    assert target.is_active and _entries("user.reactivate", actor_id=admin.pk).exists()


def test_an_administrator_cannot_deactivate_or_end_their_own_access(two_admins):
    admin, _other = two_admins
    client = signed_in(admin)
    response = client.post(reverse("admin-user-deactivate", args=[admin.pk]), follow=True)
    assert "You cannot deactivate your own account" in response.content.decode()
    response = client.post(reverse("admin-membership-end", args=[admin.pk]), follow=True)
    assert "You cannot end your own membership" in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active and admin.memberships.filter(active=True).exists()


def test_ending_a_membership_asks_first(two_admins, make_user):
    admin, _other = two_admins
    target = make_user(Role.POLICE_OFFICER)
    client = signed_in(admin)
    confirm = client.get(reverse("admin-membership-end", args=[target.pk])).content.decode()
    assert "End the membership of" in confirm and "Police officer" in confirm
    assert target.memberships.filter(active=True).exists()
    response = client.post(reverse("admin-membership-end", args=[target.pk]), follow=True)
    assert "has ended" in response.content.decode()
    assert not target.memberships.filter(active=True).exists()
    assert _entries("membership.end", actor_id=admin.pk, object_id=str(target.pk)).exists()
    assert not Client().login(username=target.username, password=PASSWORD)


def test_a_one_time_password_must_be_changed_at_the_next_sign_in(two_admins, make_user,
                                                                 api_client_for):
    admin, _other = two_admins
    target = make_user(Role.REPORTER)
    response = signed_in(admin).post(reverse("admin-user-password", args=[target.pk]), {
        "password1": ONE_TIME, "password2": ONE_TIME})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.password_change_required and target.check_password(ONE_TIME)
    assert _entries("user.one_time_password", actor_id=admin.pk).exists()

    # No API token with it.
    token = api_client_for().post(reverse("api-token"), {"username": target.username,
                                                          "password": ONE_TIME}, format="json")
    assert token.status_code == 400 and "one-time password" in str(token.json()["errors"])
    # Signed in, every page leads to the password change first.
    client = Client()
    assert client.login(username=target.username, password=ONE_TIME)
    assert client.get(reverse("dashboard"))["Location"] == reverse("password-change")
    assert client.get(reverse("report-list"))["Location"] == reverse("password-change")
    assert client.get(reverse("api-me")).status_code == 403
    # The one-time password itself is not accepted as the new one.
    same = client.post(reverse("password-change"), {
        "old_password": ONE_TIME, "new_password1": ONE_TIME, "new_password2": ONE_TIME})
    assert same.status_code == 400 and "new_password1" in same.context["form"].errors
    done = client.post(reverse("password-change"), {
        "old_password": ONE_TIME, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    target.refresh_from_db()
    assert not target.password_change_required
    assert client.get(reverse("dashboard")).status_code == 200
    assert _entries("auth.password_changed", actor_id=target.pk).latest("seq").details == \
        {"one_time": True}


def test_unlocking_from_the_user_page(two_admins, make_user):
    from atis.accounts.tests.test_auth_lockout import fail

    admin, _other = two_admins
    target = make_user(Role.REPORTER)
    fail(target.username)
    client = signed_in(admin)
    page = client.get(reverse("admin-user", args=[target.pk])).content.decode()
    assert 'id="unlock"' in page and "Locked" in page
    listing = client.get(reverse("admin-users")).content.decode()
    assert "govuk-tag--red" in listing
    response = client.post(reverse("admin-user-unlock", args=[target.pk]), follow=True)
    assert "was unlocked" in response.content.decode()
    assert not AccessAttempt.objects.filter(username=target.username).exists()
    assert _entries("auth.unlock", actor_id=admin.pk, object_id=str(target.pk)).exists()
    assert 'id="unlock"' not in client.get(reverse("admin-user", args=[target.pk])
                                           ).content.decode()


# --- the list of users ----------------------------------------------------------------

def test_users_are_filtered_and_sorted(two_admins, make_user, org):
    admin, _other = two_admins
    police = make_user(Role.POLICE_OFFICER, username="zoran")
    reporter = make_user(Role.REPORTER, username="ana", org_code="atina")
    User.objects.filter(pk=police.pk).update(last_name="Anić")
    User.objects.filter(pk=reporter.pk).update(last_name="Zec", is_active=False)
    client = signed_in(admin)

    def names(**query):
        response = client.get(reverse("admin-users"), query)
        assert response.status_code == 200
        return [u.username for u in response.context["page"]]

    assert names(organisation=org("pu-novi-sad").pk) == ["zoran"]
    assert names(role=Role.REPORTER) == ["ana"]
    assert names(active="false") == ["ana"]
    assert "ana" not in names(active="true")
    assert names(q="zor") == ["zoran"]
    assert names(role="none") == []
    everyone = names(sort="name")
    assert everyone.index("zoran") < everyone.index("ana")  # Anić before Zec
    assert names(sort="-name").index("ana") < names(sort="-name").index("zoran")
    assert names(role="no-such-role") == []  # refused, not read as "every role"
    content = client.get(reverse("admin-users"), {"sort": "name"}).content.decode()
    assert 'aria-sort="ascending"' in content and "sort=-name" in content
    assert "Police officer" in content and "police_officer" not in content.split("<tbody")[1]


# --- organisations --------------------------------------------------------------------

def test_organisations_are_created_and_edited(two_admins, make_user, org):
    admin, _other = two_admins
    client = signed_in(admin)
    data = {"code": "ngo-new", "name_en": "New association", "name_sr_latn": "Novo udruženje",
            "name_sr_cyrl": "", "type": "association", "parent": "", "municipality": "Niš",
            "region": "", "active": "on"}
    assert client.post(reverse("admin-organisation-create"), data).status_code == 302
    created = Organisation.objects.get(code="ngo-new")
    assert created.name_sr_cyrl == "Ново удружење"
    assert _entries("organisation.create", actor_id=admin.pk, object_id=str(created.pk)).exists()
    again = client.post(reverse("admin-organisation-create"), {**data, "name_en": "Other"})
    assert again.status_code == 400 and "code" in again.context["form"].errors
    assert 'value="Other"' in again.content.decode()

    edit = reverse("admin-organisation-edit", args=[created.pk])
    response = client.post(edit, {**data, "code": "changed", "name_en": "Renamed", "active": ""})
    assert response.status_code == 302
    created.refresh_from_db()
    assert created.code == "ngo-new" and created.name_en == "Renamed" and not created.active
    assert sorted(_entries("organisation.update").latest("seq").details["fields"]) == \
        ["active", "name_en"]

    # A type its members' roles cannot be held in is refused.
    make_user(Role.PARTNER_CASEWORKER, org_code="ngo-new")
    response = client.post(edit, {**data, "type": "court"})
    assert response.status_code == 400 and "type" in response.context["form"].errors
    created.refresh_from_db()
    assert created.type == "association"
    listing = client.get(reverse("admin-organisations"), {"q": "Renamed"})
    assert [o.code for o in listing.context["page"]] == ["ngo-new"]
    assert [o.code for o in client.get(reverse("admin-organisations"), {
        "active": "false", "type": "association"}).context["page"]] == ["ngo-new"]


# --- the dashboard --------------------------------------------------------------------

def test_the_dashboard_shows_what_needs_attention(two_admins, make_user, org):
    from atis.accounts.tests.test_auth_lockout import fail
    from atis.coordination.models import ContactPoint
    from atis.imports.models import ImportRun

    admin, other = two_admins
    locked = make_user(Role.REPORTER)
    User.objects.filter(pk=locked.pk).update(first_name="Lena", last_name="Locked")
    fail(locked.username)
    waiting = make_user(Role.REPORTER)
    request = AdminRequest.objects.create(kind=AdminRequest.Kind.GRANT_ROLE, target=waiting,
                                          organisation=org("centre"),
                                          role=Role.CENTRE_CASEWORKER, requested_by=other)
    ContactPoint.objects.create(organisation=org("atina"), kind="focal_point",
                                function="Helpdesk", last_confirmed_on=timezone.localdate()
                                - datetime.timedelta(days=400))
    run = ImportRun.objects.create(status=ImportRun.Status.FAILED, checksum="0" * 64,
                                   started_by=make_user(Role.CENTRE_MANAGER), dry_run=False)
    content = signed_in(admin).get(reverse("dashboard")).content.decode()
    assert "Lena Locked, locked until" in content
    assert reverse("admin-user", args=[locked.pk]) in content
    assert f"Centre caseworker for {waiting.username} at" in content
    assert reverse("admin-request", args=[request.pk]) in content
    assert "Helpdesk, last confirmed" in content and "?stale=1" in content
    assert f"Import run {run.pk} of" in content and reverse("import-failures") in content
    failures = signed_in(admin).get(reverse("import-failures")).content.decode()
    assert f'data-run="{run.pk}"' in failures


def test_an_empty_dashboard_says_nothing_needs_attention(two_admins):
    admin, _other = two_admins
    content = signed_in(admin).get(reverse("dashboard")).content.decode()
    assert "No account is locked." in content
    assert "No request is waiting for a second administrator." in content
    assert "No job failed." in content
    assert reverse("admin-users") in content and reverse("admin-organisations") in content
