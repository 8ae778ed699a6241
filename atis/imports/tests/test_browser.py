"""In the real browser: the Centre manager downloads the template, fills it in with one bad
row, sees the row-level error, fixes it, imports, and finds the imported case with its
history. The pages pass axe's checks."""

from pathlib import Path

import pytest
from openpyxl import load_workbook

from atis.core.roles import Role
from atis.imports import workbook
from atis.imports.tests.conftest import history

pytestmark = pytest.mark.browser


def fill(template: Path, rows: dict, out: Path) -> Path:
    book = load_workbook(template)
    for sheet, records in rows.items():
        header = [c.value for c in book[sheet][1]]
        for record in records:
            book[sheet].append([workbook.cell(record.get(name)) for name in header])
    book.save(out)
    return out


def send(page, path: Path, action: str) -> None:
    page.goto("/imports/")
    page.set_input_files("#id_file", str(path))
    page.click(f"#import-form button[value={action}]")
    page.wait_for_selector("#run-status[data-status=done], #run-status[data-status=refused], "
                           "#run-status[data-status=failed]", timeout=60_000)


def test_centre_imports_a_history_after_fixing_the_row_the_check_found(
        page, browser_login, make_user, transactional_db, tmp_path, axe_violations):
    make_user(Role.CENTRE_MANAGER, username="manager")
    browser_login("manager")
    page.click("nav >> text=Import")
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.click("#template-link")
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)

    rows = history()
    rows["services"][0]["provider"] = "atina-typo"
    send(page, fill(template, rows, tmp_path / "cases.xlsx"), "check")
    error = page.locator("#errors tr[data-sheet=services][data-row='2'][data-column=provider]")
    assert "Unknown code(s): atina-typo." in error.inner_text()
    assert page.locator("#run-status").get_attribute("data-status") == "refused"
    assert axe_violations(page) == []

    rows["services"][0]["provider"] = "atina"
    send(page, fill(template, rows, tmp_path / "cases-fixed.xlsx"), "import")
    assert page.locator("#counts tr[data-sheet=identifications] td").nth(4).inner_text() == "1"
    page.click("#cases a")
    page.wait_for_selector("article.decision")
    assert "identified" in page.locator("h1").inner_text()
    decision = page.locator("article.decision").inner_text()
    assert "2024-01-10" in decision and "2024-01-12" in decision
    assert "2023-11-21" in page.locator("dl.facts").inner_text()  # opened when accepted
