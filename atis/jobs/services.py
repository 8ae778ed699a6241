"""Running a job and recording the run (atis.jobs.schedule registers the jobs)."""

import logging

from django.utils import timezone

from atis.jobs.models import JobRun

logger = logging.getLogger(__name__)


def run(name: str, function) -> JobRun:
    """Run `function` as job `name` and record how it went. A failure does not propagate:
    it is recorded with its exception's class and logged (never its message, which may
    hold data), and the next scheduled run tries again."""
    job_run = JobRun.objects.create(job=name, started_at=timezone.now())
    try:
        summary = function() or ""
    except Exception as exc:  # a job's failure is recorded, never lost in a worker's log
        job_run.outcome, job_run.error = JobRun.Outcome.FAILED, type(exc).__name__
        logger.error("job %s failed: %s", name, type(exc).__name__)
    else:
        job_run.outcome, job_run.summary = JobRun.Outcome.DONE, str(summary)[:200]
    job_run.finished_at = timezone.now()
    job_run.save(update_fields=["outcome", "summary", "error", "finished_at"])
    return job_run
