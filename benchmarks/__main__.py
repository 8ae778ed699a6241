"""`make bench`: every suite on SQLite and (when it answers) PostgreSQL, one table.

    ATIS_BENCH_SCALE=1000000   persons (default 1,000,000)
    ATIS_BENCH_ONLY=people     run only these suites (comma-separated)
    ATIS_BENCH_BACKENDS=sqlite,postgresql
    ATIS_BENCH_DATABASE=name   the database (file) to create afresh (default atis_bench_SCALE)
"""

import os
import subprocess
import sys

from benchmarks.harness import ROOT, run_backend, table


def postgres_answers() -> bool:
    return subprocess.run([sys.executable, "scripts/postgres_answers.py",
                           "postgres://postgres@127.0.0.1:5432/postgres"], cwd=ROOT).returncode == 0


def main() -> int:
    scale = int(os.environ.get("ATIS_BENCH_SCALE", "1000000"))
    only = [s for s in os.environ.get("ATIS_BENCH_ONLY", "").split(",") if s]
    backends = [b for b in os.environ.get("ATIS_BENCH_BACKENDS", "sqlite,postgresql").split(",") if b]
    if "postgresql" in backends and not postgres_answers():
        print("PostgreSQL does not answer: benchmarking SQLite only", file=sys.stderr)
        backends.remove("postgresql")
    rows = []
    for backend in backends:
        rows += run_backend(backend, scale, only)
        print(f"-- {backend} done --", file=sys.stderr)
        print(table(rows), file=sys.stderr)
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
