"""The access policy: the one place that answers who may do what, which persons and
records a user may see, and whether they may see identities (need to know,
ARCHITECTURE.md §Roles). Every selector and service asks here; nothing else decides.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from atis.core.errors import AccessDenied
from atis.core.roles import CENTRE_ROLES, JUSTICE_ROLES, Role

# Everyone who works with (possible) victims may report; analysts and administrators not.
REPORTING_ROLES = frozenset(Role) - {Role.COORDINATOR_ANALYST, Role.RAPPORTEUR, Role.ADMIN}
# Staff of the organisations the Centre alerts within 24 hours read those alerts.
ALERT_RECEIVING_ROLES = frozenset({Role.POLICE_OFFICER, Role.PROSECUTOR,
                                   Role.PARTNER_CASEWORKER, Role.REPORTER})

# Actions that depend on the role alone. Object-level checks follow in `require`.
ROLE_ACTIONS: dict[str, frozenset[str]] = {
    "person.create": CENTRE_ROLES,
    "person.view": CENTRE_ROLES | {Role.PARTNER_CASEWORKER, Role.SHELTER_STAFF},
    "person.view_identity": CENTRE_ROLES | {Role.PARTNER_CASEWORKER, Role.SHELTER_STAFF},
    "person.edit": CENTRE_ROLES,
    "person.assign": frozenset({Role.CENTRE_MANAGER}),
    "audit.view": frozenset({Role.CENTRE_MANAGER}),
    "import.run": frozenset({Role.CENTRE_MANAGER}),
    "reference.edit": frozenset({Role.ADMIN}),
    "report.submit": REPORTING_ROLES,
    "report.triage": CENTRE_ROLES,
    "report.view_file": CENTRE_ROLES,
    "hotline.log": frozenset({Role.HOTLINE_OPERATOR}),
    "procedure.view": CENTRE_ROLES,
    "procedure.work": CENTRE_ROLES,
    "procedure.decide": CENTRE_ROLES,
    "procedure.approve": frozenset({Role.CENTRE_MANAGER}),
    "alert.receive": ALERT_RECEIVING_ROLES,
    "protection.manage": CENTRE_ROLES,
    "service.record": CENTRE_ROLES | {Role.PARTNER_CASEWORKER, Role.SHELTER_STAFF},
    "task.update": CENTRE_ROLES | {Role.PARTNER_CASEWORKER},
    "shelter.work": CENTRE_ROLES | {Role.SHELTER_STAFF},
    "shelter.view_address": frozenset({Role.CENTRE_MANAGER, Role.SHELTER_STAFF}),
    "case.view": CENTRE_ROLES | JUSTICE_ROLES,
    "case.create": frozenset({Role.POLICE_OFFICER, Role.PROSECUTOR}),
    "case.edit": CENTRE_ROLES | JUSTICE_ROLES,
    "event.record": JUSTICE_ROLES,
    "impunity.opinion": CENTRE_ROLES,
    "legal_assistance.record": frozenset({Role.PROSECUTOR, Role.COURT_STAFF,
                                          Role.COORDINATOR_ANALYST}),
    "legal_assistance.view": frozenset({Role.PROSECUTOR, Role.COURT_STAFF, Role.CENTRE_MANAGER,
                                        Role.COORDINATOR_ANALYST, Role.RAPPORTEUR}),
    "coordination.manage": frozenset({Role.COORDINATOR_ANALYST, Role.CENTRE_MANAGER}),
    "coordination.view": CENTRE_ROLES | JUSTICE_ROLES | {Role.COORDINATOR_ANALYST,
                                                          Role.PARTNER_CASEWORKER},
    "memo.send": frozenset(Role) - {Role.ADMIN},
    "memo.statistics": frozenset({Role.COORDINATOR_ANALYST, Role.RAPPORTEUR, Role.CENTRE_MANAGER}),
    "contacts.manage": frozenset({Role.COORDINATOR_ANALYST, Role.ADMIN}),
    "statistics.internal": frozenset({Role.CENTRE_MANAGER, Role.COORDINATOR_ANALYST,
                                      Role.RAPPORTEUR}),
    "monitoring.view": frozenset({Role.COORDINATOR_ANALYST, Role.RAPPORTEUR, Role.CENTRE_MANAGER}),
    "monitoring.manage": frozenset({Role.COORDINATOR_ANALYST}),
    "progress.report": frozenset(Role) - {Role.ADMIN, Role.RAPPORTEUR},
    "recommendations.assess": frozenset({Role.RAPPORTEUR}),
    "recommendations.manage": frozenset({Role.RAPPORTEUR, Role.COORDINATOR_ANALYST}),
    "campaign.manage": frozenset({Role.RAPPORTEUR}),
    "questionnaire.answer": frozenset(Role) - {Role.ADMIN, Role.RAPPORTEUR},
    "registry.record": frozenset(Role) - {Role.ADMIN},
    "registry.hotline": frozenset({Role.HOTLINE_OPERATOR, Role.COORDINATOR_ANALYST}),
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
    from atis.identification.models import Procedure
    from atis.intake.models import Report
    from atis.justice.models import CriminalCase
    from atis.people.models import Person
    from atis.protection.models import PlanTask, ShelterStay

    visible = {Person: visible_persons, Procedure: visible_procedures, Report: visible_reports,
               PlanTask: visible_tasks, ShelterStay: visible_stays, CriminalCase: visible_cases}
    for model, selector in visible.items():
        if isinstance(obj, model):
            return selector(user).filter(pk=obj.pk).exists()
    return True


# --- persons -------------------------------------------------------------------------

def _assigned_to(user, person_ref: str = "pk") -> Q:
    """The person at `person_ref` is in the user's caseload (a semi-join: the database
    collects the caseload once instead of probing it row by row)."""
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


def _consented(user, person_ref: str = "pk", area_ref: str | None = None):
    """Exists(): an active consent of the person to share with the user's organisation
    (for the area at `area_ref`, when given)."""
    from atis.protection.models import Consent

    consents = Consent.objects.filter(person=OuterRef(person_ref), organisation=user.organisation,
                                      withdrawn_on__isnull=True)
    if area_ref:
        consents = consents.filter(Q(area=OuterRef(area_ref)) | Q(area=""))
    return Exists(consents)


def _partner_tasks(user):
    """Tasks of the partner's organisation that the person consented to share."""
    from atis.protection.models import PlanTask

    return PlanTask.objects.filter(organisation=user.organisation, plan__status="active").filter(
        _consented(user, "plan__person_id", "area"))


def _residents(user):
    from atis.protection.models import ShelterStay

    return ShelterStay.objects.filter(shelter=user.organisation)


def visible_persons(user) -> QuerySet:
    """Persons whose pseudonymised record the user may see."""
    from atis.people.models import Person

    role = role_of(user)
    if role == Role.CENTRE_MANAGER:
        return Person.objects.all()
    if role == Role.CENTRE_CASEWORKER:
        return Person.objects.filter(_assigned_to(user))
    if role == Role.PARTNER_CASEWORKER:
        return Person.objects.filter(pk__in=_partner_tasks(user).values("plan__person_id"))
    if role == Role.SHELTER_STAFF:
        return Person.objects.filter(pk__in=_residents(user).values("person_id"))
    return Person.objects.none()


def may_see_identity(user, person) -> bool:
    """The Centre (its caseload), the Shelter (its residents) and a partner the person
    allowed to know who they are."""
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
    return not Person.objects.filter(_assigned_to(user), pk=person.pk).exists()



# --- reports, procedures, alerts ------------------------------------------------------

def visible_reports(user) -> QuerySet:
    """The Centre sees every report (it triages them); everyone else only their own."""
    from atis.intake.models import Report

    role = role_of(user)
    if role in CENTRE_ROLES:
        return Report.objects.all()
    if role in REPORTING_ROLES:
        return Report.objects.filter(reported_by=user)
    return Report.objects.none()


def visible_procedures(user) -> QuerySet:
    from atis.identification.models import Procedure

    role = role_of(user)
    if role == Role.CENTRE_MANAGER:
        return Procedure.objects.all()
    if role == Role.CENTRE_CASEWORKER:
        return Procedure.objects.filter(_assigned_to(user, "person_id"))
    return Procedure.objects.none()


def visible_alerts(user) -> QuerySet:
    """The Centre sees the alerts of the procedures it sees; a recipient organisation's
    staff see the alerts sent to it (pseudonym only, never the identity)."""
    from atis.identification.models import Alert

    role = role_of(user)
    if role in CENTRE_ROLES:
        return Alert.objects.filter(procedure__in=visible_procedures(user))
    if role in ALERT_RECEIVING_ROLES:
        return Alert.objects.filter(organisation=user.organisation, sent_at__isnull=False)
    return Alert.objects.none()


# --- protection -----------------------------------------------------------------------

def visible_tasks(user) -> QuerySet:
    """Plan tasks: the Centre sees those of the persons it sees; a partner only its own
    organisation's tasks that the person consented to share (never other partners')."""
    from atis.protection.models import PlanTask

    role = role_of(user)
    if role in CENTRE_ROLES:
        return PlanTask.objects.filter(plan__person__in=visible_persons(user))
    if role == Role.PARTNER_CASEWORKER:
        return _partner_tasks(user)
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
        return _residents(user)
    return ShelterStay.objects.none()


# --- justice ----------------------------------------------------------------------------

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
