"""The access policy, role by role (ARCHITECTURE.md §Roles)."""

import pytest

from atis.core import access
from atis.core.errors import AccessDenied
from atis.core.roles import Role
from atis.people import policy as people_policy

ALL_ROLES = list(Role)
CENTRE = {Role.CENTRE_CASEWORKER, Role.CENTRE_MANAGER}
JUSTICE = {Role.POLICE_OFFICER, Role.PROSECUTOR, Role.COURT_STAFF}

# action → roles allowed; every other role is refused.
MATRIX = {
    "person.create": CENTRE,
    "person.view": CENTRE | {Role.PARTNER_CASEWORKER, Role.SHELTER_STAFF},
    "person.view_identity": CENTRE | {Role.PARTNER_CASEWORKER, Role.SHELTER_STAFF},
    "person.edit": CENTRE,
    "person.assign": {Role.CENTRE_MANAGER},
    "audit.view": {Role.CENTRE_MANAGER},
    "import.run": {Role.CENTRE_MANAGER},
    "import.monitor": {Role.ADMIN},
    "jobs.view": {Role.ADMIN},
    "reference.edit": {Role.ADMIN},
    "organisation.manage": {Role.ADMIN},
    "user.manage": {Role.ADMIN},
    "report.submit": set(Role) - {Role.COORDINATOR_ANALYST, Role.RAPPORTEUR, Role.ADMIN},
    "report.triage": CENTRE,
    "report.view_file": CENTRE,
    "hotline.log": {Role.HOTLINE_OPERATOR},
    "procedure.view": CENTRE,
    "procedure.work": CENTRE,
    "procedure.decide": CENTRE,
    "procedure.approve": {Role.CENTRE_MANAGER},
    "alert.receive": {Role.POLICE_OFFICER, Role.PROSECUTOR, Role.PARTNER_CASEWORKER, Role.REPORTER},
    "protection.manage": CENTRE,
    "service.record": CENTRE | {Role.PARTNER_CASEWORKER, Role.SHELTER_STAFF},
    "task.update": CENTRE | {Role.PARTNER_CASEWORKER},
    "shelter.work": CENTRE | {Role.SHELTER_STAFF},
    "shelter.view_address": {Role.CENTRE_MANAGER, Role.SHELTER_STAFF},
    "case.view": CENTRE | JUSTICE,
    "case.create": {Role.POLICE_OFFICER, Role.PROSECUTOR},
    "case.edit": CENTRE | JUSTICE,
    "event.record": JUSTICE,
    "impunity.opinion": CENTRE,
    "legal_assistance.record": {Role.PROSECUTOR, Role.COURT_STAFF, Role.COORDINATOR_ANALYST},
    "legal_assistance.view": {Role.PROSECUTOR, Role.COURT_STAFF, Role.CENTRE_MANAGER,
                              Role.COORDINATOR_ANALYST, Role.RAPPORTEUR},
    "coordination.manage": {Role.COORDINATOR_ANALYST, Role.CENTRE_MANAGER},
    "coordination.view": CENTRE | JUSTICE | {Role.COORDINATOR_ANALYST, Role.PARTNER_CASEWORKER},
    "memo.send": set(Role) - {Role.ADMIN},
    "memo.statistics": {Role.COORDINATOR_ANALYST, Role.RAPPORTEUR, Role.CENTRE_MANAGER},
    "contacts.manage": {Role.COORDINATOR_ANALYST, Role.ADMIN},
    "statistics.internal": {Role.CENTRE_MANAGER, Role.COORDINATOR_ANALYST, Role.RAPPORTEUR},
    "statistics.publish": {Role.CENTRE_MANAGER},  # RELEASE_PUBLISHERS by default
    "monitoring.view": {Role.COORDINATOR_ANALYST, Role.RAPPORTEUR, Role.CENTRE_MANAGER},
    "monitoring.manage": {Role.COORDINATOR_ANALYST},
    "progress.report": set(Role) - {Role.ADMIN, Role.RAPPORTEUR},
    "recommendations.assess": {Role.RAPPORTEUR},
    "recommendations.manage": {Role.RAPPORTEUR, Role.COORDINATOR_ANALYST},
    "campaign.manage": {Role.RAPPORTEUR},
    "questionnaire.answer": set(Role) - {Role.ADMIN, Role.RAPPORTEUR},
    "registry.record": set(Role) - {Role.ADMIN},
    "registry.hotline": {Role.HOTLINE_OPERATOR, Role.COORDINATOR_ANALYST},
    "search.by_name": CENTRE,
}


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("action", sorted(MATRIX))
def test_role_actions(make_user, role, action):
    user = make_user(role)
    assert access.may(user, action) == (role in MATRIX[action])
    if role not in MATRIX[action]:
        with pytest.raises(AccessDenied):
            access.require(user, action)


def test_matrix_covers_every_action_the_policy_knows():
    assert set(MATRIX) == set(access.ROLE_ACTIONS)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_who_sees_a_person_and_their_identity(make_user, make_person, role):
    caseworker = make_user(Role.CENTRE_CASEWORKER)
    person = make_person(actor=caseworker)
    viewer = make_user(role)
    sees = role == Role.CENTRE_MANAGER
    assert people_policy.visible_persons(viewer).filter(pk=person.pk).exists() == sees
    assert people_policy.may_see_identity(viewer, person) == sees
    assert people_policy.may_see_identity(caseworker, person)


def test_caseworker_sees_only_cases_assigned_to_them_or_their_team(make_user, make_person):
    mine = make_user(Role.CENTRE_CASEWORKER, team="North")
    colleague = make_user(Role.CENTRE_CASEWORKER, team="North")
    other_team = make_user(Role.CENTRE_CASEWORKER, team="South")
    person = make_person(actor=mine)
    assert people_policy.visible_persons(colleague).filter(pk=person.pk).exists()
    assert not people_policy.visible_persons(other_team).filter(pk=person.pk).exists()


def test_manager_breaks_the_glass_outside_own_caseload(make_user, make_person):
    manager = make_user(Role.CENTRE_MANAGER)
    person = make_person()
    assert people_policy.identity_needs_reason(manager, person)
    own = make_person(actor=manager)
    assert not people_policy.identity_needs_reason(manager, own)


def test_user_without_active_membership_may_do_nothing(make_user, make_person):
    from atis.core import services

    manager = make_user(Role.CENTRE_MANAGER)
    make_person()
    services.membership_end(actor=None, user=manager)
    manager.refresh_from_db()
    assert access.role_of(manager) is None
    assert not people_policy.visible_persons(manager).exists()
    assert not access.may(manager, "audit.view")
