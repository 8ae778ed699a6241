"""In a real browser: the public statistics page of a release, without signing in."""

import pytest

from atis.core.roles import Role
from atis.statistics import services
from atis.statistics.tests.conftest import ADULT, YEAR

pytestmark = pytest.mark.browser


def test_public_statistics_page(page, identify, make_user, transactional_db, axe_violations):
    for _ in range(4):
        identify(forms=["sexual"], birth_year=ADULT)
    identify(forms=["labour"], sex="male", birth_year=ADULT)
    services.publish(make_user(Role.CENTRE_MANAGER), year=YEAR, open_year=True)
    page.goto(f"/statistics/?year={YEAR}")
    reports = page.locator("[data-table=reports_by_source]").inner_text()
    assert "Police administration\t5" in reports
    victims = page.locator("[data-table=identified_victims_by_form_sex_age]")
    assert "…" in victims.inner_text() and "4" not in victims.locator("tbody").inner_text()
    # Every count is hidden here: a note stands where a chart of nothing would be.
    assert victims.locator("img.chart").count() == 0
    assert victims.locator(".chart-note").count() == 1
    assert page.locator("[data-table=reports_by_source] img.chart").count() == 1
    assert axe_violations(page) == []
    page.select_option("#language", "sr")
    page.click("form.atis-language button")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() != f"Trafficking in human beings: statistics {YEAR}"
