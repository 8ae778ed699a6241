"""The imports app's part of the access policy (atis.core.access): its actions. The Centre's
managers run imports; the system's administrators watch for runs that failed (their
status and who started them when, never what the file held)."""

from atis.core import access
from atis.core.roles import Role

ACTIONS = {"import.run": frozenset({Role.CENTRE_MANAGER}),
           "import.monitor": frozenset({Role.ADMIN})}


def register() -> None:
    access.register_actions("imports", ACTIONS)
