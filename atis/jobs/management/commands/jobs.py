"""`atis jobs list`: every scheduled job and its latest run; `atis jobs run NAME`: one job
now (recorded like a scheduled run)."""

from django.core.management.base import BaseCommand, CommandError

from atis.jobs import services
from atis.jobs.models import JobRun
from atis.jobs.schedule import JOBS


class Command(BaseCommand):
    help = ("Scheduled jobs (the consumer `atis run_huey` runs them): `list` shows each "
            "job's schedule and latest run; `run NAME` runs one now.")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["list", "run"])
        parser.add_argument("name", nargs="?")

    def handle(self, *args, action, name, **options):
        if action == "list":
            for job in sorted(JOBS.values(), key=lambda j: j.name):
                last = JobRun.objects.filter(job=job.name).order_by("-started_at", "-pk").first()
                seen = f"{last.outcome} {last.started_at:%Y-%m-%d %H:%M} {last.summary}" \
                    if last else "never run"
                self.stdout.write(f"{job.name}  ({job.schedule})  {seen}".rstrip())
            return
        if name not in JOBS:
            raise CommandError(f"no job is called {name!r}: `atis jobs list` names them",
                               returncode=2)
        run = services.run(name, JOBS[name].function)
        if run.outcome == JobRun.Outcome.FAILED:
            raise CommandError(f"{name} failed: {run.error}", returncode=1)
        self.stdout.write(f"{name}: {run.summary}")
