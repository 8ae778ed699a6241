"""The people app's part of the access policy (atis.core.access): its actions, who sees
which persons, and who may see an identity. Registered from PeopleConfig.ready()."""

from django.db.models import Q, QuerySet

from atis.core import access
from atis.core.access import role_of
from atis.core.roles import CENTRE_ROLES, Role

ACTIONS = {
    "person.create": CENTRE_ROLES,
    "person.view": CENTRE_ROLES | {Role.PARTNER_CASEWORKER, Role.SHELTER_STAFF},
    "person.view_identity": CENTRE_ROLES | {Role.PARTNER_CASEWORKER, Role.SHELTER_STAFF},
    "person.edit": CENTRE_ROLES,
    "person.assign": frozenset({Role.CENTRE_MANAGER}),
}


def assigned_to(user, person_ref: str = "pk") -> Q:
    """The person at `person_ref` is in the user's caseload: an active CaseAssignment to
    the user or their team (a semi-join: the database collects the caseload once instead
    of probing it row by row)."""
    from atis.people.models import CaseAssignment

    mine = Q(user=user)
    team_id = user.membership.team_id if user.membership else None
    if team_id:
        # The team covers for each other (24-hour duty): a case assigned to the team or
        # to any active member of it is theirs too.
        mine |= Q(team_id=team_id) | Q(user__memberships__team_id=team_id,
                                       user__memberships__active=True)
    caseload = CaseAssignment.objects.filter(mine, active=True).values("person_id")
    return Q(**{f"{person_ref}__in": caseload})


def visible_persons(user) -> QuerySet:
    """Persons whose pseudonymised record the user may see: the Centre's managers all, its
    caseworkers their caseload; a partner the persons of its consented tasks; the Shelter
    its residents (while the stay lasts and for the grace period after it)."""
    from atis.people.models import Person
    from atis.protection import policy as protection

    role = role_of(user)
    if role == Role.CENTRE_MANAGER:
        return Person.objects.all()
    if role == Role.CENTRE_CASEWORKER:
        return Person.objects.filter(assigned_to(user))
    if role == Role.PARTNER_CASEWORKER:
        return Person.objects.filter(pk__in=protection.partner_tasks(user).values("plan__person_id"))
    if role == Role.SHELTER_STAFF:
        return Person.objects.filter(pk__in=protection.residents(user).values("person_id"))
    return Person.objects.none()


def may_see_identity(user, person) -> bool:
    """The Centre (its caseload), the Shelter (its residents, as long as it sees them) and
    a partner the person allowed to know who they are (until the consent is withdrawn)."""
    if not visible_persons(user).filter(pk=person.pk).exists():
        return False
    role = role_of(user)
    if role == Role.PARTNER_CASEWORKER:
        from atis.protection.models import Consent

        return Consent.objects.filter(person=person, organisation=user.organisation,
                                      withdrawn_on__isnull=True, share_identity=True).exists()
    return role in CENTRE_ROLES or role == Role.SHELTER_STAFF


def identity_needs_reason(user, person) -> bool:
    """A manager reading the identity of a person outside their own caseload "breaks the
    glass": allowed, but only with a reason, which the audit trail keeps."""
    from atis.people.models import Person

    if role_of(user) != Role.CENTRE_MANAGER:
        return False
    return not Person.objects.filter(assigned_to(user), pk=person.pk).exists()


def register() -> None:
    from atis.people.models import Person

    access.register_actions("people", ACTIONS)
    access.register_visibility(Person, visible_persons)
