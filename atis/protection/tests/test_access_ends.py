"""Access ends when the relationship ends: the Shelter's when the stay is over (after the
grace period ATIS_SHELTER_GRACE_DAYS), a partner's identity access when the consent is
withdrawn, a caseworker's when the case assignment ends."""

import datetime

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse

from atis.audit.models import AuditEntry
from atis.core import access
from atis.core.errors import AccessDenied
from atis.core.roles import Role
from atis.identification import policy as identification_policy
from atis.people import policy as people_policy
from atis.people import selectors as people
from atis.people.models import CaseAssignment, Person
from atis.protection import policy as protection_policy
from atis.protection import selectors, services

START = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)


def sees(user, person) -> bool:
    return people_policy.visible_persons(user).filter(pk=person.pk).exists()


@pytest.fixture
def former_resident(victim, make_user, org):
    """A woman admitted to the Shelter on START and leaving on START + 10 days:
    (person, shelter staff, stay)."""
    with time_machine.travel(START, tick=False):
        person, caseworker = victim()
        stay = services.stay_admit(actor=caseworker, person=person, shelter=org("shelter"))
        staff = make_user(Role.SHELTER_STAFF)
        assert sees(staff, person) and people_policy.may_see_identity(staff, person)
    with time_machine.travel(START + 10 * DAY, tick=False):
        services.stay_leave(actor=caseworker, stay=stay, reason="independent_living")
    return person, staff, stay


def test_shelter_keeps_a_former_resident_for_the_grace_period_only(former_resident, client):
    person, staff, stay = former_resident
    left = START + 10 * DAY
    with time_machine.travel(left + 30 * DAY, tick=False):
        assert sees(staff, person) and people_policy.may_see_identity(staff, person)
        assert people.person_identity(user=staff, person=person).person_id == person.pk
        assert selectors.stay_get(user=staff, pk=stay.pk) == stay
    with time_machine.travel(left + 31 * DAY, tick=False):
        assert not sees(staff, person)
        assert not people_policy.may_see_identity(staff, person)
        assert not protection_policy.visible_stays(staff).filter(pk=stay.pk).exists()
        with pytest.raises(AccessDenied):
            people.person_identity(user=staff, person=person)
        with pytest.raises(Person.DoesNotExist):
            people.person_get(user=staff, pseudonym=person.pseudonym)
        client.force_login(staff)
        assert client.get(reverse("stay-page", args=[stay.pk])).status_code == 404
    assert AuditEntry.objects.filter(action=access.REFUSED, object_id=str(person.pk),
                                     object_type="people.person").count() == 2


@override_settings(SHELTER_GRACE_DAYS=0)
def test_without_grace_the_shelter_loses_access_the_day_after_leaving(former_resident):
    person, staff, _stay = former_resident
    with time_machine.travel(START + 10 * DAY, tick=False):
        assert sees(staff, person)
    with time_machine.travel(START + 11 * DAY, tick=False):
        assert not sees(staff, person)


def test_withdrawn_identity_consent_ends_the_partners_identity_access(victim, make_user, org):
    with time_machine.travel(START, tick=False):
        person, caseworker = victim()
        services.consent_record(actor=caseworker, person=person, organisation=org("atina"),
                                area="psychological_support")
        identity_consent = services.consent_record(actor=caseworker, person=person,
                                                   organisation=org("atina"),
                                                   area="psychological_support",
                                                   share_identity=True)
        conference = services.conference_record(actor=caseworker, person=person,
                                                organisations=[org("centre"), org("atina")],
                                                victim_participated=True, decisions="Network")
        services.plan_create(actor=caseworker, person=person, conference=conference, tasks=[
            {"area": "psychological_support", "goal": "Counselling", "organisation": org("atina"),
             "due_on": START.date() + 30 * DAY}])
        partner = make_user(Role.PARTNER_CASEWORKER, "atina")
        assert people.person_identity(user=partner, person=person).person_id == person.pk
    with time_machine.travel(START + 5 * DAY, tick=False):
        services.consent_withdraw(actor=caseworker, consent=identity_consent)
        assert sees(partner, person)  # the task consent still stands
        assert not people_policy.may_see_identity(partner, person)
        with pytest.raises(AccessDenied):
            people.person_identity(user=partner, person=person)
    assert AuditEntry.objects.filter(action=access.REFUSED, object_id=str(person.pk),
                                     details={"asked": "person.view_identity"}).exists()
    with time_machine.travel(START + 6 * DAY, tick=False):
        services.consent_withdraw(actor=caseworker, consent=person.consents.get(
            share_identity=False))
        assert not sees(partner, person)


def test_caseworker_access_follows_the_active_assignment(open_procedure, make_user):
    with time_machine.travel(START, tick=False):
        procedure, caseworker = open_procedure()
        person = procedure.person
        assert sees(caseworker, person) and people_policy.may_see_identity(caseworker, person)
        assert identification_policy.visible_procedures(caseworker).filter(pk=procedure.pk).exists()
    with time_machine.travel(START + 40 * DAY, tick=False):
        # There is no "close the case" action: a manager ends the assignment.
        CaseAssignment.objects.filter(person=person, user=caseworker).update(active=False)
        assert not sees(caseworker, person)
        assert not people_policy.may_see_identity(caseworker, person)
        assert not identification_policy.visible_procedures(caseworker).filter(
            pk=procedure.pk).exists()
        with pytest.raises(AccessDenied):
            access.require(caseworker, "procedure.work", procedure)
