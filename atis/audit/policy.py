"""The audit app's part of the access policy (atis.core.access): its actions."""

from atis.core import access
from atis.core.roles import Role

ACTIONS = {"audit.view": frozenset({Role.CENTRE_MANAGER})}


def register() -> None:
    access.register_actions("audit", ACTIONS)
