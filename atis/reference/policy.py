"""The reference app's part of the access policy (atis.core.access): its actions."""

from atis.core import access
from atis.core.roles import Role

ACTIONS = {"reference.edit": frozenset({Role.ADMIN})}


def register() -> None:
    access.register_actions("reference", ACTIONS)
