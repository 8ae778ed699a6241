"""The legacy import: each run (a dry run or a commit) and, for every record it created,
the source system's own reference, so that importing the same rows again creates nothing."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A run whose status has not changed for this long was interrupted (its process ended).
STALLED_AFTER = datetime.timedelta(minutes=30)


class ImportRun(models.Model):
    """One file put through the engine. The file itself is never kept: only its SHA-256
    checksum, its format and size, and the result (counts, row errors that name sheet, row
    and column but never an identity value, and duplicate warnings by pseudonym)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        CHECKING = "checking", _("checking the rows")
        WRITING = "writing", _("writing the records")
        DONE = "done", _("done")
        REFUSED = "refused", _("refused: errors in the file, nothing written")
        FAILED = "failed", _("stopped by an unexpected error, nothing written")

    source = models.CharField(_("source system"), max_length=50,
                              help_text=_("The name the source system's rows are imported under."))
    dry_run = models.BooleanField(_("dry run"), default=True)
    checksum = models.CharField(_("SHA-256 of the file"), max_length=64)
    file_format = models.CharField(_("format"), max_length=8)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows checked"), default=0)
    result = models.JSONField(_("result"), default=dict, help_text=_(
        "Counts per sheet (rows, new, imported before, created), row errors (sheet, row, column, "
        "message) and possible duplicates (row, pseudonyms matched)."))
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("started by"))
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.REFUSED, self.Status.FAILED)

    @property
    def stalled(self) -> bool:
        return not self.finished and self.updated_at < timezone.now() - STALLED_AFTER


class ImportedRecord(models.Model):
    """(source system, sheet, source reference) → the record the import created. The
    record is the model of the sheet (persons → Person, identifications → Procedure …)."""

    run = models.ForeignKey(ImportRun, models.PROTECT, related_name="records")
    source = models.CharField(_("source system"), max_length=50)
    sheet = models.CharField(_("sheet"), max_length=32)
    source_reference = models.CharField(_("source reference"), max_length=100,
                                        help_text=_("The row's own identifier in the source "
                                                    "system (never a name)."))
    object_id = models.BigIntegerField(_("record id"), help_text=_("The id of the record created."))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "sheet", "source_reference"],
                                               name="imported_once_per_source")]
        indexes = [models.Index(fields=["sheet", "object_id"], name="imports_record_object")]
        verbose_name = _("imported record")
        verbose_name_plural = _("imported records")
