"""What the administrators see of the jobs: each job's latest run, and recent failures."""

from django.db.models import OuterRef, Subquery

from atis.core import access
from atis.jobs.models import JobRun
from atis.jobs.schedule import JOBS


def latest_runs(*, user) -> list[tuple]:
    """(job, its latest run or None) for every registered job, in name order."""
    access.require(user, "jobs.view")
    latest = JobRun.objects.filter(job=OuterRef("job")).order_by("-started_at", "-pk")
    runs = {run.job: run for run in JobRun.objects.filter(pk=Subquery(latest.values("pk")[:1]))}
    return [(job, runs.get(name)) for name, job in sorted(JOBS.items())]


def failed_runs(*, user, limit: int = 20) -> list[tuple]:
    """(run, its job's title) of the latest failed runs, newest first."""
    access.require(user, "jobs.view")
    runs = JobRun.objects.filter(outcome=JobRun.Outcome.FAILED).order_by("-started_at", "-pk")
    return [(run, JOBS[run.job].title if run.job in JOBS else run.job) for run in runs[:limit]]
