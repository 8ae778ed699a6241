"""The identification app's part of the access policy (atis.core.access): procedures and
the alerts sent from them."""

from django.db.models import QuerySet

from atis.core import access
from atis.core.access import role_of
from atis.core.roles import CENTRE_ROLES, Role
from atis.people.policy import assigned_to

# Staff of the organisations the Centre alerts within 24 hours read those alerts.
ALERT_RECEIVING_ROLES = frozenset({Role.POLICE_OFFICER, Role.PROSECUTOR,
                                   Role.PARTNER_CASEWORKER, Role.REPORTER})

ACTIONS = {
    "procedure.view": CENTRE_ROLES,
    "procedure.work": CENTRE_ROLES,
    "procedure.decide": CENTRE_ROLES,
    "procedure.approve": frozenset({Role.CENTRE_MANAGER}),
    "alert.receive": ALERT_RECEIVING_ROLES,
}


def visible_procedures(user) -> QuerySet:
    from atis.identification.models import Procedure

    role = role_of(user)
    if role == Role.CENTRE_MANAGER:
        return Procedure.objects.all()
    if role == Role.CENTRE_CASEWORKER:
        return Procedure.objects.filter(assigned_to(user, "person_id"))
    return Procedure.objects.none()


def visible_alerts(user) -> QuerySet:
    """The Centre sees the alerts of the procedures it sees; a recipient organisation's
    staff see the alerts sent to it (pseudonym only, never the identity)."""
    from atis.identification.models import Alert

    role = role_of(user)
    if role == Role.CENTRE_MANAGER:  # every procedure: no semi-join over all of them
        return Alert.objects.all()
    if role == Role.CENTRE_CASEWORKER:  # joined, not a semi-join over the procedures
        return Alert.objects.filter(assigned_to(user, "procedure__person_id"))
    if role in ALERT_RECEIVING_ROLES:
        return Alert.objects.filter(organisation=user.organisation, sent_at__isnull=False)
    return Alert.objects.none()


def register() -> None:
    from atis.identification.models import Alert, Procedure

    access.register_actions("identification", ACTIONS)
    access.register_visibility(Procedure, visible_procedures)
    access.register_visibility(Alert, visible_alerts)
