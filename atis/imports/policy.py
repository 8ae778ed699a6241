"""The imports app's part of the access policy (atis.core.access): its actions."""

from atis.core import access
from atis.core.roles import Role

ACTIONS = {"import.run": frozenset({Role.CENTRE_MANAGER})}


def register() -> None:
    access.register_actions("imports", ACTIONS)
