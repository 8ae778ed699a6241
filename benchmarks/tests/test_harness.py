"""`make bench` must keep working: every suite at a tiny scale on SQLite (no timings
asserted, only that every row is there and no suite failed)."""

import os
import subprocess
import sys

from benchmarks.harness import ROOT, Row, judged, percentile, table
from benchmarks.suites import NAMES

# Rows every run prints (the DuckDB and concurrency suites add their own).
EXPECTED = ["create persons (bulk, encrypted)", "dataset build", "blind-index look-up",
            "work queue: manager, all caseworkers", "work queue: caseworker's own",
            "case record (identification)", "protection page of a person",
            "partner's task inbox", "notifications inbox", "criminal case page (police)",
            "dashboard: manager", "dashboard: rapporteur", "public statistics page (anonymous)",
            "API: reports", "API: criminal cases (police)", "duplicate warning (API)",
            "record event + notify the network", "annual report, JSON (all 24 tables)",
            "table cross_source_checks", "annual report, 10× the history",
            "legacy import (XLSX, one transaction)", "concurrent clients", "DuckDB export",
            "duckdb ratio: whole report", "load: 10 people, 1 server(s)",
            "load: 10 people, 2 server(s)"]


def test_percentile_and_table():
    assert percentile(list(range(1, 101)), 95) == 95
    row = judged("op", "sqlite", 10, 1.0, 200.0, 3.0, p95_ms=150)
    assert row.ok is False and row.target == "p95 ≤ 150 ms"
    text = table([row, Row("info", "sqlite", 10, 1.0, 2.0, None)])
    assert "FAIL" in text and "p95 ≤ 150 ms" in text and "—" in text


def test_bench_runs_every_suite_at_small_scale():
    env = {**os.environ, "ATIS_BENCH_SCALE": "300", "ATIS_BENCH_BACKENDS": "sqlite",
           "ATIS_BENCH_REPEAT": "1", "ATIS_BENCH_DATABASE": "atis_bench_smoke"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("ATIS_BENCH_ONLY", None)
    result = subprocess.run([sys.executable, "-m", "benchmarks"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    missing = [op for op in EXPECTED if op not in result.stdout]
    assert missing == [], result.stdout
    assert "ERROR" not in result.stdout, result.stdout
    assert {"people", "pages", "statistics", "growth", "imports", "concurrency",
            "duckdb", "load"} == set(NAMES)
