"""The DuckDB peer computes every table of the annual report exactly as the ORM does: the
same cells and values, for the benchmark dataset (every table filled) and the demo data."""

import datetime
import types

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from atis.coordination.models import Memo
from atis.identification.models import Decision, DecisionForm, Procedure
from atis.intake.models import Report
from atis.justice.models import Defendant, ProceedingEvent
from atis.people.models import Person
from atis.protection.models import ServiceRecord, ShelterStay
from atis.reference.models import Country
from atis.statistics import engine, facts
from atis.statistics.tables.base import Period
from benchmarks import dataset, duckdb_peer

NOW = datetime.datetime(2026, 6, 15, 12, tzinfo=datetime.UTC)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def peer_differences(con, year: int) -> tuple[list[str], dict]:
    params = duckdb_peer.parameters(year, timezone.localdate())
    tables = engine.compute(year)
    problems = []
    for table_id, table in tables.items():
        rows, values = duckdb_peer.compute_table(con, table_id, params)
        problems += duckdb_peer.differences(table, rows, values)
    return problems, tables


def edge_cases(year: int) -> None:
    """Bend some generated records into the cases a peer is most likely to get wrong."""
    period = Period(year)
    first, last = period.first_day, period.last_day
    identified = Decision.objects.filter(outcome="identified", state="approved",
                                         approved_at__gte=period.start, approved_at__lt=period.end)
    a, b, c, d, e = identified.order_by("pk")[:5]
    # b's person identified twice in the year, at the same moment (the later pk counts)
    Procedure.objects.filter(pk=a.procedure_id).update(person=b.procedure.person)
    Decision.objects.filter(pk=a.pk).update(approved_at=b.approved_at)
    Decision.objects.filter(pk=c.pk).update(approved_at=period.start)  # on the first instant
    Decision.objects.filter(pk=d.pk).update(approved_at=period.end)    # the next year's
    DecisionForm.objects.create(decision=b, form="labour" if b.forms.first().form != "labour"
                                else "sexual")                       # "multiple"
    DecisionForm.objects.filter(decision=e).delete()                 # no form: "unknown"
    Decision.objects.filter(pk=e.pk).update(origin_country=None, age_at_exploitation_start=None,
                                            age_at_identification=None)
    rs = Country.objects.get(code="RS")
    e.procedure.person.citizenships.add(rs)                          # dual: national
    not_identified = Decision.objects.filter(outcome="not_identified", state="approved",
                                             approved_at__gte=period.start, approved_at__lt=period.end)
    Decision.objects.filter(pk__in=list(not_identified.values_list("pk", flat=True)[:2])) \
        .update(reason="")                                           # no reason: "unknown"
    dismissed = Report.objects.filter(status="dismissed", received_at__gte=period.start,
                                      received_at__lt=period.end).order_by("pk")
    Report.objects.filter(pk=dismissed[0].pk).update(dismissal_reason="")
    Report.objects.filter(pk=dismissed[1].pk).update(triaged_at=period.end)  # dismissed next year
    events = ProceedingEvent.objects.filter(on__gte=first, on__lte=last)
    conviction = events.filter(kind__in=["conviction", "plea_agreement"]).first()
    ProceedingEvent.objects.filter(pk=conviction.pk).update(defendant=None)   # no defendant
    court = events.filter(court__code__startswith="higher").order_by("on").first()
    ProceedingEvent.objects.filter(pk=court.pk).update(on=first)
    later = events.filter(court__isnull=False).order_by("-on").first()
    ProceedingEvent.objects.filter(pk=later.pk).update(on=timezone.localdate() + datetime.timedelta(days=3))
    Defendant.objects.filter(pk__in=Defendant.objects.values("pk")[:3]).update(sex="", citizenship=None)
    Memo.objects.filter(pk=Memo.objects.filter(sent_on__year=year).first().pk).update(
        responded_on=last + datetime.timedelta(days=1), response="written")
    stay = ShelterStay.objects.filter(admitted_on__year=year).first()
    Person.objects.filter(pk=stay.person_id).update(birth_year=None)
    ServiceRecord.objects.filter(pk=ServiceRecord.objects.filter(delivered_on__year=year).first().pk) \
        .update(delivered_on=last)
    facts.rebuild()  # the updates went past the services, as a change made outside ATIS


def test_every_table_equals_the_orm_on_the_benchmark_dataset(db, clock, tmp_path):
    data = dataset.build(2000, log=lambda msg: None)
    edge_cases(data.year)
    counts = duckdb_peer.export(tmp_path)
    assert counts["service"] > 2000 and counts["event"] > 0
    con = duckdb_peer.load(tmp_path)
    problems = []
    for year in (data.year - 1, data.year, data.year + 1):
        found, tables = peer_differences(con, year)
        problems += found
        if year == data.year:
            assert len(tables) == 24 and all(t.cells for t in tables.values())
    assert not problems, "\n".join(problems)

    rows = duckdb_peer.compare(backend="test", data=types.SimpleNamespace(year=data.year, scale=2000),
                               log=lambda msg: None)
    assert [r.operation for r in rows][:2] == ["DuckDB export", "duckdb ratio: reports_by_source"]
    assert len(rows) == 26 and rows[-1].operation == "duckdb ratio: whole report"
    assert all("cells identical" in r.note for r in rows[1:])


def test_demo_data_and_a_difference_is_found(db, clock, tmp_path):
    call_command("demo-data", "--seed", "1")
    duckdb_peer.export(tmp_path)
    con = duckdb_peer.load(tmp_path)
    year = timezone.localdate().year
    for y in (year - 1, year):
        problems, tables = peer_differences(con, y)
        assert not problems, "\n".join(problems)
    assert sum(c["count"] for t in tables.values() for c in t.cells) > 0
    # A change DuckDB has not seen is a difference.
    report = Report.objects.filter(received_at__year=year).first()
    Report.objects.filter(pk=report.pk).update(source_type="other_source")
    problems, _tables = peer_differences(con, year)
    assert "reports_by_source: ORM ('other_source',) → 1 not in DuckDB" in problems
