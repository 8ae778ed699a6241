"""Keyboard only, in a real browser: a reporter fills and sends the report form with Tab,
the arrow keys, Space and Enter, the focus always visible; a refused form moves the focus
to its error summary and keeps what was typed."""

import pytest

from atis.core.roles import Role

pytestmark = pytest.mark.browser


def tab_to(page, selector: str, limit: int = 250) -> None:
    """Press Tab until `selector` has the focus, and check the focus can be seen."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            style = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
                return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }""")
            assert style[0] != "none" or style[2] != "none", (selector, style)
            return
    raise AssertionError(f"{selector} cannot be reached with Tab")


def choose(page, selector: str, value: str) -> None:
    """Tab to a select and move to `value` with the arrow keys."""
    tab_to(page, selector)
    for _ in range(300):
        if page.eval_on_selector(selector, "e => e.value") == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{value} not reached in {selector}")


def type_into(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def test_a_reporter_sends_a_report_with_the_keyboard_alone(page, make_user, browser_sign_in_as):
    from atis.intake.models import Report

    browser_sign_in_as(make_user(Role.REPORTER, "pu-novi-sad"))
    page.goto("/reports/new/")
    choose(page, "#id_source_type", "police_administration")
    tab_to(page, "#id_suspected_forms_1")
    page.keyboard.press("Space")
    type_into(page, "#id_narrative", "A man keeps workers locked in a barn near Kać.")
    type_into(page, "#id_person-0-given_name", "Petar")
    choose(page, "#id_person-0-sex", "male")
    type_into(page, "#id_person-0-birth_year", "1990")
    # Enter in a field sends the report (not the checklist's button in the middle).
    type_into(page, "#id_exploitation_place", "Kać")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    report = Report.objects.get()
    assert page.url.endswith(f"/reports/{report.reference}/")
    assert report.suspected_forms == ["labour"] and report.persons.count() == 1


def test_a_refused_report_keeps_what_was_typed_and_focuses_its_errors(
        page, make_user, browser_sign_in_as):
    browser_sign_in_as(make_user(Role.REPORTER, "pu-novi-sad"))
    page.goto("/reports/new/")
    type_into(page, "#id_exploitation_place", "Kać")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # no form of exploitation, no person
    assert page.evaluate("document.activeElement.closest('.govuk-error-summary') !== null")
    assert page.input_value("#id_exploitation_place") == "Kać"
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Name at least one person concerned." in summary
    assert page.locator("main").inner_text().count("Name at least one person concerned.") == 1
