"""Every allowed and every refused transition of the identification procedure."""

import itertools

import pytest

from atis.core.errors import DomainError
from atis.identification import machine
from atis.identification.models import Procedure

S = Procedure.Status
ALLOWED = {
    (S.OPEN, S.AWAITING_APPROVAL), (S.OPEN, S.IDENTIFIED), (S.OPEN, S.NOT_IDENTIFIED),
    (S.OPEN, S.TERMINATED), (S.OPEN, S.SUSPENDED),
    (S.AWAITING_APPROVAL, S.OPEN), (S.AWAITING_APPROVAL, S.IDENTIFIED),
    (S.AWAITING_APPROVAL, S.NOT_IDENTIFIED), (S.AWAITING_APPROVAL, S.TERMINATED),
    (S.AWAITING_APPROVAL, S.SUSPENDED),
    (S.SUSPENDED, S.OPEN), (S.SUSPENDED, S.AWAITING_APPROVAL), (S.SUSPENDED, S.TERMINATED),
}
PAIRS = list(itertools.product(S.values, repeat=2))


@pytest.mark.parametrize("current, target", PAIRS)
def test_transition_table(current, target):
    procedure = Procedure(status=current)
    if (current, target) in ALLOWED:
        machine.move(procedure, target)
        assert procedure.status == target
    else:
        with pytest.raises(DomainError) as exc:
            machine.move(procedure, target)
        assert "status" in exc.value.fields and procedure.status == current


@pytest.mark.parametrize("closed", [S.IDENTIFIED, S.NOT_IDENTIFIED, S.TERMINATED])
def test_closed_states_are_final(closed):
    assert not machine.TRANSITIONS[closed]
