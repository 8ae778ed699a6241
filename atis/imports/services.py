"""The legacy import: one engine for `atis import cases FILE`, `POST /api/v1/imports/` and
the Centre's import page.

A run reads the file (reader), checks every row (validate) and, unless it is a dry run or a
row is wrong, writes everything in one transaction (write): a bad row anywhere writes
nothing. The file is never stored; its SHA-256 checksum is kept on the run and on the
audit entry of every imported record.
"""

import hashlib
import logging
import re
import threading
import time

from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from atis.audit import services as audit
from atis.core import access
from atis.core.errors import DomainError
from atis.imports import reader, validate
from atis.imports.models import ImportRun
from atis.imports.write import Writer

logger = logging.getLogger(__name__)

DEFAULT_SOURCE = "legacy"
SOURCE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,49}$")
# The result keeps this many row errors and duplicate warnings; the counts are complete.
MAX_LISTED = 1000
# How often a run's progress is saved while its rows are checked.
SAVE_EVERY = 1.0


def clean_source(source: str) -> str:
    """The source system's name: a short code (letters, digits, . _ -)."""
    source = (source or DEFAULT_SOURCE).strip().lower()
    if not SOURCE_PATTERN.match(source):
        raise DomainError({"source": _("Name the source system with up to 50 lower-case letters, "
                                       "digits, dots, dashes or underscores.")})
    return source


def run_create(*, actor, content: bytes, source: str = DEFAULT_SOURCE,
               dry_run: bool = True) -> ImportRun:
    """Record that a file is about to be imported (only the Centre's managers import)."""
    access.require(actor, "import.run")
    return ImportRun.objects.create(source=clean_source(source), dry_run=dry_run,
                                    checksum=hashlib.sha256(content).hexdigest(), size=len(content),
                                    file_format="", started_by=actor)


def import_file(*, actor, content: bytes, filename: str = "", source: str = DEFAULT_SOURCE,
                dry_run: bool = True, progress=None, run: ImportRun | None = None) -> ImportRun:
    """Check the file and, unless `dry_run`, import it all or nothing. Returns the finished
    run; its `result` holds the counts per sheet, the row errors and the duplicates.
    `progress(phase, done, total)` is told how far the run is."""
    run = run or run_create(actor=actor, content=content, source=source, dry_run=dry_run)
    access.require(actor, "import.run")
    progress = progress or (lambda phase, done, total: None)
    try:
        book = reader.read(content, filename)
    except DomainError as exc:
        problems = [{"sheet": "", "row": None, "column": "", "message": m}
                    for messages in exc.fields.values() for m in messages]
        return _finish(run, actor, ImportRun.Status.REFUSED, validate.Checked(run.source, problems=problems))
    run.file_format = book.format
    run.status = ImportRun.Status.CHECKING
    run.rows_total = sum(s.total or 0 for s in book.sheets.values())
    run.save(update_fields=["file_format", "status", "rows_total", "updated_at"])
    checked = validate.check(book, source=run.source, progress=_saving(run, progress))
    if checked.problems:
        return _finish(run, actor, ImportRun.Status.REFUSED, checked)
    if run.dry_run:
        return _finish(run, actor, ImportRun.Status.DONE, checked)
    run.status, run.rows_done = ImportRun.Status.WRITING, run.rows_total
    run.save(update_fields=["status", "rows_done", "updated_at"])
    try:
        with transaction.atomic():
            writer = Writer(actor=actor, run=run, checked=checked, progress=progress)
            created = writer.write(checked.lookups)
            return _finish(run, actor, ImportRun.Status.DONE, checked, created=created)
    except IntegrityError:
        # Another run imported some of the same rows between the check and the writing.
        _failed(run.pk)
        raise DomainError({"file": _("Another import wrote some of these rows in the meantime; "
                                     "nothing was written. Check the file again.")}) from None
    except Exception:
        _failed(run.pk)
        raise


def _failed(run_pk: int) -> None:
    ImportRun.objects.filter(pk=run_pk).update(status=ImportRun.Status.FAILED,
                                               finished_at=timezone.now())


def _saving(run: ImportRun, progress):
    """Pass progress on, and save it on the run now and then (outside any transaction, so
    the import page sees it)."""
    last = [0.0]

    def report(phase: str, done: int, total: int) -> None:
        progress(phase, done, total)
        now = time.monotonic()
        if now - last[0] >= SAVE_EVERY:
            last[0] = now
            ImportRun.objects.filter(pk=run.pk).update(rows_done=done, rows_total=total,
                                                       updated_at=timezone.now())

    return report


def _finish(run: ImportRun, actor, status: str, checked: validate.Checked, created=None) -> ImportRun:
    run.status, run.finished_at = status, timezone.now()
    run.rows_done = run.rows_total
    run.result = {
        "committed": created is not None,
        "counts": {sheet: {**counts, "created": (created or {}).get(sheet, 0)}
                   for sheet, counts in checked.counts.items()},
        "error_count": len(checked.problems), "errors": checked.problems[:MAX_LISTED],
        "duplicate_count": len(checked.duplicates), "duplicates": checked.duplicates[:MAX_LISTED],
    }
    run.save()
    action = "import.commit" if created is not None else "import.check"
    audit.record(actor, action, run, source=run.source, checksum=run.checksum, dry_run=run.dry_run,
                 status=status, errors=len(checked.problems), duplicates=len(checked.duplicates),
                 created=sum((created or {}).values()))
    return run


# --- the import page's background job --------------------------------------------------------

def import_start(*, actor, content: bytes, filename: str = "", source: str = DEFAULT_SOURCE,
                 dry_run: bool = True) -> ImportRun:
    """Start a run for the import page. It goes on in a thread of this process, so the page
    can show its progress (the run is saved as it goes; the page polls it) without a job
    queue. It runs at once inside a transaction (a thread could not see the uncommitted
    run) and on an in-memory SQLite database (which threads cannot share safely)."""
    run = run_create(actor=actor, content=content, source=source, dry_run=dry_run)
    in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()
    if connection.in_atomic_block or in_memory:
        _job(run.pk, actor, content, filename, translation.get_language(), close=False)
    else:
        threading.Thread(target=_job, args=(run.pk, actor, content, filename,
                                            translation.get_language()), daemon=True).start()
    return run


def _job(run_pk: int, actor, content: bytes, filename: str, language: str, close: bool = True) -> None:
    run = ImportRun.objects.get(pk=run_pk)
    try:
        with translation.override(language):
            import_file(actor=actor, content=content, filename=filename, run=run)
    except Exception as exc:
        # The type only: an exception's text may quote a value from the file.
        logger.error("import run %s stopped: %s", run_pk, type(exc).__name__)
        _failed(run_pk)
        if not close:
            raise
    finally:
        if close:
            connection.close()
