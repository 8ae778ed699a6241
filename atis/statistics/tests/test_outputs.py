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
    for key in [("labour", "male", "adult"), ("forced_begging", "female", "child")]:
        assert by_key[key] == {"form": key[0], "sex": key[1], "age_group": key[2], "count": None,
                               "suppressed": True}
    shown = [c["count"] for c in table["cells"] + table["margins"] if c["count"] is not None]
    assert shown and all(n >= 3 for n in shown if n)
    grand = next(m for m in table["margins"] if set(m) <= {"count", "suppressed", "at_least"})
    assert grand["count"] == 7  # the real total, hidden cells included
    text = json.dumps(report)
    assert "V-" not in text and "Ana" not in text


def test_a_hidden_total_says_the_least_it_can_be(victims):
    report = engine.annual(YEAR, published=True, threshold=3)
    margins = report["tables"]["identified_victims_by_form_sex_age"]["margins"]
    cells = report["tables"]["identified_victims_by_form_sex_age"]["cells"]
    for margin in margins:
        if margin["count"] is None:
            fixed = {d: c for d, c in margin.items() if d not in ("count", "suppressed", "at_least")}
            visible = sum(c["count"] or 0 for c in cells
                          if all(c[d] == code for d, code in fixed.items()))
            assert margin.get("at_least", 0) == visible


def test_internal_edition_needs_an_analyst_role(victims, api_client_for, make_user):
    url = reverse("api-statistics-annual", args=[YEAR])
    assert APIClient().get(url, {"published": "false"}).status_code in (401, 403)
    assert api_client_for(make_user(Role.CENTRE_CASEWORKER)).get(url, {"published": "false"}) \
        .status_code == 403
    for role in (Role.CENTRE_MANAGER, Role.COORDINATOR_ANALYST, Role.RAPPORTEUR):
        response = api_client_for(make_user(role)).get(url, {"published": "false"})
        assert response.status_code == 200 and response.json()["published"] is False
    assert AuditEntry.objects.filter(action="statistics.export").count() == 3
    assert APIClient().get(url).status_code == 404  # the public edition: releases only


def test_exports_contain_the_same_numbers_as_the_json(victims):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    report = engine.annual(YEAR)
    total = sum(c["count"] for c in report["tables"]["reports_by_source"]["cells"])
    assert total == 7

    archive = zipfile.ZipFile(io.BytesIO(exports.render(YEAR, "csv")[0]))
    rows = archive.read("reports_by_source.csv").decode().splitlines()
    assert rows[0] == "source_type,count,suppressed,at_least"
    assert rows[1:] == ["police_administration,7,False,", "*,7,False,"]

    book = load_workbook(io.BytesIO(exports.render(YEAR, "xlsx")[0]))
    sheet = book["identified_victims_by_form_sex_"]
    rows = [row for row in sheet.iter_rows(values_only=True) if row and row[0]]
    assert rows[2] == ("Sources: Centre for the Protection of Victims of Trafficking",) + \
        (None,) * (len(rows[2]) - 1)
    sexual = next(row for row in rows if row[0] == "Sexual exploitation")
    total = next(row for row in rows if row[0] == "Total")
    assert sexual[1] == 5 and total[-1] == 7  # labelled rows, numbers, the real grand total

    html = exports.render(YEAR, "html")[0].decode()
    assert 'data-table="identified_victims_by_form_sex_age"' in html and "data:image/svg+xml" in html

    pdf = PdfReader(io.BytesIO(exports.render(YEAR, "pdf")[0]))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Reports received, by source" in text and "Police administration 7" in text


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


def test_the_internal_page_reads_as_words(client, victims, make_user, identify):
    import re

    identify(forms=["sexual"], birth_year=ADULT, recruitment_online=True)
    client.force_login(make_user(Role.CENTRE_MANAGER))
    page = client.get(reverse("statistics-internal"), {"year": YEAR}).content.decode()
    text = re.sub(r"<[^>]+>", " ", page)
    assert "Average age" in text and "Recruited or exploited through the internet" in text
    assert "Sexual exploitation" in text and "Centre for the Protection of Victims" in text
    for code in ("average_age", "online_share", "police_administration", "{'", "None"):
        assert code not in text, code
    victims_table = re.search(r'data-table="identified_victims_by_form_sex_age".*?</table>',
                              page, re.S).group(0)
    assert re.search(r"<tfoot><tr><th[^>]*>Total</th>.*<td>8</td></tr></tfoot>", victims_table)
