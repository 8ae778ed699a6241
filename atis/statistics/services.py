"""Publishing the annual statistics as a release: the published edition of a year, frozen
in every language and format, versioned, checksummed and audited.

The tables are computed before the write transaction opens, so that (called on its own)
the engine reads them from one read-only snapshot; the release, its files and the audit
entry are then written in one transaction. Versions are numbered by the unique (year,
version) constraint: a publisher who loses a race to another retries with the next
version, which, as every correction, needs a change note."""

import hashlib

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atis.audit import services as audit
from atis.core import access
from atis.core.errors import DomainError
from atis.core.years import check_year
from atis.statistics import ctdc, engine, exports, selectors
from atis.statistics.models import Release, ReleaseFile

CHANGE_NOTE_LIMIT = 2000
ATTEMPTS = 3


def publish(user, *, year: int, change_note: str = "", open_year: bool = False,
            include_dataset: bool = False) -> Release:
    """Publish `year`'s statistics as its next release. A year that has not ended needs
    `open_year`; a correction (version 2 on) needs a change note; an edition whose
    disclosure audit is not safe is refused."""
    access.require(user, "statistics.publish")
    check_year(year)
    _check_year_closed(year, open_year)
    change_note = (change_note or "").strip()
    if len(change_note) > CHANGE_NOTE_LIMIT:
        raise DomainError({"change_note": _("At most %(limit)d characters.")
                           % {"limit": CHANGE_NOTE_LIMIT}})
    _check_change_note(year, _latest_version(year) + 1, change_note)
    publication = engine.publication(year)
    if not publication.audit["safe"]:
        raise DomainError({"year": _(
            "The disclosure audit found %(unsafe)d hidden counts that the published figures "
            "would let a reader narrow below %(threshold)d; nothing was published. Tell the "
            "system's operator.") % {"unsafe": publication.audit["unsafe"],
                                     "threshold": publication.threshold}})
    files = _files(publication)
    summary = dict(publication.audit)
    dataset = ctdc.dataset(year) if include_dataset else None
    if dataset is not None:
        files[("", ReleaseFile.Format.DATASET)] = ctdc.to_csv(dataset)
        summary["dataset"] = {"k": dataset.k, "rows": len(dataset.rows),
                              "suppressed_values": dataset.suppressed_values,
                              "suppressed_rows": dataset.suppressed_rows}
    with transaction.atomic():
        release = _numbered(user, year=year, change_note=change_note, open_year=open_year,
                            publication=publication, audit=summary,
                            checksum=_sha256(files[("en", "json")]),
                            dataset_k=dataset.k if dataset is not None else None)
        ReleaseFile.objects.bulk_create(
            ReleaseFile(release=release, language=language, format=fmt, content=content,
                        sha256=_sha256(content), size=len(content))
            for (language, fmt), content in files.items())
        audit.record(user, "statistics.release.publish", release, year=year,
                     version=release.version, checksum=release.checksum,
                     threshold=release.threshold, method=release.method,
                     cells_hidden=summary["cells_hidden"],
                     persons_hidden=summary["persons_hidden"], open_year=open_year,
                     dataset_k=release.dataset_k, pdf=("en", "pdf") in files)
    return release


def _check_year_closed(year: int, open_year: bool) -> None:
    this_year = timezone.localdate().year
    if year > this_year:
        raise DomainError({"year": _("%(year)s has not begun: there is nothing to publish.")
                           % {"year": year}})
    if year == this_year and not open_year:
        raise DomainError({"open_year": _(
            "%(year)s has not ended. Its statistics are published before 31 December only on "
            "purpose: tick “publish before the year has ended”.") % {"year": year}})


def _latest_version(year: int) -> int:
    return Release.objects.filter(year=year).order_by("-version") \
        .values_list("version", flat=True).first() or 0


def _check_change_note(year: int, version: int, change_note: str) -> None:
    if version > 1 and not change_note:
        raise DomainError({"change_note": _(
            "%(year)s already has a release (version %(latest)d): this one is a correction. "
            "Say in the change note what it corrects and why.")
            % {"year": year, "latest": version - 1}})


def _numbered(user, *, year: int, change_note: str, publication, **fields) -> Release:
    """The release, numbered after the year's latest; a version taken meanwhile by another
    publisher is retried as the next one (and so needs a change note)."""
    for _attempt in range(ATTEMPTS):
        version = _latest_version(year) + 1
        _check_change_note(year, version, change_note)
        try:
            with transaction.atomic():
                return Release.objects.create(
                    year=year, version=version, published_at=timezone.now(), published_by=user,
                    threshold=publication.threshold, method=publication.method,
                    change_note=change_note, **fields)
        except IntegrityError:
            continue  # the unique (year, version): another release of the year just committed
    raise DomainError({"year": _("Others are publishing %(year)s at this moment; look at its "
                                 "releases and try again.") % {"year": year}})


def _files(publication: engine.Publication) -> dict[tuple[str, str], bytes]:
    """Every file of the release, by (language, format); without a PDF where the server
    cannot make one."""
    previous = selectors.previous_reports(publication.year)
    files = {}
    for language, _name in settings.LANGUAGES:
        before = previous.get(language, previous.get("en"))
        made = exports.release_files(publication, language=language, previous=before)
        files.update({(language, fmt): content for fmt, content in made.items()})
    return files


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
