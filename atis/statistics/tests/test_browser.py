"""In a real browser: the public statistics page, without signing in."""

import pytest

from atis.statistics.tests.conftest import ADULT, YEAR

pytestmark = pytest.mark.browser


def test_public_statistics_page(page, identify, transactional_db):
    for _ in range(4):
        identify(forms=["sexual"], birth_year=ADULT)
    identify(forms=["labour"], sex="male", birth_year=ADULT)
    page.goto(f"/statistics/?year={YEAR}")
    reports = page.locator("[data-table=reports_by_source]").inner_text()
    assert "police administration\t5" in reports
    victims = page.locator("[data-table=identified_victims_by_form_sex_age]")
    assert "…" in victims.inner_text() and "4" not in victims.locator("tbody").inner_text()
    assert victims.locator("img.chart").count() == 1
    page.select_option("#language", "sr")
    page.click("form.language button")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() != f"Trafficking in human beings: statistics {YEAR}"
