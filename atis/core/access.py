"""The access policy: the one place that answers who may do what, which persons and
records a user may see, and whether they may see identities (need to know,
ARCHITECTURE.md §Roles). Every selector and service asks here; nothing else decides.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from atis.core.errors import AccessDenied
from atis.core.roles import CENTRE_ROLES, Role

# Actions that depend on the role alone. Object-level checks follow in `require`.
ROLE_ACTIONS: dict[str, frozenset[str]] = {
    "person.create": CENTRE_ROLES,
    "person.view": CENTRE_ROLES,
    "person.view_identity": CENTRE_ROLES,
    "person.edit": CENTRE_ROLES,
    "person.assign": frozenset({Role.CENTRE_MANAGER}),
    "audit.view": frozenset({Role.CENTRE_MANAGER}),
    "reference.edit": frozenset({Role.ADMIN}),
    "organisation.manage": frozenset({Role.ADMIN}),
    "user.manage": frozenset({Role.ADMIN}),
}


def role_of(user) -> str | None:
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    return user.role


def may(user, action: str) -> bool:
    return role_of(user) in ROLE_ACTIONS[action]


def require(user, action: str, obj=None) -> None:
    """Raise AccessDenied unless `user` may do `action` (on `obj`, when given)."""
    if not may(user, action):
        raise AccessDenied(_("Your role does not allow this."))
    if obj is not None and not _may_reach(user, obj):
        raise AccessDenied()


def _may_reach(user, obj) -> bool:
    from atis.people.models import Person

    if isinstance(obj, Person):
        return visible_persons(user).filter(pk=obj.pk).exists()
    return True


# --- persons -------------------------------------------------------------------------

def _assigned_to(user):
    from atis.people.models import CaseAssignment

    mine = Q(user=user)
    team_id = user.membership.team_id if user.membership else None
    if team_id:
        # The team covers for each other (24-hour duty): a case assigned to the team or
        # to any active member of it is theirs too.
        mine |= Q(team_id=team_id) | Q(user__memberships__team_id=team_id,
                                       user__memberships__active=True)
    return Exists(CaseAssignment.objects.filter(mine, person=OuterRef("pk"), active=True))


def visible_persons(user) -> QuerySet:
    """Persons whose pseudonymised record the user may see."""
    from atis.people.models import Person

    role = role_of(user)
    if role == Role.CENTRE_MANAGER:
        return Person.objects.all()
    if role == Role.CENTRE_CASEWORKER:
        return Person.objects.filter(_assigned_to(user))
    return Person.objects.none()


def may_see_identity(user, person) -> bool:
    return may(user, "person.view_identity") and visible_persons(user).filter(pk=person.pk).exists()


def identity_needs_reason(user, person) -> bool:
    """A manager reading the identity of a person outside their own caseload "breaks the
    glass": allowed, but only with a reason, which the audit trail keeps."""
    from atis.people.models import Person

    if role_of(user) != Role.CENTRE_MANAGER:
        return False
    return not Person.objects.filter(_assigned_to(user), pk=person.pk).exists()

