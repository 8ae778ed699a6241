"""Runs suites of one backend in this process (see harness.run_backend): builds the one
dataset they share, vacuums and analyses it (`harness.analyze`), then runs each suite."""

import os
import shutil
import sys
from pathlib import Path

from benchmarks.harness import database_url, dump

backend = os.environ["ATIS_BENCH_BACKEND"]
scale = int(os.environ["ATIS_BENCH_SCALE"])
names = [name for name in os.environ["ATIS_BENCH_SUITES"].split(",") if name]

os.environ.update({
    "ATIS_ENV_FILE": "", "ATIS_DEBUG": "0", "ATIS_SECRET_KEY": "bench-" + "x" * 50,
    "ATIS_FIELD_KEYS": "kbench:" + "A" * 43 + "=", "ATIS_BLIND_INDEX_KEY": "B" * 43 + "=",
    "ATIS_AUDIT_KEYS": "kbaudit:" + "C" * 43 + "=",
    "ATIS_ALLOWED_HOSTS": "localhost", "ATIS_SSL_REDIRECT": "0",
    # The bench signs users in with force_login: no authenticator to enter a code with.
    "ATIS_MFA": "optional",
    # The bench measures how long the slowest operations take: none is cut short.
    "ATIS_DB_STATEMENT_TIMEOUT": "0",
    "ATIS_DATABASE_URL": database_url(backend, os.environ["ATIS_BENCH_DATABASE_NAME"]),
    "DJANGO_SETTINGS_MODULE": "atis.settings",
})

import warnings  # noqa: E402

import django  # noqa: E402

warnings.filterwarnings("ignore", message="No directory at", module="django.core.handlers.base")

django.setup()

from django.core.management import call_command  # noqa: E402

from benchmarks import dataset, suites  # noqa: E402
from benchmarks.harness import analyze  # noqa: E402


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


from django.db import connection  # noqa: E402

# SQLite: the backend's workers start from one migrated file (migrating takes longer than
# the smoke test's whole dataset); PostgreSQL migrates each database.
template = Path(os.environ.get("ATIS_BENCH_SQLITE_TEMPLATE", ""))
if backend == "sqlite" and template.name and template.exists():
    shutil.copyfile(template, connection.settings_dict["NAME"])
call_command("migrate", verbosity=0)
if backend == "sqlite" and template.name and not template.exists():
    connection.close()
    shutil.copyfile(connection.settings_dict["NAME"], template)
# The growth suite starts from a tenth of the scale and adds the other nine tenths itself.
base = max(scale // 10, 100) if names == ["growth"] else scale
log(f"{backend}: building the dataset at {base:,}")
data = dataset.build(base, log=log)
log(f"{backend}: dataset built in {data.build_seconds:.0f} s")
analyze(backend, log)
rows = []
for name in names:
    rows += suites.suite(name)(backend=backend, scale=base, data=data, log=log)
print(dump(rows))
