"""Scheduled jobs: each app declares its own in its `tasks.py` with `@scheduled`, and Huey's
consumer (`atis run_huey`) runs them on their schedule. Every run is recorded (JobRun), a
failure is logged and shown to administrators, and a job must be idempotent: run twice, the
second run changes and audits nothing.

    @scheduled("audit.verify", crontab(hour="3", minute="0"), _("Verify the audit trail"))
    def verify_audit():
        return f"{count} entries verified"   # the run's summary: counts, never data
"""

from dataclasses import dataclass

from huey.contrib.djhuey import db_periodic_task

from atis.jobs import services


@dataclass(frozen=True)
class Job:
    name: str
    title: str
    schedule: str     # in words, for the administrators' page
    function: object  # () -> summary


JOBS: dict[str, Job] = {}


def scheduled(name: str, when, title, schedule: str):
    """Register `function` as the job `name`, run by Huey at `when` (a crontab)."""

    def decorator(function):
        JOBS[name] = Job(name, title, schedule, function)
        db_periodic_task(when, name=name)(lambda: services.run(name, function))
        return function

    return decorator
