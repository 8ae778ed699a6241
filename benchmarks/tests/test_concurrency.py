"""The concurrency benchmark runs end to end on PostgreSQL (a smoke test, no timing
asserted): clients post and read reports at once through worker processes, the audit trail
is sealed, verifies and holds exactly the entries the requests wrote (asserted by the
benchmark itself). It runs as `make bench` runs it, in a process of its own: its workers
are forked, and a fork of a test process whose other threads (a live server, a browser
driver) hold locks can hang."""

import os
import subprocess
import sys

import psycopg
import pytest
from django.db import connection

from benchmarks.concurrency import TARGET
from benchmarks.harness import ROOT


@pytest.fixture
def server():
    settings = connection.settings_dict
    url = f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    name = f"atis_bench_concurrency_{os.getpid()}"
    yield url, name
    with psycopg.connect(f"{url}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")


@pytest.mark.postgresql
def test_concurrent_clients_leave_a_sealed_verified_trail(server):
    url, name = server
    env = {**os.environ, "ATIS_BENCH_SCALE": "300", "ATIS_BENCH_BACKENDS": "postgresql",
           "ATIS_BENCH_ONLY": "concurrency", "ATIS_BENCH_REPEAT": "1",
           "ATIS_BENCH_PG_SERVER": url, "ATIS_BENCH_DATABASE": name}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run([sys.executable, "-m", "benchmarks"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    rows = [line for line in result.stdout.splitlines() if "concurrent clients" in line]
    assert [row.split("|")[0].strip() for row in rows] == [
        f"POST report + audited GET, {n} concurrent clients" for n in (1, 3, 8)]
    assert TARGET in rows[2] and ("pass" in rows[2] or "FAIL" in rows[2])
    assert "postgresql: sealed and verified " in result.stderr
