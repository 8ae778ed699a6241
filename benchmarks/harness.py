"""Benchmark harness: each backend runs in its own process (Django's settings are fixed per
process), on a fresh database, and reports rows that the parent prints as one table."""

import json
import os
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
# Suites that build a dataset of their own (at a tenth of the scale), so run in a process
# and database of their own.
SEPARATE = ("growth",)


@dataclass
class Row:
    operation: str
    backend: str
    scale: int
    median_ms: float
    p95_ms: float
    peak_mb: float | None   # Python heap of one extra call (tracemalloc); None: not measured
    note: str = ""
    target: str = ""      # e.g. "p95 ≤ 150 ms"; empty: no target (informative row)
    ok: bool | None = None  # within target; None when there is no target


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def analyze(backend: str, log) -> None:
    """After a bulk load, what the admin guide asks for and autovacuum does in service
    (PostgreSQL: `VACUUM ANALYZE`, the planner's statistics and the map of all-visible pages
    that lets a query read an index alone; SQLite: `ANALYZE`). Without statistics the planner
    believes the tables are empty and picks plans that scan them per row."""
    from django.db import connection

    statement = "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(statement)
    log(f"{backend}: {statement} in {time.perf_counter() - start:.0f} s")


def timed(fn, repeat: int, budget_s: float | None = None) -> tuple[float, float, int]:
    """Median and p95 of up to `repeat` calls (at most ATIS_BENCH_REPEAT), in milliseconds,
    and the number of calls: fewer when `budget_s` runs out (at least 10)."""
    cap = os.environ.get("ATIS_BENCH_REPEAT")
    repeat = min(repeat, int(cap)) if cap else repeat
    samples, began = [], time.perf_counter()
    for n in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
        if budget_s is not None and n >= 9 and time.perf_counter() - began > budget_s:
            break
    return statistics.median(samples), percentile(samples, 95), len(samples)


def heap_peak_mb(fn) -> float | None:
    """Peak Python heap of one call of `fn` (not timed: tracing slows it down), in MB; in
    the smoke test an untraced call and None."""
    if smoke():
        fn()
        return None
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def peak_mb() -> float:
    """The process's peak resident memory so far, in MB (rows that cannot repeat a call)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _status_mb(field: str) -> float:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(field)) / 1024


def rss_growth_mb(fn):
    """`fn()`'s result and how far the resident memory rose above its level before the call,
    in MB: the peak of the operation, not of what the process held before (Linux: the peak
    is reset through /proc/self/clear_refs; elsewhere the process's peak so far)."""
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
        before = _status_mb("VmRSS:")
    except OSError:
        return fn(), peak_mb()
    result = fn()
    return result, _status_mb("VmHWM:") - before


def smoke() -> bool:
    """ATIS_BENCH_REPEAT=1 (the CI smoke test): one call per row, no warm-up, no tracing."""
    return os.environ.get("ATIS_BENCH_REPEAT") == "1"


def budget() -> float:
    """Seconds a measured row may take (ATIS_BENCH_BUDGET_S): a page far over its target
    is measured fewer times instead of holding the run for an hour."""
    return float(os.environ.get("ATIS_BENCH_BUDGET_S", "60"))


def judged(operation: str, backend: str, scale: int, median: float, p95: float,
           peak: float | None, *, p95_ms: float | None = None, peak_mb: float | None = None,
           target: str = "", note: str = "") -> Row:
    """A row with its target: p95 (and peak memory) within the limits given."""
    parts = []
    if p95_ms is not None:
        parts.append(f"p95 ≤ {duration(p95_ms)}")
    if peak_mb is not None:
        parts.append(f"≤ {peak_mb:,.0f} MB")
    ok = None
    if parts:
        ok = (p95_ms is None or p95 <= p95_ms) and (peak_mb is None or (peak or 0) <= peak_mb)
    return Row(operation, backend, scale, median, p95, peak, note, target or ", ".join(parts), ok)


def duration(ms: float) -> str:
    if ms >= 60_000:
        return f"{ms / 60_000:g} min"
    return f"{ms / 1000:g} s" if ms >= 1000 else f"{ms:g} ms"


def database_name(scale: int, suffix: str = "") -> str:
    return (os.environ.get("ATIS_BENCH_DATABASE") or f"atis_bench_{scale}") + suffix


def database_url(backend: str, name: str) -> str:
    """A fresh database per backend and scale (so a small run never disturbs a big one)."""
    if backend == "sqlite":
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        path = BENCH_DIR / f"{name}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    server = os.environ.get("ATIS_BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return f"{server}/{name}"


def run_backend(backend: str, scale: int, suites: list[str]) -> list[Row]:
    """The suites on one backend: those sharing the dataset in one worker, each suite of
    SEPARATE in a worker (and database) of its own."""
    rows = []
    template = BENCH_DIR / f"{database_name(scale)}.migrated.sqlite3"
    template.unlink(missing_ok=True)
    shared = [s for s in suites if s not in SEPARATE]
    groups = ([(shared, "")] if shared else []) + [([s], f"_{s}") for s in suites if s in SEPARATE]
    for names, suffix in groups:
        env = {**os.environ, "ATIS_BENCH_BACKEND": backend, "ATIS_BENCH_SCALE": str(scale),
               "ATIS_BENCH_SUITES": ",".join(names),
               "ATIS_BENCH_DATABASE_NAME": database_name(scale, suffix),
               "ATIS_BENCH_SQLITE_TEMPLATE": str(template)}
        # The worker's progress lines go straight to our stderr; its last stdout line is the rows.
        result = subprocess.run([sys.executable, "-m", "benchmarks.worker"], cwd=ROOT, env=env,
                                stdout=subprocess.PIPE, text=True)
        if result.returncode != 0:
            raise SystemExit(f"benchmark {','.join(names)} on {backend} failed")
        rows += [Row(**row) for row in json.loads(result.stdout.strip().splitlines()[-1])]
    return rows


def table(rows: list[Row]) -> str:
    header = ["operation", "backend", "scale", "target", "median", "p95", "peak MB", "result",
              "note"]
    lines = [[r.operation, r.backend, f"{r.scale:,}", r.target or "—", _duration_cell(r.median_ms),
              _duration_cell(r.p95_ms), "—" if r.peak_mb is None else f"{r.peak_mb:,.1f}",
              {True: "pass", False: "FAIL", None: "—"}[r.ok], r.note] for r in rows]
    widths = [max(len(str(x)) for x in col) for col in zip(header, *lines, strict=False)]
    fmt = " | ".join(f"{{:<{w}}}" for w in widths)
    return "\n".join([fmt.format(*header), "-+-".join("-" * w for w in widths),
                      *(fmt.format(*line).rstrip() for line in lines),
                      "peak MB: the Python heap (tracemalloc) during one extra, untimed call of "
                      "the operation."])


def _duration_cell(ms: float) -> str:
    if ms >= 10_000:
        return f"{ms / 1000:,.1f} s"
    return f"{ms:,.1f} ms"


def dump(rows: list[Row]) -> str:
    return json.dumps([asdict(r) for r in rows])
