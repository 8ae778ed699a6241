"""Scheduled jobs: each app's jobs are registered and run on their schedule by Huey; every
run is recorded, a failure is recorded by its exception's class and shown to the
administrators, and a rerun of each job changes and audits nothing."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from huey.contrib.djhuey import HUEY

from atis.audit.models import AuditEntry
from atis.core.roles import Role
from atis.jobs import services
from atis.jobs.models import JobRun
from atis.jobs.schedule import JOBS

pytestmark = pytest.mark.django_db

@pytest.fixture(autouse=True)
def own_checkpoints(settings, tmp_path):
    """Checkpoints of this test's chain only (the suite's rolled-back chains leave theirs)."""
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"


EXPECTED = {"audit.seal", "audit.checkpoint", "audit.verify", "justice.risk_assessments",
            "core.idempotency_purge"}


def test_every_job_is_registered_with_huey_on_its_schedule():
    assert set(JOBS) == EXPECTED
    periodic = {task.__name__ for task in HUEY._registry._periodic_tasks}
    assert periodic >= EXPECTED
    at_night = datetime.datetime(2026, 12, 5, 3, 15)
    due = {task.name for task in HUEY.read_periodic(at_night)}
    assert {"audit.verify", "audit.seal"} <= due and "justice.risk_assessments" not in due


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_rerun_of_each_job_changes_and_audits_nothing(name, make_user, make_person):
    make_person(actor=make_user(Role.CENTRE_CASEWORKER))
    call_command("jobs", "run", name)  # the first run may have work to do
    entries = list(AuditEntry.objects.values_list("pk", "seq", "hash"))
    rerun = services.run(name, JOBS[name].function)
    assert rerun.outcome == JobRun.Outcome.DONE, rerun.error
    assert list(AuditEntry.objects.values_list("pk", "seq", "hash")) == entries


def test_a_failure_is_recorded_by_class_and_shown_to_administrators(client, make_user, caplog):
    def broken():
        raise ValueError("Milica Đorđević, born 1990")

    run = services.run("audit.verify", broken)
    assert (run.outcome, run.error, run.summary) == ("failed", "ValueError", "")
    assert "Milica" not in caplog.text and "ValueError" in caplog.text
    client.force_login(make_user(Role.ADMIN))
    page = client.get(reverse("job-list")).content.decode()
    assert 'data-failed="audit.verify"' in page and "Verify the audit trail" in page
    assert "Milica" not in page
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Verify the audit trail failed at" in dashboard


def test_the_command_runs_a_job_and_says_so(capsys):
    call_command("jobs", "run", "core.idempotency_purge")
    assert capsys.readouterr().out.strip() == "core.idempotency_purge: deleted 0"
    assert JobRun.objects.get().outcome == "done"
    with pytest.raises(CommandError) as refused:
        call_command("jobs", "run", "no.such.job")
    assert refused.value.returncode == 2
    call_command("jobs", "list")
    listed = capsys.readouterr().out
    assert "core.idempotency_purge  (daily at 04:30 UTC)  done" in listed
    assert "audit.seal  (every minute)  never run" in listed


def test_the_checkpoint_job_takes_one_checkpoint_until_something_new_happens(make_user):
    job = JOBS["audit.checkpoint"].function
    make_user(Role.CENTRE_CASEWORKER)
    services.run("audit.seal", JOBS["audit.seal"].function)
    first = services.run("audit.checkpoint", job)
    services.run("audit.seal", JOBS["audit.seal"].function)
    assert first.summary.startswith("checkpoint at")
    assert services.run("audit.checkpoint", job).summary == "nothing new since the last checkpoint"
    make_user(Role.CENTRE_CASEWORKER)  # audited: something new
    services.run("audit.seal", JOBS["audit.seal"].function)
    assert services.run("audit.checkpoint", job).summary.startswith("checkpoint at")
