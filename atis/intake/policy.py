"""The intake app's part of the access policy (atis.core.access): reports."""

from django.db.models import QuerySet

from atis.core import access
from atis.core.access import role_of
from atis.core.roles import CENTRE_ROLES, Role

# Everyone who works with (possible) victims may report; analysts and administrators not.
REPORTING_ROLES = frozenset(Role) - {Role.COORDINATOR_ANALYST, Role.RAPPORTEUR, Role.ADMIN}

ACTIONS = {
    "report.submit": REPORTING_ROLES,
    "report.triage": CENTRE_ROLES,
    "report.view_file": CENTRE_ROLES,
    "hotline.log": frozenset({Role.HOTLINE_OPERATOR}),
}


def visible_reports(user) -> QuerySet:
    """The Centre sees every report (it triages them); everyone else only their own."""
    from atis.intake.models import Report

    role = role_of(user)
    if role in CENTRE_ROLES:
        return Report.objects.all()
    if role in REPORTING_ROLES:
        return Report.objects.filter(reported_by=user)
    return Report.objects.none()


def register() -> None:
    from atis.intake.models import Report

    access.register_actions("intake", ACTIONS)
    access.register_visibility(Report, visible_reports)
