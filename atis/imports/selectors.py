"""Reads of import runs and of what they created (the Centre's managers only)."""

from django.db.models import QuerySet

from atis.core import access
from atis.identification import policy as identification_policy
from atis.identification.models import Procedure
from atis.imports.models import ImportedRecord, ImportRun


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
