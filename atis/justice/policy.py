"""The justice app's part of the access policy (atis.core.access): criminal cases, their
notifications and risk assessments."""

from django.db.models import Q, QuerySet

from atis.core import access
from atis.core.access import role_of
from atis.core.roles import CENTRE_ROLES, JUSTICE_ROLES, Role
from atis.people.policy import visible_persons

ACTIONS = {
    "case.view": CENTRE_ROLES | JUSTICE_ROLES,
    "case.create": frozenset({Role.POLICE_OFFICER, Role.PROSECUTOR}),
    "case.edit": CENTRE_ROLES | JUSTICE_ROLES,
    "event.record": JUSTICE_ROLES,
    "impunity.opinion": CENTRE_ROLES,
    "legal_assistance.record": frozenset({Role.PROSECUTOR, Role.COURT_STAFF,
                                          Role.COORDINATOR_ANALYST}),
    "legal_assistance.view": frozenset({Role.PROSECUTOR, Role.COURT_STAFF, Role.CENTRE_MANAGER,
                                        Role.COORDINATOR_ANALYST, Role.RAPPORTEUR}),
}


def visible_cases(user) -> QuerySet:
    """Police, prosecutors and courts: the criminal cases of their own organisation. The
    Centre: cases in which a person it sees is a damaged party (managers: all)."""
    from atis.justice.models import CriminalCase

    role = role_of(user)
    if role == Role.CENTRE_MANAGER:
        return CriminalCase.objects.all()
    if role == Role.CENTRE_CASEWORKER:
        return CriminalCase.objects.filter(
            pk__in=visible_persons(user).values("damaged_party_in__case_id"))
    if role in JUSTICE_ROLES:
        org = user.organisation
        return CriminalCase.objects.filter(Q(police_administration=org) | Q(prosecutor_office=org)
                                           | Q(pk__in=org.court_cases.values("pk")))
    return CriminalCase.objects.none()


def visible_notifications(user) -> QuerySet:
    """A user's own notifications and those addressed to their organisation."""
    from atis.justice.models import Notification

    if role_of(user) is None:
        return Notification.objects.none()
    return Notification.objects.filter(Q(user=user) | Q(organisation=user.organisation))


def visible_risk_assessments(user) -> QuerySet:
    from atis.justice.models import RiskAssessment

    role = role_of(user)
    if role == Role.CENTRE_MANAGER:
        return RiskAssessment.objects.all()
    if role == Role.CENTRE_CASEWORKER:
        return RiskAssessment.objects.filter(person__in=visible_persons(user))
    if role == Role.PARTNER_CASEWORKER:
        return RiskAssessment.objects.filter(organisation=user.organisation)
    return RiskAssessment.objects.none()


def register() -> None:
    from atis.justice.models import CriminalCase, Notification, RiskAssessment

    access.register_actions("justice", ACTIONS)
    access.register_visibility(CriminalCase, visible_cases)
    access.register_visibility(Notification, visible_notifications)
    access.register_visibility(RiskAssessment, visible_risk_assessments)
