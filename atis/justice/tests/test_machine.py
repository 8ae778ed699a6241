"""Every event against every stage of a defendant: allowed moves and refusals."""

import itertools

import pytest

from atis.core.errors import DomainError
from atis.justice import machine
from atis.justice.models import Defendant, ProceedingEvent

St = Defendant.Stage
K = ProceedingEvent.Kind

ALLOWED = {
    (St.REPORTED, K.DISMISSAL): St.DISMISSED,
    (St.REPORTED, K.INVESTIGATION_ORDERED): St.INVESTIGATION,
    (St.INVESTIGATION, K.INVESTIGATION_CLOSED): St.INVESTIGATION_CLOSED,
    (St.INVESTIGATION, K.INVESTIGATION_TERMINATED): St.INVESTIGATION_TERMINATED,
    (St.INVESTIGATION, K.INVESTIGATION_SUSPENDED): St.INVESTIGATION_SUSPENDED,
    (St.INVESTIGATION_CLOSED, K.INDICTMENT): St.INDICTED,
    (St.REPORTED, K.INFORMATION): St.INDICTED,
    (St.INVESTIGATION_CLOSED, K.INFORMATION): St.INDICTED,
    (St.INVESTIGATION, K.PLEA_AGREEMENT): St.CONVICTED,
    (St.INVESTIGATION_CLOSED, K.PLEA_AGREEMENT): St.CONVICTED,
    (St.INDICTED, K.PLEA_AGREEMENT): St.CONVICTED,
    (St.REPORTED, K.RECLASSIFICATION): St.RECLASSIFIED,
    (St.INVESTIGATION, K.RECLASSIFICATION): St.RECLASSIFIED,
    (St.INVESTIGATION_CLOSED, K.RECLASSIFICATION): St.RECLASSIFIED,
    (St.INDICTED, K.RECLASSIFICATION): St.RECLASSIFIED,
    (St.INDICTED, K.CONVICTION): St.CONVICTED,
    (St.INDICTED, K.ACQUITTAL): St.ACQUITTED,
    (St.INDICTED, K.REJECTION): St.REJECTED,
    (St.CONVICTED, K.APPEAL): St.APPEALED,
    (St.ACQUITTED, K.APPEAL): St.APPEALED,
    (St.REJECTED, K.APPEAL): St.APPEALED,
    **{(stage, K.FINAL_JUDGEMENT): St.FINAL_CONVICTION
       for stage in (St.CONVICTED, St.ACQUITTED, St.REJECTED, St.APPEALED)},
}


@pytest.mark.parametrize("stage, kind", list(itertools.product(St.values, machine.STAGE_EVENTS)))
def test_stage_table(stage, kind):
    defendant = Defendant(stage=stage)
    if (stage, kind) in ALLOWED:
        assert machine.next_stage(defendant, kind, outcome="convicted") == ALLOWED[(stage, kind)]
    else:
        with pytest.raises(DomainError) as exc:
            machine.next_stage(defendant, kind, outcome="convicted")
        assert "kind" in exc.value.fields


@pytest.mark.parametrize("outcome, stage", [("convicted", St.FINAL_CONVICTION),
                                            ("acquitted", St.FINAL_ACQUITTAL),
                                            ("rejected", St.FINAL_REJECTION)])
def test_final_judgement_follows_its_outcome(outcome, stage):
    assert machine.next_stage(Defendant(stage=St.APPEALED), K.FINAL_JUDGEMENT, outcome) == stage


@pytest.mark.parametrize("kind", [K.HEARING, K.RESTRAINING_ORDER, K.PSYCHIATRIC_TREATMENT])
def test_side_events_leave_the_stage(kind):
    assert machine.next_stage(Defendant(stage=St.INDICTED), kind) is None


@pytest.mark.parametrize("kind, in_custody, after", [
    (K.DETENTION_ORDERED, False, True), (K.DETENTION_EXTENDED, True, None),
    (K.DETENTION_ENDED, True, False), (K.RELEASE_FROM_PRISON, True, False),
    (K.ESCAPE, True, False),
])
def test_custody_events(kind, in_custody, after):
    assert machine.check_custody(Defendant(in_custody=in_custody), kind) == after
    with pytest.raises(DomainError):
        machine.check_custody(Defendant(in_custody=not in_custody), kind)
