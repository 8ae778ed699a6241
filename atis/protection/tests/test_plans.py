"""The protection plan's lifecycle and consent-driven sharing."""

import datetime

import pytest
from django.utils import timezone

from atis.audit.models import AuditEntry
from atis.core.errors import AccessDenied, DomainError
from atis.core.roles import Role
from atis.people import policy as people_policy
from atis.protection import policy as protection_policy
from atis.protection import selectors, services
from atis.protection.models import PlanTask, ProtectionPlan

TODAY = timezone.localdate()
SOON = TODAY + datetime.timedelta(days=14)


def task(org, area="psychological_support", goal="Weekly counselling", due_on=SOON):
    return {"area": area, "goal": goal, "organisation": org, "due_on": due_on}


@pytest.fixture
def planned(victim, org):
    person, caseworker = victim()
    services.consent_record(actor=caseworker, person=person, organisation=org("atina"),
                            area="psychological_support")
    conference = services.conference_record(actor=caseworker, person=person, held_on=TODAY,
                                             organisations=[org("centre"), org("atina")],
                                             victim_participated=True, decisions="Support network")
    plan = services.plan_create(actor=caseworker, person=person, conference=conference,
                                tasks=[task(org("atina")), task(org("centre"), area="safety",
                                                                goal="Risk assessment")])
    return person, caseworker, plan


def test_plan_is_made_from_a_conference_with_consented_tasks(planned):
    person, _caseworker, plan = planned
    assert plan.status == "active" and plan.version == 1 and plan.conference.victim_participated
    assert sorted(plan.tasks.values_list("organisation__code", flat=True)) == ["atina", "centre"]


def test_task_for_an_organisation_without_consent_is_refused(planned, org):
    person, caseworker, plan = planned
    before = (PlanTask.objects.count(), AuditEntry.objects.count())
    with pytest.raises(DomainError) as exc:
        services.plan_revise(actor=caseworker, plan=plan, add_tasks=[task(org("astra"))])
    assert "organisation" in exc.value.fields and "consent" in exc.value.fields["organisation"][0]
    with pytest.raises(DomainError):
        services.plan_revise(actor=caseworker, plan=plan,
                             add_tasks=[task(org("atina"), area="employment")])
    assert (PlanTask.objects.count(), AuditEntry.objects.count()) == before


def test_one_active_plan_per_person(planned, org):
    person, caseworker, _plan = planned
    with pytest.raises(DomainError) as exc:
        services.plan_create(actor=caseworker, person=person, tasks=[task(org("centre"))])
    assert "plan" in exc.value.fields


def test_revision_keeps_the_previous_version(planned, org):
    person, caseworker, plan = planned
    first = plan.tasks.get(organisation__code="atina")
    services.plan_revise(actor=caseworker, plan=plan, note="Counselling moved to the Centre",
                         cancel_tasks=[first.pk], add_tasks=[task(org("centre"))])
    plan.refresh_from_db()
    assert plan.version == 2
    [version] = plan.versions.all()
    assert version.version == 1 and {t["organisation"] for t in version.snapshot["tasks"]} == \
        {"atina", "centre"}
    first.refresh_from_db()
    assert first.status == "cancelled"


def test_closing_protection_needs_a_reason_and_cancels_open_tasks(planned):
    _person, caseworker, plan = planned
    with pytest.raises(DomainError):
        services.plan_close(actor=caseworker, plan=plan, reason="bored")
    services.plan_close(actor=caseworker, plan=plan, reason="goals_achieved")
    plan.refresh_from_db()
    assert plan.status == "closed" and plan.closure_reason == "goals_achieved"
    assert set(plan.tasks.values_list("status", flat=True)) == {"cancelled"}
    with pytest.raises(DomainError):
        services.plan_revise(actor=caseworker, plan=plan, note="late")


def test_childs_plan_is_made_with_the_centre_for_social_work(victim, org):
    person, caseworker = victim(birth_year=TODAY.year - 12)
    with pytest.raises(DomainError) as exc:
        services.plan_create(actor=caseworker, person=person, tasks=[task(org("centre"))])
    assert "social_work_centre" in exc.value.fields
    with pytest.raises(DomainError) as exc:
        services.consent_record(actor=caseworker, person=person, organisation=org("atina"))
    assert "given_by" in exc.value.fields
    services.consent_record(actor=caseworker, person=person, organisation=org("csw-novi-sad"),
                            given_by="guardian")
    plan = services.plan_create(actor=caseworker, person=person,
                                social_work_centre=org("csw-novi-sad"),
                                tasks=[task(org("csw-novi-sad"), area="guardianship")])
    assert plan.social_work_centre.code == "csw-novi-sad"


def test_partner_sees_only_its_consented_tasks(planned, make_user, org):
    person, caseworker, plan = planned
    atina = make_user(Role.PARTNER_CASEWORKER, "atina")
    astra = make_user(Role.PARTNER_CASEWORKER, "astra")
    assert [t.organisation.code for t in protection_policy.visible_tasks(atina)] == ["atina"]
    assert not protection_policy.visible_tasks(astra).exists()
    assert not people_policy.visible_persons(astra).filter(pk=person.pk).exists()
    file = selectors.protection_file(user=atina, person=person)
    assert [t.organisation.code for t in file["tasks"]] == ["atina"]
    assert "consents" not in file and "residence" not in file


def test_withdrawn_consent_hides_the_person_at_once(planned, make_user):
    person, caseworker, _plan = planned
    atina = make_user(Role.PARTNER_CASEWORKER, "atina")
    consent = person.consents.get()
    services.consent_withdraw(actor=caseworker, consent=consent)
    assert not protection_policy.visible_tasks(atina).exists()
    assert not people_policy.visible_persons(atina).filter(pk=person.pk).exists()
    with pytest.raises(DomainError):
        services.consent_withdraw(actor=caseworker, consent=consent)


def test_partner_sees_the_identity_only_if_the_person_agreed(planned, make_user, org):
    from atis.people import selectors as people

    person, caseworker, _plan = planned
    atina = make_user(Role.PARTNER_CASEWORKER, "atina")
    with pytest.raises(AccessDenied):
        people.person_identity(user=atina, person=person)
    services.consent_record(actor=caseworker, person=person, organisation=org("atina"),
                            area="psychological_support", share_identity=True)
    assert people.person_identity(user=atina, person=person).given_name == "Ana"


def test_partner_moves_its_own_task_but_not_another_organisations(planned, make_user):
    _person, _caseworker, plan = planned
    atina = make_user(Role.PARTNER_CASEWORKER, "atina")
    mine = plan.tasks.get(organisation__code="atina")
    centres = plan.tasks.get(organisation__code="centre")
    services.task_set_status(actor=atina, task=mine, status="done")
    mine.refresh_from_db()
    assert mine.status == "done" and mine.completed_on == TODAY
    with pytest.raises(AccessDenied):
        services.task_set_status(actor=atina, task=centres, status="done")
    with pytest.raises(DomainError):
        services.task_set_status(actor=atina, task=mine, status="in_progress")


def test_overdue_tasks_show_in_the_inbox(planned, make_user):
    _person, caseworker, plan = planned
    PlanTask.objects.filter(plan=plan, organisation__code="atina").update(
        due_on=TODAY - datetime.timedelta(days=3))
    atina = make_user(Role.PARTNER_CASEWORKER, "atina")
    overdue = list(selectors.task_inbox(user=atina, overdue=True))
    assert len(overdue) == 1 and overdue[0].overdue
    assert [t.organisation.code for t in selectors.task_inbox(user=caseworker, overdue=True)] == ["atina"]


def test_plan_with_a_past_deadline_or_no_goal_is_refused(victim, org):
    person, caseworker = victim()
    for bad, field in [(task(org("centre"), due_on=TODAY - datetime.timedelta(days=9)), "due_on"),
                       (task(org("centre"), goal=""), "goal"),
                       (task(org("centre"), area="magic"), "area")]:
        with pytest.raises(DomainError) as exc:
            services.plan_create(actor=caseworker, person=person, tasks=[bad])
        assert field in exc.value.fields
    assert not ProtectionPlan.objects.exists()
