"""Runs the benchmarks of one backend in this process (see harness.run_backend)."""

import os
import sys

from benchmarks.harness import database_url, dump

backend = os.environ["ATIS_BENCH_BACKEND"]
scale = int(os.environ["ATIS_BENCH_SCALE"])
only = [name for name in os.environ.get("ATIS_BENCH_ONLY", "").split(",") if name]

os.environ.update({
    "ATIS_DEBUG": "0", "ATIS_SECRET_KEY": "bench-" + "x" * 50,
    "ATIS_FIELD_KEYS": "kbench:" + "A" * 43 + "=", "ATIS_BLIND_INDEX_KEY": "B" * 43 + "=",
    "ATIS_AUDIT_KEYS": "kbaudit:" + "C" * 43 + "=",
    "ATIS_ALLOWED_HOSTS": "localhost", "ATIS_SSL_REDIRECT": "0",
    "ATIS_DATABASE_URL": database_url(backend, scale),
    "DJANGO_SETTINGS_MODULE": "atis.settings",
})

import warnings  # noqa: E402

import django  # noqa: E402

warnings.filterwarnings("ignore", message="No directory at", module="django.core.handlers.base")

django.setup()

from django.core.management import call_command  # noqa: E402

from benchmarks import suites  # noqa: E402

call_command("migrate", verbosity=0)
rows = []
for name, suite in suites.SUITES.items():
    if not only or name in only:
        rows += suite(backend=backend, scale=scale, log=lambda msg: print(msg, file=sys.stderr))
print(dump(rows))
