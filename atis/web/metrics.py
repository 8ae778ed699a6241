"""Prometheus metrics at `/metrics`, for the monitoring system's addresses only
(`ATIS_METRICS_FROM`): requests by view and status and their latency (django-prometheus),
and what the database says of ATIS at the moment of the scrape (the audit chain's length,
unsealed entries, import runs by outcome, scheduled job runs by outcome and each job's last
success). No metric carries a person, a pseudonym or a
user.

Under gunicorn, each worker writes its own figures to `PROMETHEUS_MULTIPROC_DIR` (set in
`atis/gunicorn_conf.py`) and a scrape sums them, whichever worker answers it."""

import os

from django.db import DatabaseError
from django.db.models import Count, Max
from django.http import HttpResponse, HttpResponseNotFound
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily

from atis.core.client_ip import remote_in


class DatabaseCollector:
    """Gauges read from the database at each scrape (a few indexed counts)."""

    def collect(self):
        try:
            found = list(self._read())
        except DatabaseError:  # the scrape still gives the process's figures
            found = []
        yield GaugeMetricFamily("atis_database_read", "1 if the database answered this scrape.",
                                value=1 if found else 0)
        yield from found

    def _read(self):
        from atis.audit.models import AuditEntry, AuditHead
        from atis.imports.models import ImportRun

        head = AuditHead.objects.first()
        yield GaugeMetricFamily("atis_audit_chain_length", "Audit entries sealed into the chain.",
                                value=head.seq if head else 0)
        yield GaugeMetricFamily("atis_audit_unsealed_entries", "Audit entries not yet sealed.",
                                value=AuditEntry.objects.filter(seq__isnull=True).count())
        runs = GaugeMetricFamily("atis_import_runs", "Import runs by outcome.", labels=["status"])
        counted = dict(ImportRun.objects.values_list("status").annotate(n=Count("pk")))
        for status in ImportRun.Status.values:
            runs.add_metric([status], counted.get(status, 0))
        yield runs
        yield from self._jobs()

    def _jobs(self):
        from atis.jobs.models import JobRun

        runs = GaugeMetricFamily("atis_job_runs", "Scheduled job runs by job and outcome.",
                                 labels=["job", "outcome"])
        for job, outcome, n in JobRun.objects.values_list("job", "outcome").annotate(
                n=Count("pk")).order_by("job", "outcome"):
            runs.add_metric([job, outcome], n)
        yield runs
        last = GaugeMetricFamily("atis_job_last_success_timestamp_seconds",
                                 "When each job last ended well (Unix time).", labels=["job"])
        for job, at in JobRun.objects.filter(outcome=JobRun.Outcome.DONE).values_list(
                "job").annotate(at=Max("finished_at")).order_by("job"):
            last.add_metric([job], at.timestamp())
        yield last


def _process_metrics() -> bytes:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest(REGISTRY)


def metrics_response(request, allowed) -> HttpResponse:
    """The metrics for an allowed address; for any other, the same 404 as a page that does
    not exist."""
    if not remote_in(request, allowed):
        return HttpResponseNotFound()
    database = CollectorRegistry()
    database.register(DatabaseCollector())
    return HttpResponse(_process_metrics() + generate_latest(database),
                        content_type=CONTENT_TYPE_LATEST)
