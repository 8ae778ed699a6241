"""The justice track's scheduled jobs (atis.jobs.schedule)."""

from django.utils.translation import gettext_lazy as _
from huey import crontab

from atis.jobs.schedule import scheduled
from atis.justice import services


@scheduled("justice.risk_assessments", crontab(hour="6", minute="0"),
           _("Open the risk assessments before releases"), _("daily at 06:00 UTC"))
def risk_assessments():
    return f"opened {services.risk_assessments_open_due()}"
