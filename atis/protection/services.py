"""Every write of protection: consent, case conferences, plans and their revisions, tasks,
services, the Shelter, placements and foreign victims' status. Each in one transaction,
audited; refused input raises DomainError and writes nothing."""

import datetime

from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from atis.audit import services as audit
from atis.core import access, chronology
from atis.core.errors import DomainError
from atis.core.models import Organisation
from atis.core.roles import CENTRE_ROLES, OrganisationType
from atis.identification.rules import age_at
from atis.people.models import Person, PersonIdentity
from atis.protection import policy as protection_policy
from atis.protection import rules
from atis.protection.models import (
    CaseConference,
    Consent,
    MedicalExamination,
    Placement,
    PlacementRefusal,
    PlanTask,
    PlanVersion,
    ProtectionPlan,
    ResidenceStatus,
    SecurityIncident,
    ServiceRecord,
    ShelterPhaseChange,
    ShelterSite,
    ShelterStay,
)
from atis.reference import selectors as reference

SERBIA = "RS"


def _today():
    return timezone.localdate()


def _first_known(person: Person) -> tuple[datetime.date, str]:
    """When the person was first known: their record, or an earlier report about them (a
    report entered later with its real date)."""
    reported = person.reports.aggregate(first=Min("report__received_at"))["first"]
    days = [person.first_known_on, *([chronology.day_of(reported)] if reported else [])]
    return min(days), _("the person was first known")


def _procedure_opened(person: Person) -> tuple[datetime.date, str]:
    """When the person's first identification procedure opened (else: first known)."""
    opened = person.procedures.aggregate(first=Min("opened_at"))["first"]
    if opened is None:
        return _first_known(person)
    return chronology.day_of(opened), _("the identification procedure opened")


def _plan_since(plan: ProtectionPlan) -> tuple[datetime.date, str]:
    """The day the plan's current version took effect: its start, or its last revision."""
    revised = plan.versions.aggregate(last=Max("revised_on"))["last"]
    return (revised, _("the last revision of the plan")) if revised else \
        (plan.started_on, _("the plan started"))


def _text(value: str, field: str, limit: int) -> str:
    if len(value or "") > limit:
        raise DomainError({field: _("At most %(limit)d characters.") % {"limit": limit}})
    return value or ""


def _age(person: Person, day: datetime.date) -> int | None:
    identity = PersonIdentity.objects.filter(person=person).first()
    return age_at(identity.date_of_birth if identity else None, person.birth_year, day)


def _is_child(person: Person, day: datetime.date) -> bool:
    age = _age(person, day)
    return age is not None and age < 18


def _centre_owned(organisation: Organisation) -> bool:
    return organisation.type in (OrganisationType.CENTRE, OrganisationType.SHELTER)


def _has_consent(person: Person, organisation: Organisation, area: str) -> bool:
    return Consent.objects.filter(person=person, organisation=organisation,
                                  withdrawn_on__isnull=True, area__in=[area, ""]).exists()


# --- consent ---------------------------------------------------------------------------

@transaction.atomic
def consent_record(*, actor, person: Person, organisation: Organisation, area: str = "",
                   share_identity: bool = False, given_by: str = Consent.GivenBy.PERSON,
                   given_on: datetime.date | None = None) -> Consent:
    """Record what the person (for a child: the guardian) agreed to share, with whom."""
    access.require(actor, "protection.manage", person)
    if area:
        reference.require_term("service_area", area, field="area")
    if given_by not in Consent.GivenBy.values:
        raise DomainError({"given_by": _("Consent is given by the person or the guardian.")})
    given_on = chronology.happened_on(given_on, "given_on", _first_known(person))
    if given_by == Consent.GivenBy.PERSON and _is_child(person, given_on):
        raise DomainError({"given_by": _("For a child, the guardian gives consent.")})
    consent = Consent.objects.create(person=person, organisation=organisation, area=area,
                                     share_identity=share_identity, given_by=given_by,
                                     given_on=given_on, recorded_by=actor)
    audit.record(actor, "consent.record", consent, organisation=organisation.code, area=area,
                 share_identity=share_identity)
    return consent


@transaction.atomic
def consent_withdraw(*, actor, consent: Consent,
                     withdrawn_on: datetime.date | None = None) -> Consent:
    """Withdrawn consent hides the person's tasks and data from that organisation at once."""
    access.require(actor, "protection.manage", consent.person)
    if consent.withdrawn_on:
        raise DomainError({"withdrawn_on": _("This consent was already withdrawn.")})
    consent.withdrawn_on = chronology.happened_on(withdrawn_on, "withdrawn_on",
                               (consent.given_on, _("the consent was given")))
    consent.save(update_fields=["withdrawn_on"])
    audit.record(actor, "consent.withdraw", consent, organisation=consent.organisation.code)
    return consent


# --- case conference and plan ------------------------------------------------------------

@transaction.atomic
def conference_record(*, actor, person: Person, organisations, held_on: datetime.date | None = None,
                      participants: str = "", victim_participated: bool = False,
                      guardian_participated: bool = False, decisions: str = "") -> CaseConference:
    access.require(actor, "protection.manage", person)
    held_on = chronology.happened_on(held_on, "held_on", _procedure_opened(person))
    organisations = list(organisations)
    if not organisations:
        raise DomainError({"organisations": _("Name the organisations that took part.")})
    conference = CaseConference.objects.create(
        person=person, held_on=held_on, participants=_text(participants, "participants", 2000),
        victim_participated=victim_participated, guardian_participated=guardian_participated,
        decisions=_text(decisions, "decisions", 10000), recorded_by=actor)
    conference.organisations.set(organisations)
    audit.record(actor, "conference.record", conference, organisations=len(organisations))
    return conference


def _clean_task(person: Person, task: dict, *, since: tuple[datetime.date, str]) -> dict:
    area = reference.require_term("service_area", task.get("area", ""), field="area")
    organisation = task.get("organisation")
    if organisation is None:
        raise DomainError({"organisation": _("Name the organisation responsible.")})
    if not _centre_owned(organisation) and not _has_consent(person, organisation, area):
        raise DomainError({"organisation": _(
            "The person did not consent to share “%(area)s” with %(organisation)s. Record "
            "their consent first, or choose another organisation.")
            % {"area": reference.label("service_area", area), "organisation": organisation}})
    due_on = task.get("due_on")
    if due_on is None:
        raise DomainError({"due_on": _("Give the task a deadline.")})
    chronology.not_before(due_on, since[0], field="due_on", step=since[1])
    if not (task.get("goal") or "").strip():
        raise DomainError({"goal": _("Say what the task should achieve.")})
    return {"area": area, "organisation": organisation, "due_on": due_on,
            "goal": _text(task["goal"], "goal", 2000)}


@transaction.atomic
def plan_create(*, actor, person: Person, tasks: list[dict], conference: CaseConference | None = None,
                started_on: datetime.date | None = None, review_due: datetime.date | None = None,
                social_work_centre: Organisation | None = None) -> ProtectionPlan:
    """The individual protection plan: goals, deadlines and responsible organisations per
    area. A child's plan is made with the centre for social work (and the guardian's
    consent)."""
    access.require(actor, "protection.manage", person)
    if ProtectionPlan.objects.filter(person=person, status=ProtectionPlan.Status.ACTIVE).exists():
        raise DomainError({"plan": _("This person already has an active plan: revise it.")})
    if conference is not None and conference.person_id != person.pk:
        raise DomainError({"conference": _("This case conference was about another person.")})
    started_on = chronology.happened_on(started_on, "started_on", _first_known(person),
                     (conference and conference.held_on, _("the case conference")))
    if _is_child(person, started_on):
        if social_work_centre is None or social_work_centre.type != OrganisationType.SOCIAL_WORK_CENTRE:
            raise DomainError({"social_work_centre": _(
                "A child's plan is made with the centre for social work: name it.")})
    elif social_work_centre is not None and social_work_centre.type != OrganisationType.SOCIAL_WORK_CENTRE:
        raise DomainError({"social_work_centre": _("This is not a centre for social work.")})
    since = (started_on, _("the plan started"))
    review_due = review_due or rules.add_months(started_on, rules.REVIEW_MONTHS)
    chronology.not_before(review_due, started_on, field="review_due", step=since[1])
    clean = [_clean_task(person, task, since=since) for task in tasks]
    plan = ProtectionPlan.objects.create(person=person, conference=conference, started_on=started_on,
                                         review_due=review_due, social_work_centre=social_work_centre,
                                         created_by=actor)
    PlanTask.objects.bulk_create(PlanTask(plan=plan, **task) for task in clean)
    audit.record(actor, "plan.create", plan, tasks=len(clean))
    return plan


def _snapshot(plan: ProtectionPlan) -> dict:
    return {"review_due": plan.review_due.isoformat(), "tasks": [
        {"id": t.pk, "area": t.area, "organisation": t.organisation.code,
         "due_on": t.due_on.isoformat(), "status": t.status}
        for t in plan.tasks.select_related("organisation")]}


def _require_active(plan: ProtectionPlan) -> None:
    if plan.status != ProtectionPlan.Status.ACTIVE:
        raise DomainError({"plan": _("This plan is closed.")})


@transaction.atomic
def plan_revise(*, actor, plan: ProtectionPlan, note: str = "", add_tasks=(), cancel_tasks=(),
                review_due: datetime.date | None = None,
                revised_on: datetime.date | None = None) -> ProtectionPlan:
    """Revise the plan: the plan as it stood is kept as a version."""
    access.require(actor, "protection.manage", plan.person)
    plan = ProtectionPlan.objects.select_for_update().get(pk=plan.pk)
    _require_active(plan)
    revised_on = chronology.happened_on(revised_on, "revised_on", _plan_since(plan))
    since = (revised_on, _("the revision"))
    clean = [_clean_task(plan.person, task, since=since) for task in add_tasks]
    cancel = list(plan.tasks.filter(pk__in=list(cancel_tasks)))
    if len(cancel) != len(set(cancel_tasks)):
        raise DomainError({"cancel_tasks": _("Some tasks are not in this plan.")})
    chronology.not_before(review_due, revised_on, field="review_due", step=since[1])
    PlanVersion.objects.create(plan=plan, version=plan.version, snapshot=_snapshot(plan),
                               note=_text(note, "note", 300), revised_on=revised_on,
                               created_by=actor)
    PlanTask.objects.bulk_create(PlanTask(plan=plan, **task) for task in clean)
    PlanTask.objects.filter(pk__in=[t.pk for t in cancel]).update(status=PlanTask.Status.CANCELLED)
    plan.version += 1
    plan.review_due = review_due or plan.review_due
    plan.save(update_fields=["version", "review_due"])
    audit.record(actor, "plan.revise", plan, version=plan.version, added=len(clean),
                 cancelled=len(cancel))
    return plan


@transaction.atomic
def plan_close(*, actor, plan: ProtectionPlan, reason: str,
               closed_on: datetime.date | None = None) -> ProtectionPlan:
    access.require(actor, "protection.manage", plan.person)
    plan = ProtectionPlan.objects.select_for_update().get(pk=plan.pk)
    _require_active(plan)
    reference.require_term("protection_closure_reason", reason, field="reason")
    closed_on = chronology.happened_on(closed_on, "closed_on", _plan_since(plan))
    plan.status, plan.closed_on, plan.closure_reason = ProtectionPlan.Status.CLOSED, closed_on, reason
    plan.save(update_fields=["status", "closed_on", "closure_reason"])
    plan.tasks.filter(status__in=[PlanTask.Status.PLANNED, PlanTask.Status.IN_PROGRESS]).update(
        status=PlanTask.Status.CANCELLED)
    audit.record(actor, "plan.close", plan, reason=reason)
    return plan


@transaction.atomic
def task_set_status(*, actor, task: PlanTask, status: str,
                    completed_on: datetime.date | None = None) -> PlanTask:
    """Partners move their own organisation's tasks; the Centre any task."""
    access.require(actor, "task.update", task)
    task = PlanTask.objects.select_for_update().select_related("plan").get(pk=task.pk)
    _require_active(task.plan)
    if status not in PlanTask.Status.values:
        raise DomainError({"status": _("Unknown status “%(code)s”.") % {"code": status}})
    if task.status in (PlanTask.Status.DONE, PlanTask.Status.CANCELLED):
        raise DomainError({"status": _("This task is already %(status)s.")
                           % {"status": task.get_status_display()}})
    task.status = status
    if status == PlanTask.Status.DONE:
        task.completed_on = chronology.happened_on(completed_on, "completed_on",
                                (task.plan.started_on, _("the plan started")))
    task.save(update_fields=["status", "completed_on", "updated_at"])
    audit.record(actor, "task.status", task, status=status)
    return task


# --- services ---------------------------------------------------------------------------

@transaction.atomic
def service_record(*, actor, person: Person, service: str, delivered_on: datetime.date | None = None,
                   task: PlanTask | None = None, sessions: int = 1, outcome: str = "",
                   provider: Organisation | None = None) -> ServiceRecord:
    """Record a service given (on a plan task: not before the plan started). Partners
    record their own services, on tasks shared with them; the Centre may record any
    provider's."""
    access.require(actor, "service.record", person)
    reference.require_term("service_type", service, field="service")
    if not 1 <= sessions <= 100:
        raise DomainError({"sessions": _("Between 1 and 100.")})
    provider = provider if (provider and actor.role in CENTRE_ROLES) else actor.organisation
    if task is not None:
        if task.plan.person_id != person.pk:
            raise DomainError({"task": _("This task belongs to another person's plan.")})
        if not protection_policy.visible_tasks(actor).filter(pk=task.pk).exists():
            raise DomainError({"task": _("This task is not shared with your organisation.")})
    delivered_on = chronology.happened_on(delivered_on, "delivered_on", _first_known(person),
                       (task and task.plan.started_on, _("the plan started")))
    record = ServiceRecord.objects.create(
        person=person, service=service, delivered_on=delivered_on, provider=provider, task=task,
        sessions=sessions, outcome=_text(outcome, "outcome", 2000), recorded_by=actor)
    audit.record(actor, "service.record", record, service=service, provider=provider.code)
    return record


# --- the Shelter ------------------------------------------------------------------------

def _occupancy(shelter: Organisation) -> int:
    stays = ShelterStay.objects.filter(shelter=shelter, left_on__isnull=True)
    return stays.count() + sum(stays.values_list("accompanying_children", flat=True))


@transaction.atomic
def stay_admit(*, actor, person: Person, shelter: Organisation,
               admitted_on: datetime.date | None = None, accompanying_children: int = 0,
               pregnant: bool = False) -> ShelterStay:
    """Admit a woman aged 16 or over (with her children) for six months. The Centre decides on
    accommodation, so the Centre admits; the Shelter's staff then see the resident."""
    access.require(actor, "protection.manage", person)
    if shelter.type != OrganisationType.SHELTER:
        raise DomainError({"shelter": _("This organisation is not a shelter.")})
    admitted_on = chronology.happened_on(admitted_on, "admitted_on", _first_known(person))
    age = _age(person, admitted_on)
    if person.sex != "female" or age is None or age < rules.MINIMUM_AGE:
        raise DomainError({"person": _("The Shelter admits women over 16 (and their children); "
                                       "record the person's sex and age first.")})
    if ShelterStay.objects.filter(person=person, left_on__isnull=True).exists():
        raise DomainError({"person": _("The person is already staying in the Shelter.")})
    if not 0 <= accompanying_children <= 10:
        raise DomainError({"accompanying_children": _("Between 0 and 10.")})
    site = ShelterSite.objects.filter(organisation=shelter).first()
    capacity = site.capacity if site else None
    if capacity is not None and _occupancy(shelter) + 1 + accompanying_children > capacity:
        raise DomainError({"shelter": _("The Shelter is full (%(n)d places).") % {"n": capacity}})
    stay = ShelterStay.objects.create(
        person=person, shelter=shelter, admitted_on=admitted_on,
        ends_on=rules.add_months(admitted_on, rules.FIRST_STAY_MONTHS),
        accompanying_children=accompanying_children, pregnant=pregnant,
        is_return=ShelterStay.objects.filter(person=person).exists(), recorded_by=actor)
    ShelterPhaseChange.objects.create(stay=stay, phase=stay.phase, on=admitted_on)
    audit.record(actor, "shelter.admit", stay, is_return=stay.is_return)
    return stay


def _stay_steps(stay: ShelterStay) -> tuple[tuple[datetime.date, str], ...]:
    """What a later step of the stay follows: the admission and the latest phase change."""
    phase = stay.phase_changes.aggregate(last=Max("on"))["last"]
    return ((stay.admitted_on, _("the admission")),
            (phase, _("the start of the current phase")))


def _current(stay: ShelterStay, actor) -> ShelterStay:
    access.require(actor, "shelter.work", stay)
    stay = ShelterStay.objects.select_for_update().get(pk=stay.pk)
    if stay.left_on is not None:
        raise DomainError({"stay": _("This stay has ended.")})
    return stay


@transaction.atomic
def stay_extend(*, actor, stay: ShelterStay, months: int, reason: str) -> ShelterStay:
    """One extension of up to six months, on an assessed need; never past twelve months."""
    stay = _current(stay, actor)
    if stay.extended:
        raise DomainError({"months": _("The stay was already extended once.")})
    if not 1 <= months <= rules.MAX_EXTENSION_MONTHS:
        raise DomainError({"months": _("An extension is of 1 to %(n)d months.")
                           % {"n": rules.MAX_EXTENSION_MONTHS}})
    if not (reason or "").strip():
        raise DomainError({"reason": _("Record the assessed need (trauma, safety, needs).")})
    new_end = rules.add_months(stay.ends_on, months)
    if new_end > rules.latest_end(stay.admitted_on):
        raise DomainError({"months": _("A stay cannot last more than 12 months.")})
    stay.ends_on, stay.extended = new_end, True
    stay.extension_reason = _text(reason, "reason", 2000)
    stay.save(update_fields=["ends_on", "extended", "extension_reason"])
    audit.record(actor, "shelter.extend", stay, months=months)
    return stay


@transaction.atomic
def stay_move_phase(*, actor, stay: ShelterStay, phase: str, on: datetime.date | None = None) -> ShelterStay:
    """Adaptation → recovery → preparation for independence, in that order."""
    stay = _current(stay, actor)
    if phase not in rules.PHASE_ORDER:
        raise DomainError({"phase": _("Unknown phase.")})
    if rules.PHASE_ORDER.index(phase) != rules.PHASE_ORDER.index(stay.phase) + 1:
        raise DomainError({"phase": _("The phases follow each other: adaptation, recovery, "
                                      "preparation for independence.")})
    on = chronology.happened_on(on, "on", *_stay_steps(stay))
    stay.phase = phase
    stay.save(update_fields=["phase"])
    ShelterPhaseChange.objects.create(stay=stay, phase=phase, on=on)
    audit.record(actor, "shelter.phase", stay, phase=phase)
    return stay


@transaction.atomic
def stay_leave(*, actor, stay: ShelterStay, reason: str, left_on: datetime.date | None = None,
               destination: str = "") -> ShelterStay:
    stay = _current(stay, actor)
    reference.require_term("shelter_departure_reason", reason, field="reason")
    left_on = chronology.happened_on(left_on, "left_on", *_stay_steps(stay))
    if left_on > rules.latest_end(stay.admitted_on):
        raise DomainError({"left_on": _("A stay cannot last more than 12 months.")})
    stay.left_on, stay.departure_reason = left_on, reason
    stay.destination = _text(destination, "destination", 100)
    stay.save(update_fields=["left_on", "departure_reason", "destination"])
    audit.record(actor, "shelter.leave", stay, reason=reason)
    return stay


@transaction.atomic
def examination_record(*, actor, stay: ShelterStay, examination: str,
                       on: datetime.date | None = None) -> MedicalExamination:
    access.require(actor, "shelter.work", stay)
    reference.require_term("medical_examination", examination, field="examination")
    on = chronology.happened_on(on, "on", (stay.admitted_on, _("the admission")))
    if stay.left_on and on > stay.left_on:
        raise DomainError({"on": _("This is after the person left the Shelter (%(date)s).")
                           % {"date": chronology.shown(stay.left_on)}})
    exam = MedicalExamination.objects.create(stay=stay, examination=examination, on=on)
    audit.record(actor, "shelter.examination", stay, examination=examination)
    return exam


@transaction.atomic
def incident_record(*, actor, stay: ShelterStay, description: str, on: datetime.date | None = None,
                    police_informed: bool = False) -> SecurityIncident:
    access.require(actor, "shelter.work", stay)
    on = chronology.happened_on(on, "on", (stay.admitted_on, _("the admission")))
    if not (description or "").strip():
        raise DomainError({"description": _("Describe what happened.")})
    incident = SecurityIncident.objects.create(
        stay=stay, on=on, description=_text(description, "description", 5000),
        police_informed=police_informed, recorded_by=actor)
    audit.record(actor, "shelter.incident", stay, police_informed=police_informed)
    return incident


@transaction.atomic
def shelter_site_set(*, actor, shelter: Organisation, address: str, capacity: int) -> ShelterSite:
    access.require(actor, "shelter.view_address")
    if shelter.type != OrganisationType.SHELTER:
        raise DomainError({"shelter": _("This organisation is not a shelter.")})
    if not 1 <= capacity <= 500:
        raise DomainError({"capacity": _("Between 1 and 500 places.")})
    site, _created = ShelterSite.objects.update_or_create(
        organisation=shelter, defaults={"address": _text(address, "address", 300),
                                        "capacity": capacity})
    audit.record(actor, "shelter.site", site, capacity=capacity)
    return site


# --- other placements -----------------------------------------------------------------

@transaction.atomic
def placement_record(*, actor, person: Person, kind: str, started_on: datetime.date | None = None,
                     organisation: Organisation | None = None,
                     ended_on: datetime.date | None = None) -> Placement:
    access.require(actor, "protection.manage", person)
    reference.require_term("placement_type", kind, field="kind")
    started_on = chronology.happened_on(started_on, "started_on", _first_known(person))
    if ended_on is not None:
        chronology.happened_on(ended_on, "ended_on", (started_on, _("the placement started")))
    placement = Placement.objects.create(person=person, kind=kind, organisation=organisation,
                                         started_on=started_on, ended_on=ended_on,
                                         recorded_by=actor)
    audit.record(actor, "placement.record", placement, kind=kind)
    return placement


@transaction.atomic
def placement_refusal_record(*, actor, person: Person, kind: str, organisation: Organisation,
                             requested_on: datetime.date | None = None,
                             refused_on: datetime.date | None = None,
                             reason: str = "") -> PlacementRefusal:
    """A refused placement request, kept so the Centre can show how often children are refused."""
    access.require(actor, "protection.manage", person)
    reference.require_term("placement_type", kind, field="kind")
    requested_on = chronology.happened_on(requested_on, "requested_on", _first_known(person))
    refused_on = chronology.happened_on(refused_on, "refused_on", (requested_on, _("the request")))
    refusal = PlacementRefusal.objects.create(
        person=person, kind=kind, organisation=organisation, requested_on=requested_on,
        refused_on=refused_on, reason=_text(reason, "reason", 300),
        child=_is_child(person, requested_on), recorded_by=actor)
    audit.record(actor, "placement.refusal", refusal, kind=kind, organisation=organisation.code)
    return refusal


# --- foreign victims and repatriation -----------------------------------------------------

FOREIGN_ONLY = {ResidenceStatus.Kind.TEMPORARY_STAY, ResidenceStatus.Kind.ASYLUM,
                ResidenceStatus.Kind.VOLUNTARY_RETURN}


@transaction.atomic
def residence_status_record(*, actor, person: Person, kind: str,
                            applied_on: datetime.date | None = None,
                            country: str = "") -> ResidenceStatus:
    """An application (the person may have applied before the Centre knew them)."""
    access.require(actor, "protection.manage", person)
    if kind not in ResidenceStatus.Kind.values:
        raise DomainError({"kind": _("Unknown kind “%(code)s”.") % {"code": kind}})
    citizenships = set(person.citizenships.values_list("code", flat=True))
    national = SERBIA in citizenships
    if kind in FOREIGN_ONLY and (national or not citizenships):
        raise DomainError({"kind": _("Only a foreign national (citizenship on record, not "
                                     "Serbian) can have this status.")})
    if kind == ResidenceStatus.Kind.REPATRIATION and not national:
        raise DomainError({"kind": _("Repatriation is for Serbian nationals returning home.")})
    applied_on = chronology.happened_on(applied_on, "applied_on")
    country_obj = None
    if country:
        [country_obj] = reference.require_countries([country], field="country")
    status = ResidenceStatus.objects.create(person=person, kind=kind, applied_on=applied_on,
                                            country=country_obj, recorded_by=actor)
    audit.record(actor, "residence.record", status, kind=kind)
    return status


@transaction.atomic
def residence_opinion(*, actor, status: ResidenceStatus, positive: bool,
                      on: datetime.date | None = None) -> ResidenceStatus:
    """The Centre's findings and opinion, mandatory before temporary stay is decided."""
    access.require(actor, "protection.manage", status.person)
    on = chronology.happened_on(on, "on", (status.applied_on, _("the application")))
    status.centre_opinion_on, status.centre_opinion_positive = on, positive
    status.save(update_fields=["centre_opinion_on", "centre_opinion_positive"])
    audit.record(actor, "residence.opinion", status, positive=positive)
    return status


@transaction.atomic
def residence_decide(*, actor, status: ResidenceStatus, decision: str,
                     decided_on: datetime.date | None = None,
                     expires_on: datetime.date | None = None) -> ResidenceStatus:
    access.require(actor, "protection.manage", status.person)
    if decision not in (ResidenceStatus.Decision.GRANTED, ResidenceStatus.Decision.REFUSED,
                        ResidenceStatus.Decision.WITHDRAWN):
        raise DomainError({"decision": _("Granted, refused or withdrawn.")})
    on = chronology.happened_on(decided_on, "decided_on", (status.applied_on, _("the application")),
             (status.centre_opinion_on, _("the Centre's opinion")))
    if status.kind == ResidenceStatus.Kind.TEMPORARY_STAY and status.centre_opinion_on is None \
            and decision != ResidenceStatus.Decision.WITHDRAWN:
        raise DomainError({"decision": _("Temporary stay is decided only after the Centre's "
                                         "findings and opinion.")})
    if expires_on is not None and expires_on <= on:
        raise DomainError({"expires_on": _("The expiry must follow the decision.")})
    status.decision, status.decided_on, status.expires_on = decision, on, expires_on
    status.save(update_fields=["decision", "decided_on", "expires_on"])
    audit.record(actor, "residence.decide", status, decision=decision)
    return status


@transaction.atomic
def border_police_notified(*, actor, status: ResidenceStatus,
                           on: datetime.date | None = None) -> ResidenceStatus:
    """Assisted voluntary return: the return is announced to the border police."""
    access.require(actor, "protection.manage", status.person)
    if status.kind != ResidenceStatus.Kind.VOLUNTARY_RETURN:
        raise DomainError({"kind": _("Only a voluntary return is announced to the border police.")})
    on = chronology.happened_on(on, "on", (status.applied_on, _("the application")),
             (status.decided_on, _("the decision")))
    status.border_police_notified_on = on
    status.save(update_fields=["border_police_notified_on"])
    audit.record(actor, "residence.border_police", status)
    return status
