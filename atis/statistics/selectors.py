"""The annual statistics for a reader: the published edition for anyone, the internal one
(exact counts) for the Centre's managers, the National Coordinator and the Rapporteur.
Every internal output is an export of case-derived data, so it is audited."""

from django.utils import translation

from atis.audit import services as audit
from atis.core import access
from atis.statistics import engine, exports


def _check(user, published: bool, year: int, what: str) -> None:
    if not published:
        access.require(user, "statistics.internal")
        audit.record(user, "statistics.export", None, year=year, edition="internal", what=what)


def annual_json(*, user, year: int, published: bool, language: str = "en") -> dict:
    _check(user, published, year, "json")
    with translation.override(language):
        tables, computed_at = exports.figures(year, published=published)
        return engine.as_json(year, tables, published=published, computed_at=computed_at)


def annual_file(*, user, year: int, fmt: str, published: bool, language: str = "en"):
    _check(user, published, year, fmt)
    return exports.render(year, fmt, published=published, language=language)


def annual_sections(*, user, year: int, published: bool) -> tuple[dict, list]:
    """What the statistics pages show: the JSON report and its sections with charts."""
    _check(user, published, year, "page")
    tables, computed_at = exports.figures(year, published=published)
    report = engine.as_json(year, tables, published=published, computed_at=computed_at)
    return report, exports.sections(report, tables)
