"""Editions, access, exports and the public page."""

import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from rest_framework.test import APIClient

from atis.audit.models import AuditEntry
from atis.core.roles import Role
from atis.statistics import engine, exports
from atis.statistics.tests.conftest import ADULT, CHILD, YEAR


@pytest.fixture
def victims(identify):
    for _ in range(5):
        identify(forms=["sexual"], birth_year=ADULT)
    identify(forms=["labour"], sex="male", birth_year=ADULT)
    identify(forms=["forced_begging"], birth_year=CHILD)
    return 7


def test_json_contract(victims):
    report = engine.annual(YEAR)
    assert set(report) == {"year", "published", "generated_at", "tables"}
    table = report["tables"]["identified_victims_by_form_sex_age"]
    assert set(table) >= {"title", "definition", "sources", "dimensions", "cells", "suppressed"}
    assert table["dimensions"] == ["form", "sex", "age_group"] and table["sources"] == ["centre"]
    assert {"form": "sexual", "sex": "female", "age_group": "adult", "count": 5} in table["cells"]


def test_published_edition_hides_small_counts_and_carries_no_identity(victims):
    report = engine.annual(YEAR, published=True, threshold=3)
    table = report["tables"]["identified_victims_by_form_sex_age"]
    assert table["suppressed"]
    by_key = {(c["form"], c["sex"], c["age_group"]): c for c in table["cells"]}
    assert by_key[("sexual", "female", "adult")]["count"] == 5
    for key in [("labour", "male", "adult"), ("forced_begging", "female", "child")]:
        assert by_key[key] == {"form": key[0], "sex": key[1], "age_group": key[2], "count": None,
                               "suppressed": True}
    text = json.dumps(report)
    assert "V-" not in text and "Ana" not in text


def test_internal_edition_needs_an_analyst_role(victims, api_client_for, make_user):
    url = reverse("api-statistics-annual", args=[YEAR])
    assert APIClient().get(url, {"published": "false"}).status_code in (401, 403)
    assert api_client_for(make_user(Role.CENTRE_CASEWORKER)).get(url, {"published": "false"}) \
        .status_code == 403
    for role in (Role.CENTRE_MANAGER, Role.COORDINATOR_ANALYST, Role.RAPPORTEUR):
        response = api_client_for(make_user(role)).get(url, {"published": "false"})
        assert response.status_code == 200 and response.json()["published"] is False
    assert AuditEntry.objects.filter(action="statistics.export").count() == 3
    public = APIClient().get(url)
    assert public.status_code == 200 and public.json()["published"] is True


def test_exports_contain_the_same_numbers_as_the_json(victims):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    report = engine.annual(YEAR)
    total = sum(c["count"] for c in report["tables"]["reports_by_source"]["cells"])
    assert total == 7

    archive = zipfile.ZipFile(io.BytesIO(exports.render(YEAR, "csv")[0]))
    rows = archive.read("reports_by_source.csv").decode().splitlines()
    assert rows[0] == "source_type,count,suppressed" and rows[1] == "police_administration,7,False"

    book = load_workbook(io.BytesIO(exports.render(YEAR, "xlsx")[0]))
    sheet = book["identified_victims_by_form_sex_"]
    values = [row for row in sheet.iter_rows(values_only=True) if row and row[0] == "sexual"]
    assert values == [("sexual", "female", "adult", 5, False)]

    html = exports.render(YEAR, "html")[0].decode()
    assert 'data-table="identified_victims_by_form_sex_age"' in html and "data:image/svg+xml" in html

    pdf = PdfReader(io.BytesIO(exports.render(YEAR, "pdf")[0]))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Reports received, by source" in text and "police administration 7" in text


def test_the_report_speaks_serbian(victims):
    from django.utils import translation

    from atis.statistics.chapters import CHAPTER_TITLES

    html = exports.render(YEAR, "html", language="sr")[0].decode()
    with translation.override("sr"):
        title = str(CHAPTER_TITLES["reports_identification"])
    assert title != "Reports and identification" and title in html


def test_cli_writes_every_format(victims, tmp_path):
    for fmt in exports.FORMATS:
        out = tmp_path / f"report.{fmt}"
        call_command("report", "annual", "--year", str(YEAR), "--format", fmt, "--published",
                     "--out", str(out))
        assert out.stat().st_size > 100
    assert json.loads((tmp_path / "report.json").read_text())["published"] is True
    with pytest.raises(CommandError) as exc:
        call_command("report", "annual", "--year", "1800")
    assert exc.value.returncode == 2


def test_public_page_needs_no_sign_in_and_shows_the_published_edition(client, victims):
    page = client.get(reverse("statistics-public"), {"year": YEAR})
    assert page.status_code == 200 and b"Published edition" in page.content
    assert b"data-table=\"reports_by_source\"" in page.content
    download = client.get(reverse("statistics-download", args=[YEAR, "xlsx"]))
    assert download.status_code == 200 and download["Content-Type"].startswith("application/vnd")
    internal = client.get(reverse("statistics-download", args=[YEAR, "json"]), {"published": "0"})
    assert internal.status_code == 302
    assert client.get(reverse("statistics-public"), {"year": "1800"}).status_code == 400
