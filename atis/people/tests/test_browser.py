"""In a real browser: a Centre manager transfers a case to another caseworker through the
reassign page (first forgetting the reason), is told what happened, and the caseworker
finds the case on their dashboard. axe-core finds no serious or critical problem on the
page, with and without errors."""

import pytest

from atis.core.roles import Role

pytestmark = pytest.mark.browser


def test_manager_reassigns_a_case_to_another_caseworker(page, browser_login, browser_sign_out,
                                                        make_user, make_person, axe_violations,
                                                        transactional_db):
    make_user(Role.CENTRE_MANAGER, username="boss")
    holder = make_user(Role.CENTRE_CASEWORKER, username="holder")
    taker = make_user(Role.CENTRE_CASEWORKER, username="taker")
    taker.first_name, taker.last_name = "Marko", "Petrović"
    taker.save()
    person = make_person(actor=holder)

    browser_login("boss")
    page.goto(f"/people/{person.pseudonym}/reassign/")
    assert page.locator("h1").inner_text() == "Reassign the case"
    assert page.locator("#current-assignees").inner_text().count("holder") == 1
    assert axe_violations(page) == []

    page.select_option("#id_user", label="Marko Petrović")
    page.click("#reassign-form button[type=submit]")
    summary = page.locator(".govuk-error-summary")
    assert "Give the reason for the reassignment." in summary.inner_text()
    assert page.locator("#id_user option:checked").inner_text() == "Marko Petrović"
    assert axe_violations(page) == []
    summary.locator("a[href='#id_reason']").click()
    page.fill("#id_reason", "Workload: Marko takes over the Novi Sad cases.")
    page.click("#reassign-form button[type=submit]")

    page.wait_for_url(f"**/people/{person.pseudonym}/")
    assert (f"The case {person.pseudonym} is now assigned to Marko Petrović. They have been "
            "notified and will find it on their dashboard.") in page.content()
    page.goto(f"/people/{person.pseudonym}/reassign/")
    assert "Marko Petrović" in page.locator("#current-assignees").inner_text()
    assert page.locator("#assignment-history tbody tr").count() == 2
    browser_sign_out()

    browser_login("taker")
    page.locator(f"a:has-text('{person.pseudonym}')").first.click()
    page.wait_for_url(f"**/people/{person.pseudonym}/")
    assert page.locator("h1").inner_text() == person.pseudonym
