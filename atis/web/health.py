"""Probes for the load balancer and the process supervisor: `/healthz` (the process
answers) and `/readyz` (it can serve: the database answers, every migration is applied,
the keys are the ones that wrote the database, the cache and the job queue answer); and
`/metrics`.

They are answered first in the middleware chain, before the host check, the HTTPS
redirect, sessions and sign-in, because probes come from the network's inside by address
and over plain HTTP. They say nothing of the data: each check is named with `ok` or
`failing`, and a failure's cause goes to the log as its exception's class only."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse

from atis.web.metrics import metrics_response

logger = logging.getLogger(__name__)

PATHS = {"/healthz": "alive", "/readyz": "ready", "/metrics": "metrics"}


def _database() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


_migrated = False  # once every migration is applied, it stays so for this process's code


def _migrations() -> bool:
    global _migrated
    if not _migrated:
        executor = MigrationExecutor(connection)
        _migrated = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return _migrated


def _keys() -> bool:
    from atis.core.keys import key_problems

    return not key_problems()


def _cache() -> bool:
    cache.set("atis:readyz", "1", 10)
    return cache.get("atis:readyz") == "1"


def _jobs() -> bool:
    from huey.contrib.djhuey import HUEY

    HUEY.pending_count()  # the queue's storage answers
    return True


CHECKS = {"database": _database, "migrations": _migrations, "keys": _keys, "cache": _cache,
          "jobs": _jobs}


def _run(name, check) -> bool:
    try:
        return check()
    except Exception as exc:  # a probe reports, it never raises
        logger.warning("readiness check %s failed: %s", name, type(exc).__name__)
        return False


def ready_response() -> JsonResponse:
    results = {}
    for name, check in CHECKS.items():
        # Nothing else can be checked without the database.
        results[name] = "ok" if (name == "database" or results["database"] == "ok") and \
            _run(name, check) else "failing"
    ready = all(value == "ok" for value in results.values())
    return JsonResponse({"status": "ready" if ready else "not ready", "checks": results},
                        status=200 if ready else 503)


class HealthMiddleware:
    """First in MIDDLEWARE: answers the probes and the metrics (GET or HEAD; the metrics
    for ATIS_METRICS_FROM only, atis/web/metrics.py) and passes the rest on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = PATHS.get(request.path_info)
        if probe is None or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        if probe == "metrics":
            response = metrics_response(request, settings.METRICS_FROM)
        else:
            response = JsonResponse({"status": "alive"}) if probe == "alive" else ready_response()
        response["Cache-Control"] = "no-store"
        return response
