"""`make bench`: every suite on PostgreSQL (when it answers) or the backends asked for, one
table.

    ATIS_BENCH_SCALE=1000000   persons and reports (default 1,000,000)
    ATIS_BENCH_ONLY=pages,statistics  run only these suites (comma-separated; see suites.NAMES)
    ATIS_BENCH_BACKENDS=postgresql,sqlite  (default: postgresql when it answers, else sqlite)
    ATIS_BENCH_DATABASE=name   the database (file) to create afresh (default atis_bench_SCALE;
                               the growth suite's is name_growth)
    ATIS_BENCH_PG_SERVER=postgres://postgres@127.0.0.1:5432
    ATIS_BENCH_REPEAT=n        at most n timed calls per row (the CI smoke test: a few)
    ATIS_BENCH_BUDGET_S=60     seconds a row may take before it stops repeating (≥ 10 calls)
"""

import os
import subprocess
import sys

from benchmarks.harness import ROOT, run_backend, table
from benchmarks.suites import NAMES


def postgres_answers() -> bool:
    server = os.environ.get("ATIS_BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
    return subprocess.run([sys.executable, "scripts/postgres_answers.py", f"{server}/postgres"],
                          cwd=ROOT).returncode == 0


def main() -> int:
    scale = int(os.environ.get("ATIS_BENCH_SCALE") or "1000000")
    only = [s for s in os.environ.get("ATIS_BENCH_ONLY", "").split(",") if s]
    unknown = set(only) - set(NAMES)
    if unknown:
        raise SystemExit(f"unknown suites {', '.join(sorted(unknown))}: choose among "
                         f"{', '.join(NAMES)}")
    asked = [b for b in os.environ.get("ATIS_BENCH_BACKENDS", "").split(",") if b]
    backends = asked or (["postgresql"] if postgres_answers() else ["sqlite"])
    if "postgresql" in asked and not postgres_answers():
        print("PostgreSQL does not answer: benchmarking the other backends only", file=sys.stderr)
        backends.remove("postgresql")
    rows = []
    for backend in backends:
        rows += run_backend(backend, scale, [n for n in NAMES if not only or n in only])
        print(f"-- {backend} done --", file=sys.stderr)
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
