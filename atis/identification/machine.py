"""The identification procedure's state machine (ARCHITECTURE.md §The case lifecycle).
A transition not in the table is refused with a message naming the two states."""

from django.utils.translation import gettext as _

from atis.core.errors import DomainError
from atis.identification.models import Procedure

S = Procedure.Status
DECIDED = (S.IDENTIFIED, S.NOT_IDENTIFIED, S.TERMINATED, S.SUSPENDED)

TRANSITIONS: dict[str, frozenset[str]] = {
    S.OPEN: frozenset({S.AWAITING_APPROVAL, *DECIDED}),
    S.AWAITING_APPROVAL: frozenset({S.OPEN, *DECIDED}),
    S.SUSPENDED: frozenset({S.OPEN, S.AWAITING_APPROVAL, S.TERMINATED}),
    S.IDENTIFIED: frozenset(),
    S.NOT_IDENTIFIED: frozenset(),
    S.TERMINATED: frozenset(),
}


def can_move(current: str, target: str) -> bool:
    return target in TRANSITIONS[current]


def assert_can(procedure: Procedure, target: str) -> None:
    if not can_move(procedure.status, target):
        raise DomainError({"status": _("A procedure that is “%(current)s” cannot become "
                                       "“%(target)s”.") % {"current": S(procedure.status).label,
                                                          "target": S(target).label}})


def move(procedure: Procedure, target: str) -> None:
    assert_can(procedure, target)
    procedure.status = target
