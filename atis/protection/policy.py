"""The protection app's part of the access policy (atis.core.access): plan tasks, services,
shelter stays, and what consent and residence give partners and the Shelter."""

import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from atis.core import access
from atis.core.access import role_of
from atis.core.roles import CENTRE_ROLES, Role
from atis.people.policy import visible_persons

ACTIONS = {
    "protection.manage": CENTRE_ROLES,
    "service.record": CENTRE_ROLES | {Role.PARTNER_CASEWORKER, Role.SHELTER_STAFF},
    "task.update": CENTRE_ROLES | {Role.PARTNER_CASEWORKER},
    "shelter.work": CENTRE_ROLES | {Role.SHELTER_STAFF},
    "shelter.view_address": frozenset({Role.CENTRE_MANAGER, Role.SHELTER_STAFF}),
}


def consented(user, person_ref: str = "pk", area_ref: str | None = None):
    """Exists(): an active (not withdrawn) consent of the person to share with the user's
    organisation (for the area at `area_ref`, when given)."""
    from atis.protection.models import Consent

    consents = Consent.objects.filter(person=OuterRef(person_ref), organisation=user.organisation,
                                      withdrawn_on__isnull=True)
    if area_ref:
        consents = consents.filter(Q(area=OuterRef(area_ref)) | Q(area=""))
    return Exists(consents)


def partner_tasks(user) -> QuerySet:
    """Tasks of the partner's organisation that the person consented to share."""
    from atis.protection.models import PlanTask

    return PlanTask.objects.filter(organisation=user.organisation, plan__status="active").filter(
        consented(user, "plan__person_id", "area"))


def grace_start() -> datetime.date:
    """Stays that ended on or after this day are still the Shelter's (ATIS_SHELTER_GRACE_DAYS)."""
    return timezone.localdate() - datetime.timedelta(days=settings.SHELTER_GRACE_DAYS)


def residents(user) -> QuerySet:
    """The user's shelter's stays that are open or ended within the grace period: the
    Shelter's access to a resident ends with the relationship."""
    from atis.protection.models import ShelterStay

    return ShelterStay.objects.filter(shelter=user.organisation).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=grace_start()))


def visible_tasks(user) -> QuerySet:
    """Plan tasks: the Centre sees those of the persons it sees; a partner only its own
    organisation's tasks that the person consented to share (never other partners')."""
    from atis.protection.models import PlanTask

    role = role_of(user)
    if role in CENTRE_ROLES:
        return PlanTask.objects.filter(plan__person__in=visible_persons(user))
    if role == Role.PARTNER_CASEWORKER:
        return partner_tasks(user)
    return PlanTask.objects.none()


def visible_services(user) -> QuerySet:
    from atis.protection.models import ServiceRecord

    role = role_of(user)
    if role in CENTRE_ROLES:
        return ServiceRecord.objects.filter(person__in=visible_persons(user))
    if role in (Role.PARTNER_CASEWORKER, Role.SHELTER_STAFF):
        return ServiceRecord.objects.filter(provider=user.organisation,
                                            person__in=visible_persons(user))
    return ServiceRecord.objects.none()


def visible_stays(user) -> QuerySet:
    from atis.protection.models import ShelterStay

    role = role_of(user)
    if role in CENTRE_ROLES:
        return ShelterStay.objects.filter(person__in=visible_persons(user))
    if role == Role.SHELTER_STAFF:
        return residents(user)
    return ShelterStay.objects.none()


def register() -> None:
    from atis.protection.models import PlanTask, ServiceRecord, ShelterStay

    access.register_actions("protection", ACTIONS)
    access.register_visibility(PlanTask, visible_tasks)
    access.register_visibility(ServiceRecord, visible_services)
    access.register_visibility(ShelterStay, visible_stays)
