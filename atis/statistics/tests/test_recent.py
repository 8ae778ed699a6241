"""The kept figures: pages, the API and the dashboards never compute a report per request."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from atis.core.roles import Role
from atis.statistics import charts, engine, recent
from atis.statistics.tests.conftest import ADULT, YEAR


@pytest.fixture
def kept(db):
    """Figures kept ten minutes, in a cache emptied before and after the test."""
    cache.clear()
    with override_settings(STATISTICS_CACHE_SECONDS=600):
        yield
    cache.clear()


@pytest.fixture
def computed(monkeypatch):
    """The tables computed afresh, by id, in the order they were asked for."""
    asked = []
    real = engine.compute

    def spy(year, **kwargs):
        tables = real(year, **kwargs)
        asked.extend((year, tid) for tid in tables)
        return tables

    monkeypatch.setattr(engine, "compute", spy)
    return asked


def test_the_internal_page_computes_the_report_once_and_then_shows_the_kept_figures(
        client, kept, computed, identify, make_user, monkeypatch):
    drawn = []
    real_draw = charts.data_uri
    monkeypatch.setattr(charts, "data_uri", lambda table, labels: drawn.append(table.id)
                        or real_draw(table, labels))
    identify(forms=["sexual"], birth_year=ADULT)
    client.force_login(make_user(Role.CENTRE_MANAGER))
    first = client.get(reverse("statistics-internal"), {"year": YEAR})
    assert first.status_code == 200
    # The year and the one before it, for the change from one year to the next.
    assert {year for year, _ in computed} == {YEAR, YEAR - 1}
    count, charts_drawn = len(computed), len(drawn)
    assert "identified_victims_by_form_sex_age" in drawn
    again = client.get(reverse("statistics-internal"), {"year": YEAR})
    assert again.status_code == 200 and len(computed) == count and len(drawn) == charts_drawn
    assert "Figures as computed on" in again.content.decode()


def test_kept_figures_expire_and_new_records_then_count(kept, computed, identify):
    identify(forms=["sexual"], birth_year=ADULT)
    tables, at = recent.tables(YEAR, published=False, only=["identified_victims_by_form_sex_age"])
    assert tables["identified_victims_by_form_sex_age"].total() == 1
    identify(forms=["labour"], birth_year=ADULT)
    assert recent.tables(YEAR, published=False)[0]["identified_victims_by_form_sex_age"].total() == 1
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=601)):
        tables, later = recent.tables(YEAR, published=False,
                                      only=["identified_victims_by_form_sex_age"])
    assert tables["identified_victims_by_form_sex_age"].total() == 2 and later > at


def test_only_the_missing_tables_are_computed(kept, computed):
    recent.tables(YEAR, published=False, only=["reports_by_source"])
    recent.tables(YEAR, published=False, only=["reports_by_source", "memo_response"])
    assert computed == [(YEAR, "reports_by_source"), (YEAR, "memo_response")]


def test_editions_and_languages_are_kept_apart(kept, computed, identify):
    for _ in range(2):
        identify(forms=["sexual"], birth_year=ADULT)
    internal = recent.tables(YEAR, published=False, only=["identified_victims_by_form_sex_age"])[0]
    published = recent.tables(YEAR, published=True, only=["identified_victims_by_form_sex_age"])[0]
    assert internal["identified_victims_by_form_sex_age"].cells[0]["count"] == 2
    assert published["identified_victims_by_form_sex_age"].suppressed
    from django.utils import translation

    with translation.override("sr-latn"):
        serbian = recent.tables(YEAR, published=False, only=["reports_by_source"])[0]
    english = recent.tables(YEAR, published=False, only=["reports_by_source"])[0]
    assert serbian["reports_by_source"].title != english["reports_by_source"].title


def test_the_managers_dashboard_reads_the_kept_figures(client, kept, computed, make_user):
    client.force_login(make_user(Role.CENTRE_MANAGER))
    assert client.get(reverse("dashboard")).status_code == 200
    count = len(computed)
    assert count and all(year == YEAR for year, _ in computed)
    assert client.get(reverse("dashboard")).status_code == 200
    assert len(computed) == count


def test_with_nothing_kept_every_read_is_fresh(computed, identify):
    recent.tables(YEAR, published=False, only=["reports_by_source"])
    recent.tables(YEAR, published=False, only=["reports_by_source"])
    assert computed == [(YEAR, "reports_by_source")] * 2
