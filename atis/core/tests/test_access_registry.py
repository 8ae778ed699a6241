"""The access policy fails closed: apps register their actions and visibility rules with
core; an unregistered model or an undeclared action is refused; refusals are audited."""

import ast
import datetime
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from atis.audit.models import AuditEntry
from atis.core import access
from atis.core.errors import AccessDenied
from atis.core.models import Organisation
from atis.core.roles import Role
from atis.people.models import Person
from atis.protection import services as protection

CORE = Path(access.__file__).parent
DOMAIN_APPS = ("people", "intake", "identification", "protection", "justice", "coordination",
               "monitoring", "imports", "statistics", "accounts", "web")


def refusals(obj=None):
    qs = AuditEntry.objects.filter(action=access.REFUSED)
    if obj is not None:
        qs = qs.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    return qs


def test_core_imports_no_domain_app():
    offenders = []
    for path in sorted(CORE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                parts = name.split(".")
                if parts[0] == "atis" and len(parts) > 1 and parts[1] in DOMAIN_APPS:
                    offenders.append(f"{path.name}:{node.lineno} {name}")
    assert offenders == []


def test_every_domain_model_the_services_check_is_registered():
    from atis.identification.models import Procedure
    from atis.intake.models import Report
    from atis.justice.models import CriminalCase
    from atis.protection.models import PlanTask, ShelterStay

    for model in (Person, Procedure, Report, PlanTask, ShelterStay, CriminalCase):
        assert access.visibility_of(model) is not None, model


def test_an_unregistered_model_is_refused_even_to_a_manager(make_user):
    manager = make_user(Role.CENTRE_MANAGER)
    organisation = Organisation.objects.first()
    assert access.visibility_of(Organisation) is None
    with pytest.raises(AccessDenied):
        access.require(manager, "person.view", organisation)
    with pytest.raises(AccessDenied):
        access.require(manager, "person.view", object())
    assert refusals(organisation).get().details == {"asked": "person.view"}


def test_an_unknown_action_is_an_error_not_allowed_or_refused(make_user):
    manager = make_user(Role.CENTRE_MANAGER)
    with pytest.raises(ImproperlyConfigured):
        access.may(manager, "person.teleport")
    with pytest.raises(ImproperlyConfigured):
        access.require(manager, "person.teleport")


def test_an_action_cannot_be_declared_by_two_apps():
    with pytest.raises(ImproperlyConfigured):
        access.register_actions("elsewhere", {"person.view": {Role.ADMIN}})
    assert access.ROLE_ACTIONS["person.view"] != frozenset({Role.ADMIN})


def test_refusal_on_an_object_is_audited_without_personal_data(make_user, make_person):
    person = make_person()
    outsider = make_user(Role.CENTRE_CASEWORKER)
    with pytest.raises(AccessDenied):
        access.require(outsider, "person.edit", person)
    entry = refusals(person).get()
    assert entry.actor_id == outsider.pk and entry.details == {"asked": "person.edit"}
    assert "Ana" not in str(entry.details) and "Jovanovi" not in entry.reason + str(entry.details)


def test_refusal_inside_a_rolled_back_transaction_is_written_when_it_is_over(make_user,
                                                                                make_person):
    person = make_person()
    outsider = make_user(Role.CENTRE_CASEWORKER)
    with pytest.raises(AccessDenied), transaction.atomic():
        access.require(outsider, "person.edit", person)
    assert not refusals(person).exists()  # kept aside, not rolled back with the block
    access.flush_refusals()
    assert refusals(person).count() == 1
    access.flush_refusals()
    assert refusals(person).count() == 1


def test_api_404_for_a_hidden_person_is_audited(api_client_for, make_user, make_person):
    person = make_person()
    outsider = make_user(Role.CENTRE_CASEWORKER)
    answer = api_client_for(outsider).get(reverse("api-person", args=[person.pseudonym]))
    assert answer.status_code == 404
    entry = refusals(person).get()
    assert entry.details == {"asked": "person.view"} and entry.actor_id == outsider.pk
    # a pseudonym that does not exist leaves no entry (nothing was refused)
    assert api_client_for(outsider).get(reverse("api-person", args=["X-2020-9999"])).status_code == 404
    assert refusals().count() == 1


def test_api_403_inside_a_service_transaction_is_audited(api_client_for, make_user, victim, org):
    person, caseworker = victim()
    protection.consent_record(actor=caseworker, person=person, organisation=org("atina"),
                              area="psychological_support")
    conference = protection.conference_record(actor=caseworker, person=person,
                                              organisations=[org("centre"), org("atina")],
                                              victim_participated=True, decisions="Network")
    protection.plan_create(actor=caseworker, person=person, conference=conference, tasks=[
        {"area": "psychological_support", "goal": "Counselling", "organisation": org("atina"),
         "due_on": timezone.localdate() + datetime.timedelta(days=7)}])
    partner = make_user(Role.PARTNER_CASEWORKER, "atina")
    answer = api_client_for(partner).post(reverse("api-consents", args=[person.pseudonym]),
                                          {"organisation": "astra"}, format="json")
    assert answer.status_code == 403
    assert refusals(person).get().details == {"asked": "protection.manage"}


def test_web_404_for_a_hidden_person_is_audited(client, make_user, make_person):
    person = make_person()
    outsider = make_user(Role.SHELTER_STAFF)
    client.force_login(outsider)
    assert client.get(reverse("person-detail", args=[person.pseudonym])).status_code == 404
    assert refusals(person).get().actor_id == outsider.pk
