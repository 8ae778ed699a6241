"""The monitoring app's part of the access policy (atis.core.access): its actions."""

from atis.core import access
from atis.core.roles import Role

ACTIONS = {
    "monitoring.view": frozenset({Role.COORDINATOR_ANALYST, Role.RAPPORTEUR, Role.CENTRE_MANAGER}),
    "monitoring.manage": frozenset({Role.COORDINATOR_ANALYST}),
    "progress.report": frozenset(Role) - {Role.ADMIN, Role.RAPPORTEUR},
    "recommendations.assess": frozenset({Role.RAPPORTEUR}),
    "recommendations.manage": frozenset({Role.RAPPORTEUR, Role.COORDINATOR_ANALYST}),
    "campaign.manage": frozenset({Role.RAPPORTEUR}),
    "questionnaire.answer": frozenset(Role) - {Role.ADMIN, Role.RAPPORTEUR},
    "registry.record": frozenset(Role) - {Role.ADMIN},
    "registry.hotline": frozenset({Role.HOTLINE_OPERATOR, Role.COORDINATOR_ANALYST}),
}


def register() -> None:
    access.register_actions("monitoring", ACTIONS)
