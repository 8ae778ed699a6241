"""The annual report (issue 12 §1): the whole JSON report of the benchmark year, ≤ 2 s and
≤ 500 MB, each of its tables on its own, and how it grows with history: the same year's
report once the database holds nine times more history in earlier years (≤ 1.5 × the
time before)."""

from benchmarks.harness import Row, analyze, heap_peak_mb, judged, timed

REPEAT = 5
GROWTH = 9


def _victims(report: dict) -> int:
    return sum(c["count"] or 0 for c in
               report["tables"]["identified_victims_by_form_sex_age"]["cells"])


def annual_report(*, backend: str, scale: int, data, log) -> list[Row]:
    from atis.statistics import engine
    from atis.statistics.tables import base

    year, report = data.year, {}

    def annual():
        report.update(engine.annual(year))

    median, p95, n = timed(annual, REPEAT)
    rows = [judged("annual report, JSON (all 24 tables)", backend, scale, median, p95,
                   heap_peak_mb(annual), p95_ms=2000, peak_mb=500,
                   note=f"{_victims(report):,} victims identified in {year}; n={n}")]
    log(f"{backend}: annual report p95 {p95:,.0f} ms")
    for table_id in base.ordered_ids():
        def one(table_id=table_id):
            engine.compute(year, only={table_id})

        median, p95, n = timed(one, REPEAT)
        rows.append(Row(f"  table {table_id}", backend, scale, median, p95, heap_peak_mb(one),
                        f"n={n}"))
    return rows


def growth(*, backend: str, scale: int, data, log) -> list[Row]:
    """`data` is built at a tenth of the main scale; the history added is nine tenths more,
    all of it before the six years the report shows, so the year's cells must not move."""
    from atis.statistics import engine
    from benchmarks import dataset

    year = data.year
    before = engine.annual(year)["tables"]
    median0, p95_0, _ = timed(lambda: engine.annual(year), REPEAT)
    log(f"{backend}: growth: adding {GROWTH * scale:,} persons of history")
    added = dataset.add_history(data, GROWTH * scale, log=log)
    analyze(backend, log)
    after = engine.annual(year)["tables"]
    median1, p95_1, n = timed(lambda: engine.annual(year), REPEAT)
    ratio = median1 / median0
    same = before == after
    return [
        Row("annual report, base history", backend, scale, median0, p95_0, None,
            f"the growth suite's own dataset (a tenth of the scale); n={n}"),
        Row(f"annual report, {GROWTH + 1}× the history", backend, (GROWTH + 1) * scale, median1,
            p95_1, None, f"median ratio {ratio:.2f}; {sum(added.values()):,} rows added before "
            f"{year - 5}; the year's cells {'identical' if same else 'DIFFER'}",
            "median ≤ 1.5 × base, same cells", ratio <= 1.5 and same),
    ]
