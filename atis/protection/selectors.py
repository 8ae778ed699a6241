"""Reads of protection, always through the access policy: a person's protection file and
timeline, a partner's inbox, the Shelter's residents, overdue tasks and stays ending soon."""

import datetime

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from atis.audit import services as audit
from atis.core import access
from atis.core.roles import CENTRE_ROLES
from atis.people import policy as people_policy
from atis.protection import policy as protection_policy
from atis.protection import rules
from atis.protection.models import PlanTask, ProtectionPlan, ShelterSite, ShelterStay
from atis.reference import selectors as reference

OPEN_TASK = (PlanTask.Status.PLANNED, PlanTask.Status.IN_PROGRESS)
TIMELINE_SERVICES = 200


def overdue_q() -> Q:
    """Tasks past their deadline (said of open ones)."""
    return Q(due_on__lt=timezone.localdate())


def task_inbox(*, user, overdue: bool | None = None) -> QuerySet[PlanTask]:
    """Open tasks the user's organisation is responsible for (the Centre: all it sees),
    the soonest deadline first."""
    qs = (protection_policy.visible_tasks(user).filter(status__in=OPEN_TASK)
          .select_related("plan__person", "organisation").order_by("due_on", "pk"))
    if overdue:
        qs = qs.filter(overdue_q())
    return qs


def plan_active(*, user, person) -> ProtectionPlan | None:
    access.require(user, "person.view", person)
    return (ProtectionPlan.objects.filter(person=person, status=ProtectionPlan.Status.ACTIVE)
            .select_related("conference", "social_work_centre").first())


def protection_file(*, user, person) -> dict:
    """Everything about a person's protection the user may see. Decrypted goals and
    outcomes make this an audited view. Each list is one query, however long: the rows
    are given the person they belong to (their audit entry names its pseudonym)."""
    access.require(user, "person.view", person)
    if not people_policy.visible_persons(user).filter(pk=person.pk).exists():
        raise access.AccessDenied()
    audit.record(user, "protection.view", person)
    centre = access.role_of(user) in CENTRE_ROLES
    plan = plan_active(user=user, person=person)
    tasks = list(protection_policy.visible_tasks(user).filter(plan__person=person)
                 .select_related("organisation", "plan"))
    for task in tasks:
        task.plan.person = person
    services = (protection_policy.visible_services(user).filter(person=person)
                .select_related("provider", "task")[:TIMELINE_SERVICES])
    data = {"plan": _of(person, [plan])[0] if plan else None, "tasks": tasks,
            "services": _of(person, services),
            "stays": _of(person, protection_policy.visible_stays(user).filter(person=person)
                         .prefetch_related("phase_changes", "examinations"))}
    if centre:
        data.update({
            "consents": _of(person, person.consents.select_related("organisation")),
            "conferences": _of(person, person.case_conferences.prefetch_related("organisations")),
            "plans": _of(person, person.protection_plans.prefetch_related("versions")),
            "placements": _of(person, person.placements.select_related("organisation")),
            "refusals": _of(person, person.placement_refusals.select_related("organisation")),
            "residence": _of(person, person.residence_statuses.select_related("country")),
        })
    data["timeline"] = _timeline(data)
    return data


def _of(person, rows) -> list:
    """The rows (of `person`'s records), each with its person set, so none fetches it."""
    rows = list(rows)
    for row in rows:
        row.person = person
    return rows


def _event(day, kind, text) -> dict:
    return {"on": day, "kind": kind, "text": text}


def _timeline(data: dict) -> list[dict]:
    events = []
    for conference in data.get("conferences", []):
        events.append(_event(conference.held_on, "conference", _("Case conference")))
    for plan in data.get("plans", []):
        events.append(_event(plan.started_on, "plan", _("Protection plan started")))
        for version in plan.versions.all():
            events.append(_event(version.revised_on, "revision",
                                 _("Plan revised (version %(n)d kept)") % {"n": version.version}))
        if plan.closed_on:
            events.append(_event(plan.closed_on, "closed", _("Protection plan closed")))
    for task in data["tasks"]:
        if task.completed_on:
            events.append(_event(task.completed_on, "task_done",
                                 _("Task done: %(org)s") % {"org": task.organisation}))
    for service in data["services"]:
        events.append(_event(service.delivered_on, "service",
                             _("Service: %(service)s (%(org)s)") % {
                                 "service": reference.label("service_type", service.service),
                                 "org": service.provider}))
    for stay in data["stays"]:
        events.append(_event(stay.admitted_on, "shelter", _("Admitted to the Shelter")))
        if stay.left_on:
            events.append(_event(stay.left_on, "shelter", _("Left the Shelter")))
    for placement in data.get("placements", []):
        events.append(_event(placement.started_on, "placement", _("Placement started")))
        if placement.ended_on:
            events.append(_event(placement.ended_on, "placement", _("Placement ended")))
    for refusal in data.get("refusals", []):
        events.append(_event(refusal.refused_on, "refusal",
                             _("Placement refused by %(org)s") % {"org": refusal.organisation}))
    for status in data.get("residence", []):
        events.append(_event(status.applied_on, "residence",
                             _("Applied: %(kind)s") % {"kind": status.get_kind_display()}))
        if status.decided_on:
            events.append(_event(status.decided_on, "residence", _("Decided: %(decision)s")
                                 % {"decision": status.get_decision_display()}))
    return sorted(events, key=lambda e: e["on"], reverse=True)


def current_stays(*, user) -> QuerySet[ShelterStay]:
    """The current stays the user sees, the latest admitted first (to page: the Shelter of
    a national system has thousands of residents over its sites)."""
    access.require(user, "shelter.work")
    return (protection_policy.visible_stays(user).filter(left_on__isnull=True)
            .select_related("person", "shelter").order_by("-admitted_on", "-pk"))


def _ending() -> Q:
    """Current stays that end within 30 days (or are past their end)."""
    return Q(ends_on__lte=timezone.localdate() + datetime.timedelta(days=rules.WARN_DAYS))


def stays_ending(*, user) -> QuerySet[ShelterStay]:
    """The current stays ending within 30 days, the soonest first."""
    return current_stays(user=user).filter(_ending()).order_by("ends_on", "pk")


def shelter_overview(*, user) -> dict:
    """Residents and stays ending within 30 days (querysets, for the caller to page or
    bound), occupancy and the number ending (one aggregate), and the address only for
    those who may know it."""
    stays = current_stays(user=user)
    site = None
    if user.organisation and user.organisation.type == "shelter":
        site = ShelterSite.objects.filter(organisation=user.organisation).first()
    may_know = site is not None and access.may(user, "shelter.view_address")
    if may_know:
        audit.record(user, "shelter.view_address", site)
    totals = stays.order_by().aggregate(stays=Count("pk"), ending=Count("pk", filter=_ending()),
                                        children=Coalesce(Sum("accompanying_children"), 0))
    return {
        "residents": stays,
        "ending_soon": stays_ending(user=user), "ending_soon_count": totals["ending"],
        "occupancy": totals["stays"] + totals["children"],
        "capacity": site.capacity if site else None,
        "address": site.address if may_know else None,
    }


def stay_get(*, user, pk: int) -> ShelterStay:
    return access.get_visible(user, protection_policy.visible_stays(user).select_related(
        "person", "shelter"), "shelter.work", pk=pk)
