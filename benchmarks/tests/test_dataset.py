"""The benchmark dataset fills every table of the annual report for the benchmark year,
with statuses that follow the decisions."""

import datetime

import pytest
import time_machine

from atis.statistics import engine
from atis.statistics.tables import base
from benchmarks import dataset

TODAY = datetime.datetime(2026, 6, 15, 12, tzinfo=datetime.UTC)


@pytest.mark.django_db
def test_every_annual_table_has_cells_and_statuses_follow_the_decisions():
    from atis.identification.models import Decision, Procedure
    from atis.intake.models import Report

    with time_machine.travel(TODAY, tick=False):
        data = dataset.build(2000, log=lambda msg: None)
        tables = engine.compute(data.year)
    assert data.year == 2025
    assert set(tables) == set(base.TABLES) and len(tables) == 24
    empty = [tid for tid, table in tables.items()
             if not table.cells or not any(c["count"] for c in table.cells)]
    assert empty == []

    for procedure in Procedure.objects.prefetch_related("decisions")[:400]:
        approved = [d for d in procedure.decisions.all() if d.state == "approved"]
        if approved:
            assert procedure.status == max(approved, key=lambda d: d.approved_at).outcome
        else:
            assert procedure.status in ("open", "awaiting_approval")
    assert not Report.objects.filter(status="dismissed", dismissal_reason="").exists()
    assert not Report.objects.filter(status="accepted", procedures__isnull=True).exists()
    assert not Report.objects.exclude(status="received").filter(triaged_at__isnull=True).exists()
    assert Decision.objects.filter(outcome="identified", forms__isnull=True).count() == 0
    assert data.counts["services"] > 2000 and data.counts["cases"] == 200
    assert data.procedure_ids and data.plan_persons and data.case_ids and data.probes
