"""End to end in a real browser: every demo role signs in, in all three languages; a
caseworker records a person and reads their identity, which the manager then finds in
the audit trail."""

import pytest

from atis.core.demo import DEMO_PASSWORD, DEMO_USERS

pytestmark = pytest.mark.browser

GREETING = {"en": "Dashboard", "sr-latn": "Kontrolna tabla", "sr": "Контролна табла"}


def test_every_demo_role_signs_in_in_every_language(page, demo_data, browser_login,
                                                    browser_sign_out):
    for username, (_org, role, _team) in DEMO_USERS.items():
        browser_login(username, DEMO_PASSWORD)
        for language in ["sr", "sr-latn", "en"]:
            page.select_option("#language", value=language)
            page.click("form.atis-language button")
            page.wait_for_load_state()
            assert page.locator("h1").inner_text() == GREETING[language]
            assert page.locator(f'[data-role="{role}"]').count() == 1
        browser_sign_out()


def test_caseworker_records_a_person_and_the_manager_audits_the_identity_view(
        page, demo_data, browser_login, browser_sign_out):
    browser_login("caseworker", DEMO_PASSWORD)
    page.goto("/people/new/")
    page.fill("#id_given_name", "Đurđina")
    page.fill("#id_family_name", "Šećerović")
    page.select_option("#id_sex", "female")
    page.fill("#id_birth_year", "2007")
    page.click("button:has-text('Save')")
    pseudonym = page.locator("h1").inner_text()
    assert pseudonym.startswith("V-")
    assert "Đurđina" not in page.content()
    page.click("button:has-text('Show identity')")
    assert page.locator(".identity").inner_text().count("Šećerović") == 1
    assert "Šećerović" not in page.url

    page.goto("/people/new/")
    page.fill("#id_given_name", "Djurdjina")
    page.fill("#id_family_name", "Secerovic")
    page.click("button:has-text('Save')")
    assert page.locator("section.notice").inner_text().count(pseudonym) == 1
    browser_sign_out()

    browser_login("manager", DEMO_PASSWORD)
    page.goto(f"/audit/?case={pseudonym}")
    rows = page.locator("tbody tr").all_inner_texts()
    assert any("person.view_identity" in row and "caseworker" in row for row in rows)
    assert any("person.create" in row for row in rows)
