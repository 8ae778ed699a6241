"""The statistics app's part of the access policy (atis.core.access): its actions."""

from atis.core import access
from atis.core.roles import Role

ACTIONS = {
    "statistics.internal": frozenset({Role.CENTRE_MANAGER, Role.COORDINATOR_ANALYST,
                                      Role.RAPPORTEUR}),
}


def register() -> None:
    access.register_actions("statistics", ACTIONS)
