"""A case transferred to another caseworker (people.services.case_reassign) moves the lead
of the person's open identification procedure with it, so the work queue's caseload shows
the case under its new caseworker; a closed procedure keeps the lead it was decided under,
and a case transferred to a team keeps its lead."""

import pytest

from atis.audit.models import AuditEntry
from atis.core.models import Team
from atis.core.roles import Role
from atis.identification import selectors
from atis.identification.models import Procedure
from atis.people import services as people

pytestmark = pytest.mark.django_db


def test_the_open_procedure_follows_the_case_to_its_new_caseworker(make_user, open_procedure):
    procedure, holder = open_procedure()
    manager = make_user(Role.CENTRE_MANAGER)
    successor = make_user(Role.CENTRE_CASEWORKER)
    people.case_reassign(actor=manager, person=procedure.person, user=successor,
                         reason="The caseworker is on leave.")
    procedure.refresh_from_db()
    assert procedure.lead_caseworker == successor
    entry = AuditEntry.objects.get(action="procedure.lead_changed")
    assert (entry.actor_username, entry.details["from"], entry.details["to"]) == (
        manager.username, holder.pk, successor.pk)
    assert [p.pk for p in selectors.procedure_list(user=manager, caseworker=successor.pk)] \
        == [procedure.pk]


def test_a_closed_procedure_and_a_transfer_to_a_team_keep_their_lead(make_user, open_procedure):
    closed, holder = open_procedure()
    Procedure.objects.filter(pk=closed.pk).update(status=Procedure.Status.NOT_IDENTIFIED)
    manager = make_user(Role.CENTRE_MANAGER)
    people.case_reassign(actor=manager, person=closed.person,
                         user=make_user(Role.CENTRE_CASEWORKER), reason="Leave.")
    closed.refresh_from_db()
    assert closed.lead_caseworker == holder

    procedure, holder = open_procedure()
    team = Team.objects.create(organisation=holder.organisation, name="Novi Sad")
    people.case_reassign(actor=manager, person=procedure.person, team=team, reason="Leave.")
    procedure.refresh_from_db()
    assert procedure.lead_caseworker == holder
    assert not AuditEntry.objects.filter(action="procedure.lead_changed").exists()
