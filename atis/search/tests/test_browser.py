"""In a real browser: a caseworker types the Cyrillic spelling of a name recorded in Latin
letters and finds the person; the name never appears in an address, and the results page
passes axe-core (no serious or critical violation) and fits a 360 px wide phone."""

import datetime

import pytest

from atis.audit.models import AuditEntry
from atis.core.roles import Role
from atis.search import selectors

pytestmark = pytest.mark.browser


def test_a_caseworker_finds_a_latin_name_typed_in_cyrillic(
        page, browser_login, make_user, make_person, transactional_db, axe_violations):
    caseworker = make_user(Role.CENTRE_CASEWORKER, username="caseworker")
    jovana = make_person(actor=caseworker, identity={
        "given_name": "Jovana", "family_name": "Petrović",
        "date_of_birth": datetime.date(1996, 3, 2)})
    make_person(actor=make_user(Role.CENTRE_CASEWORKER), identity={  # not in the caseload
        "given_name": "Jovana", "family_name": "Petrović"})
    browser_login("caseworker")

    page.goto("/search/")
    assert axe_violations(page) == []
    page.fill("#id_q", "Јована Петровић")
    page.click("#search-form button[type=submit]")
    page.wait_for_selector("#results-heading")
    rows = page.locator("#results tbody tr")
    assert rows.count() == 1
    assert rows.first.get_attribute("data-kind") == "person"
    assert jovana.pseudonym in rows.first.inner_text()
    assert "Петров" not in page.url and "Petrov" not in page.url
    assert page.locator("#name-search-note").count() == 1
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 360, "height": 800})  # the results fit a phone
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.set_viewport_size({"width": 1280, "height": 800})
    assert AuditEntry.objects.filter(action=selectors.AUDIT_ACTION, actor_id=caseworker.pk).count() == 1

    # With the date of birth too; then the result opens the person's page.
    page.fill("#id_date_of_birth", "1996-03-02")
    page.click("#search-form button[type=submit]")
    page.wait_for_selector("#results")
    page.click(f"#results a:has-text('{jovana.pseudonym}')")
    page.wait_for_url(f"**/people/{jovana.pseudonym}/")

    # An empty search says what to type, in the error summary.
    page.goto("/search/")
    page.click("#search-form button[type=submit]")
    page.wait_for_selector(".govuk-error-summary")
    assert "Enter what to search for." in page.locator(".govuk-error-summary").inner_text()
    assert axe_violations(page) == []
