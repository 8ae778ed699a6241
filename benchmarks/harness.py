"""Benchmark harness: each backend runs in its own process (Django's settings are fixed per
process), on a fresh database, and reports rows that the parent prints as one table."""

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"


@dataclass
class Row:
    operation: str
    backend: str
    scale: int
    median_ms: float
    p95_ms: float
    peak_mb: float
    note: str = ""
    target: str = ""      # e.g. "p95 ≤ 150 ms"; empty: no target (informative row)
    ok: bool | None = None  # within target; None when there is no target


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def analyze(backend: str, log) -> None:
    """Refresh the query planner's statistics after a bulk load, as autovacuum (PostgreSQL)
    or the routine ANALYZE of the admin guide (SQLite) does in service: without it the
    planner still believes the tables are empty and picks plans that scan them per row."""
    from django.db import connection

    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    log(f"{backend}: ANALYZE in {time.perf_counter() - start:.0f} s")


def timed(fn, repeat: int) -> tuple[float, float]:
    """Median and p95 of `repeat` calls, in milliseconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), percentile(samples, 95)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def database_url(backend: str, scale: int) -> str:
    """A fresh database per backend and scale (so a small run never disturbs a big one)."""
    name = os.environ.get("ATIS_BENCH_DATABASE") or f"atis_bench_{scale}"
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


def run_backend(backend: str, scale: int, only: list[str]) -> list[Row]:
    env = {**os.environ, "ATIS_BENCH_BACKEND": backend, "ATIS_BENCH_SCALE": str(scale),
           "ATIS_BENCH_ONLY": ",".join(only)}
    # The worker's progress lines go straight to our stderr; its last stdout line is the rows.
    result = subprocess.run([sys.executable, "-m", "benchmarks.worker"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, text=True)
    if result.returncode != 0:
        raise SystemExit(f"benchmark on {backend} failed")
    return [Row(**row) for row in json.loads(result.stdout.strip().splitlines()[-1])]


def table(rows: list[Row]) -> str:
    header = ["operation", "backend", "scale", "median ms", "p95 ms", "peak MB", "note"]
    lines = [[r.operation, r.backend, f"{r.scale:,}", f"{r.median_ms:,.1f}", f"{r.p95_ms:,.1f}",
              f"{r.peak_mb:,.0f}", r.note] for r in rows]
    widths = [max(len(str(x)) for x in col) for col in zip(header, *lines, strict=False)]
    fmt = " | ".join(f"{{:<{w}}}" for w in widths)
    return "\n".join([fmt.format(*header), "-+-".join("-" * w for w in widths),
                      *(fmt.format(*line) for line in lines)])


def dump(rows: list[Row]) -> str:
    return json.dumps([asdict(r) for r in rows])
