"""The jobs app's part of the access policy (atis.core.access): who sees the runs."""

from atis.core import access
from atis.core.roles import Role

ACTIONS = {"jobs.view": frozenset({Role.ADMIN})}


def register() -> None:
    access.register_actions("jobs", ACTIONS)
