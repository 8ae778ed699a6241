"""The coordination app's part of the access policy (atis.core.access): groups, meetings,
memos and the contact directory. A meeting's agenda names persons (pseudonyms): it is
shown only to its participants and organisers."""

from django.db.models import Q, QuerySet

from atis.core import access
from atis.core.access import role_of
from atis.core.roles import CENTRE_ROLES, JUSTICE_ROLES, Role

ACTIONS = {
    "coordination.manage": frozenset({Role.COORDINATOR_ANALYST, Role.CENTRE_MANAGER}),
    "coordination.view": CENTRE_ROLES | JUSTICE_ROLES | {Role.COORDINATOR_ANALYST,
                                                          Role.PARTNER_CASEWORKER},
    "memo.send": frozenset(Role) - {Role.ADMIN},
    "memo.statistics": frozenset({Role.COORDINATOR_ANALYST, Role.RAPPORTEUR, Role.CENTRE_MANAGER}),
    "contacts.manage": frozenset({Role.COORDINATOR_ANALYST, Role.ADMIN}),
}


def visible_meetings(user) -> QuerySet:
    """The Centre and the organisers (who may manage coordination) see every meeting;
    anyone else who may view coordination only the meetings their organisation took part
    in or whose group it convenes. Nothing of the others, not even that they were held."""
    from atis.coordination.models import Meeting

    role = role_of(user)
    if role is None or not access.may(user, "coordination.view"):
        return Meeting.objects.none()
    if role in CENTRE_ROLES or access.may(user, "coordination.manage"):
        return Meeting.objects.all()
    org = user.organisation
    if org is None:
        return Meeting.objects.none()
    return Meeting.objects.filter(
        Q(pk__in=Meeting.organisations.through.objects.filter(organisation=org)
          .values("meeting_id")) | Q(group__convenor=org))


def register() -> None:
    from atis.coordination.models import Meeting

    access.register_actions("coordination", ACTIONS)
    access.register_visibility(Meeting, visible_meetings)
