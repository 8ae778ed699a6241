"""`make bench` must keep working: run the suites at a tiny scale on SQLite."""

import os
import subprocess
import sys

from benchmarks.harness import ROOT, Row, percentile, table


def test_percentile_and_table():
    assert percentile(list(range(1, 101)), 95) == 95
    text = table([Row("op", "sqlite", 10, 1.0, 2.0, 30.0, "n")])
    assert "median ms" in text and "op" in text


def test_bench_runs_end_to_end_at_small_scale():
    env = {**os.environ, "ATIS_BENCH_SCALE": "300", "ATIS_BENCH_BACKENDS": "sqlite"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run([sys.executable, "-m", "benchmarks"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "create persons (bulk, encrypted)" in result.stdout
    assert "blind-index look-up" in result.stdout
