"""The jobs of the system's own housekeeping (atis.core's), scheduled here because core
knows no app, this one included."""

from django.utils.translation import gettext_lazy as _
from huey import crontab

from atis.core import idempotency
from atis.jobs.schedule import scheduled


@scheduled("core.idempotency_purge", crontab(hour="4", minute="30"),
           _("Delete expired idempotency answers"), _("daily at 04:30 UTC"))
def idempotency_purge():
    return f"deleted {idempotency.purge_expired()}"
