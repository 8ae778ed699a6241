"""In a real browser: a Centre manager reviews a year's draft and publishes it; then a visitor
who has not signed in reads the release on the public page, in Cyrillic."""

import re

import pytest

from atis.core.roles import Role
from atis.statistics.models import Release
from atis.statistics.tests.conftest import ADULT, YEAR

pytestmark = pytest.mark.browser
CYRILLIC = re.compile("[\u0400-\u04ff]")


def test_a_manager_publishes_and_a_visitor_reads_the_release_in_cyrillic(
        page, identify, make_user, browser_login, browser_sign_out, transactional_db,
        axe_violations):
    for _ in range(4):
        identify(forms=["sexual"], birth_year=ADULT)
    identify(forms=["labour"], sex="male", birth_year=ADULT)
    manager = make_user(Role.CENTRE_MANAGER, username="release-manager")
    browser_login(manager.username)

    page.click('nav >> text="Statistics"')
    page.click("text=Review and publish a release")
    page.select_option("#review-year", str(YEAR))
    page.click("form.filters button")
    page.wait_for_selector("#publish", timeout=60_000)  # the draft is computed now
    assert int(page.locator("#cells-hidden").inner_text()) > 0
    assert "Police administration\t5" in page.locator("[data-table=reports_by_source]").inner_text()
    assert axe_violations(page) == []
    page.check("#id_open_year")
    with page.expect_navigation(timeout=60_000):
        page.click("#publish button[type=submit]", no_wait_after=True)
    assert f"Published version 1 of {YEAR}." in page.locator(".messages").inner_text()
    release = Release.objects.get()
    assert release.published_by_id == manager.pk and release.open_year

    browser_sign_out()
    page.goto("/statistics/")
    page.select_option("#language", "sr")
    page.click("form.atis-language button")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "sr"
    assert CYRILLIC.search(page.locator("h1").inner_text())
    assert CYRILLIC.search(page.locator("section.chapter h2").first.inner_text())
    assert CYRILLIC.search(page.locator("[data-table=reports_by_source] tbody").inner_text())
    assert release.checksum in page.locator(f"[data-version='{release.version}']").inner_text()
    assert axe_violations(page) == []
