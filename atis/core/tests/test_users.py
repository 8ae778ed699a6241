import pytest
from django.contrib.auth.hashers import check_password, make_password
from django.test import override_settings

from atis import settings as production_settings
from atis.audit.models import AuditEntry
from atis.core import services
from atis.core.errors import DomainError
from atis.core.models import Membership, Organisation, User
from atis.core.roles import Role
from conftest import PASSWORD


def test_passwords_are_hashed_with_argon2_in_production():
    with override_settings(PASSWORD_HASHERS=production_settings.PASSWORD_HASHERS):
        encoded = make_password("Correct-horse-battery-9")
        assert encoded.startswith("argon2$argon2id$")
        assert check_password("Correct-horse-battery-9", encoded)


@pytest.mark.parametrize("role, org_code", [
    (Role.CENTRE_CASEWORKER, "pu-novi-sad"),
    (Role.POLICE_OFFICER, "centre"),
    (Role.PROSECUTOR, "higher-court-novi-sad"),
    (Role.SHELTER_STAFF, "centre"),
    (Role.RAPPORTEUR, "national-coordinator"),
])
def test_role_must_fit_the_organisation_type(make_user, role, org_code):
    users_before = User.objects.count()
    with pytest.raises(DomainError) as exc:
        make_user(role, org_code)
    assert "role" in exc.value.fields
    assert User.objects.count() == users_before


def test_weak_password_and_taken_username_are_refused(make_user, org):
    make_user(Role.REPORTER, username="teacher")
    with pytest.raises(DomainError) as exc:
        services.user_create(actor=None, username="TEACHER", password=PASSWORD,
                             organisation=org("centre"), role=Role.CENTRE_CASEWORKER)
    assert "username" in exc.value.fields
    with pytest.raises(DomainError) as exc:
        services.user_create(actor=None, username="someone", password="12345678",
                             organisation=org("centre"), role=Role.CENTRE_CASEWORKER)
    assert "password" in exc.value.fields
    assert not User.objects.filter(username="someone").exists()


def test_new_membership_ends_the_previous_one_and_is_audited(make_user, org):
    user = make_user(Role.POLICE_OFFICER)
    services.membership_grant(actor=None, user=user, organisation=org("pu-nis"),
                              role=Role.POLICE_OFFICER)
    assert Membership.objects.filter(user=user).count() == 2
    assert Membership.objects.filter(user=user, active=True).get().organisation.code == "pu-nis"
    assert User.objects.get(pk=user.pk).organisation.code == "pu-nis"
    assert AuditEntry.objects.filter(action="membership.grant", details__user=user.pk).count() == 2


def test_admin_role_gets_the_admin_site_and_loses_it_with_the_role(make_user, org):
    admin = make_user(Role.ADMIN)
    assert admin.is_staff and not admin.is_superuser
    assert admin.groups.filter(name="administrators").exists()
    services.membership_grant(actor=None, user=admin, organisation=org("centre"),
                              role=Role.CENTRE_CASEWORKER)
    admin.refresh_from_db()
    assert not admin.is_staff and not admin.is_superuser
    assert not admin.groups.exists()


def test_ended_membership_cannot_sign_in(client, make_user):
    user = make_user(Role.CENTRE_CASEWORKER)
    assert client.login(username=user.username, password=PASSWORD)
    client.logout()
    services.membership_end(actor=None, user=user)
    assert not client.login(username=user.username, password=PASSWORD)


def test_serbian_landscape_is_loaded(reference_data):
    assert Organisation.objects.filter(type="police_administration",
                                       code__startswith="pu-").count() == 27
    for code in ["centre", "shelter", "ppo-organised-crime", "national-coordinator", "rapporteur",
                 "astra", "atina", "nes"]:
        assert Organisation.objects.filter(code=code).exists(), code
    assert Organisation.objects.get(code="shelter").parent.code == "centre"
    assert Organisation.objects.get(code="pu-nis").name_sr_cyrl.startswith("Полицијска управа")


def test_organisation_file_with_a_bad_row_loads_nothing(reference_data, tmp_path):
    bad = tmp_path / "orgs.json"
    bad.write_text('[{"code": "x-new", "type": "centre", "name_en": "X", "name_sr_latn": "X"},'
                   ' {"code": "y-new", "type": "castle", "name_en": "Y", "name_sr_latn": "Y"}]')
    with pytest.raises(DomainError, match="Row 2"):
        services.organisations_load(path=bad)
    assert not Organisation.objects.filter(code="x-new").exists()
