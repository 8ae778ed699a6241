"""The annual statistics for a reader: the published edition for anyone, from its releases
only (files stored when it was published, never computed for a request); the internal
edition (exact counts) for the Centre's managers, the National Coordinator and the
Rapporteur; and, for those who publish, the draft of a release. Every internal output is an
export of case-derived data, so it is audited."""

import json
from dataclasses import dataclass

import django_filters
from django.conf import settings
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext_lazy

from atis.audit import services as audit
from atis.core import access
from atis.statistics import engine, exports
from atis.statistics.models import Release, ReleaseFile


def served_language() -> str:
    """The request's language where ATIS has it, else English: the files of a release."""
    current = translation.get_language() or "en"
    return current if current in dict(settings.LANGUAGES) else "en"


def _check(user, published: bool, year: int, what: str) -> None:
    if not published:
        access.require(user, "statistics.internal")
        audit.record(user, "statistics.export", None, year=year, edition="internal", what=what)


def annual_json(*, user, year: int, published: bool, language: str = "en") -> dict:
    """The JSON contract: the internal edition as recently computed, the published one as
    its latest release stored it (Release.DoesNotExist when there is none)."""
    if published:
        return json.loads(bytes(release_file(year=year, language=language, fmt="json").content))
    _check(user, published, year, "json")
    with translation.override(language):
        tables, computed_at = exports.figures(year, published=published)
        return engine.as_json(year, tables, published=published, computed_at=computed_at)


def annual_file(*, user, year: int, fmt: str, published: bool, language: str = "en"):
    """The internal edition's file, computed (the published files: `release_file`)."""
    _check(user, published, year, fmt)
    return exports.render(year, fmt, published=published, language=language)


def annual_sections(*, user, year: int, published: bool) -> tuple[dict, list]:
    """What the internal statistics page shows: the JSON report and its sections."""
    _check(user, published, year, "page")
    tables, computed_at = exports.figures(year, published=published)
    report = engine.as_json(year, tables, published=published, computed_at=computed_at)
    return report, exports.sections(report, tables)


# --- releases ----------------------------------------------------------------------------

class ReleaseFilter(django_filters.FilterSet):
    """The API's filters of the releases (applied by its filter backend)."""

    year = django_filters.NumberFilter(field_name="year", label=gettext_lazy("Year"))

    class Meta:
        model = Release
        fields = []


def releases() -> QuerySet[Release]:
    """Every release, the newest year and version first (public: releases are published)."""
    return Release.objects.all()


def release(*, year: int, version: int | None = None, prefetch=None) -> Release:
    """The release of `year` (its latest version unless `version`); Release.DoesNotExist.
    `prefetch(queryset)` adds what the caller reads of it."""
    found = Release.objects.filter(year=year)
    found = prefetch(found) if prefetch else found
    return found.get(version=version) if version is not None else found.latest("version")


def release_file(*, year: int, language: str, fmt: str,
                 version: int | None = None) -> ReleaseFile:
    """A stored file of the year's release (latest unless `version`), in one query;
    ReleaseFile.DoesNotExist when there is no such release or file."""
    files = ReleaseFile.objects.filter(release__year=year, language=language, format=fmt) \
        .select_related("release")
    if version is not None:
        return files.get(release__version=version)
    found = files.order_by("-release__version").first()
    if found is None:
        raise ReleaseFile.DoesNotExist
    return found


@dataclass
class PublicPage:
    """What the public page shows of a year: its versions (newest first), the formats each
    has in the language, and the latest one's page fragment."""

    year: int | None
    years: list[int]
    versions: list[Release]
    formats: dict[int, list[str]]
    fragment: str


def public_page(*, year: int | None, language: str) -> PublicPage:
    """The releases of `year` (the latest year that has one when None), read in three
    queries whatever the number of releases: never a computation."""
    every = list(Release.objects.all())
    years = sorted({r.year for r in every}, reverse=True)
    if year is None and years:
        year = years[0]
    versions = [r for r in every if r.year == year]
    formats: dict[int, list[str]] = {r.pk: [] for r in versions}
    fragment = ""
    if versions:
        stored = ReleaseFile.objects.filter(release__in=versions, language__in=(language, "")) \
            .values_list("release_id", "format")
        for release_id, fmt in stored:
            formats[release_id].append(fmt)
        page = ReleaseFile.objects.filter(release=versions[0], language=language,
                                          format=ReleaseFile.Format.PAGE).first()
        fragment = bytes(page.content).decode() if page else ""
    return PublicPage(year, years, versions, formats, fragment)


@dataclass
class Draft:
    """The published edition of a year as a release would freeze it now, for review."""

    publication: engine.Publication
    report: dict
    sections: list


def release_draft(*, user, year: int) -> Draft:
    access.require(user, "statistics.publish")
    publication = engine.publication(year)
    report = engine.as_json(year, publication.tables, published=True)
    previous = previous_reports(year)
    before = previous.get(translation.get_language() or "en", previous.get("en"))
    return Draft(publication, report,
                 exports.sections(report, publication.tables, fresh=True, previous=before))


def previous_reports(year: int) -> dict[str, dict]:
    """The previous year's latest release as JSON, by language (for the change from it)."""
    latest = Release.objects.filter(year=year - 1).order_by("-version").first()
    if latest is None:
        return {}
    stored = ReleaseFile.objects.filter(release=latest, format=ReleaseFile.Format.JSON)
    return {f.language: json.loads(bytes(f.content)) for f in stored}
