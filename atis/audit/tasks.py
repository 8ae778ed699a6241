"""The audit trail's scheduled jobs (atis.jobs.schedule): seal, checkpoint, verify."""

from django.utils.translation import gettext_lazy as _
from huey import crontab

from atis.audit import services
from atis.audit.models import AuditEntry
from atis.jobs.schedule import scheduled


class AuditTrailBroken(Exception):
    """`atis audit verify` names the problem; the job's run records only that it failed."""


@scheduled("audit.seal", crontab(), _("Seal the audit entries"), _("every minute"))
def seal():
    return f"sealed {services.seal()}"


@scheduled("audit.checkpoint", crontab(minute="5"), _("Checkpoint the audit chain"),
           _("every hour"))
def checkpoint():
    """A signed checkpoint, unless nothing but checkpoints happened since the last one (so
    that a rerun writes and audits nothing)."""
    taken, _problems = services.load_checkpoints()
    last = max((mark.seq for mark in taken), default=0)
    new = AuditEntry.objects.filter(seq__gt=last).exclude(action=services.CHECKPOINT_ACTION)
    if taken and not new.exists():
        return "nothing new since the last checkpoint"
    mark, _path = services.checkpoint()
    return f"checkpoint at {mark.seq}"


@scheduled("audit.verify", crontab(hour="3", minute="15"), _("Verify the audit trail"),
           _("daily at 03:15 UTC"))
def verify():
    result = services.verify()
    if not result.ok:
        raise AuditTrailBroken()
    return f"{result.checked} entries verified"
