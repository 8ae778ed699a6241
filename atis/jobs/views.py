"""The administrators' page of scheduled jobs: each job's schedule and latest run, and the
recent failures."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from atis.jobs import selectors
from atis.web.breadcrumbs import trail


@login_required
def job_list(request):
    return render(request, "jobs/list.html", {
        "jobs": selectors.latest_runs(user=request.user),
        "failures": selectors.failed_runs(user=request.user),
        "breadcrumbs": trail((_("Administration"), "admin-users"), _("Scheduled jobs"))})
