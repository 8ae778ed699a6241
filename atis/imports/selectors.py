"""Reads of import runs and of what they created (the Centre's managers only)."""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from atis.core import access
from atis.identification import policy as identification_policy
from atis.identification.models import Procedure
from atis.imports.models import STALLED_AFTER, ImportedRecord, ImportRun

# How far back the administrators' list of failed runs looks.
FAILED_WITHIN = datetime.timedelta(days=30)


def run_list(*, user) -> QuerySet[ImportRun]:
    access.require(user, "import.run")
    return ImportRun.objects.select_related("started_by")


def run_get(*, user, pk: int) -> ImportRun:
    return run_list(user=user).get(pk=pk)


def run_cases(*, user, run: ImportRun, limit: int = 100) -> list[Procedure]:
    """The identification procedures the run created (the imported cases), as far as the
    user may see them."""
    ids = ImportedRecord.objects.filter(run=run, sheet="identifications").values("object_id")
    return list(identification_policy.visible_procedures(user).filter(pk__in=ids)
                .select_related("person", "report").order_by("pk")[:limit])


def failed_runs(*, user) -> QuerySet[ImportRun]:
    """Runs of the last FAILED_WITHIN that stopped on an unexpected error, or stalled (no
    progress for STALLED_AFTER: their process ended), for the administrators: only the
    run's own fields are read, never its result (row errors, duplicates)."""
    access.require(user, "import.monitor")
    now = timezone.now()
    unfinished = [ImportRun.Status.QUEUED, ImportRun.Status.CHECKING, ImportRun.Status.WRITING]
    return (ImportRun.objects.filter(started_at__gte=now - FAILED_WITHIN)
            .filter(Q(status=ImportRun.Status.FAILED)
                    | Q(status__in=unfinished, updated_at__lt=now - STALLED_AFTER))
            .select_related("started_by").defer("result").order_by("-started_at", "-pk"))
