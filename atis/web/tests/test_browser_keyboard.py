"""Keyboard only, in a real browser, the focus always visible: a reporter fills and sends
the report form with Tab, the arrow keys, Space and Enter, and a refused form moves the
focus to its error summary and keeps what was typed; a caseworker opens the decision step
and proposes a decision; a caseworker makes a protection plan with a task."""

import datetime

import pytest
from django.utils import timezone

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


def press_to_send(page, selector: str) -> None:
    """Tab to a form's button and press Enter on it."""
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_caseworker_proposes_a_decision_with_the_keyboard_alone(
        page, browser_sign_in_as, open_procedure):
    from atis.identification.models import Decision
    from atis.reference import selectors as reference

    procedure, caseworker = open_procedure()
    [(reason, _label), *_] = reference.choices("not_identified_reason")
    browser_sign_in_as(caseworker)
    page.goto(f"/cases/{procedure.pk}/")
    assert not page.locator("#decision-form").is_visible()
    tab_to(page, "#step-decide summary")
    page.keyboard.press("Enter")  # the step opens
    choose(page, "#decision-form #id_outcome", "not_identified")
    choose(page, "#decision-form #id_reason", reason)
    type_into(page, "#decision-form #id_reason_note", "No indicator of exploitation.")
    press_to_send(page, "#decision-form button[type=submit]")
    decision = Decision.objects.get()
    assert (decision.state, decision.outcome, decision.reason) == ("proposed", "not_identified",
                                                                   reason)
    assert page.locator("h1 small[data-status=awaiting_approval]").count() == 1


def test_a_caseworker_makes_a_protection_plan_with_the_keyboard_alone(
        page, browser_sign_in_as, victim, org):
    from atis.protection import services
    from atis.protection.models import ProtectionPlan

    person, caseworker = victim()
    atina = org("atina")
    services.consent_record(actor=caseworker, person=person, organisation=atina,
                            area="psychological_support")
    due = timezone.localdate() + datetime.timedelta(days=10)
    browser_sign_in_as(caseworker)
    page.goto(f"/protection/{person.pseudonym}/")
    choose(page, "#plan-form #id_task-0-area", "psychological_support")
    type_into(page, "#plan-form #id_task-0-goal", "Weekly psychological support")
    choose(page, "#plan-form #id_task-0-organisation", str(atina.pk))
    type_into(page, "#plan-form #id_task-0-due_on", due.strftime("%m%d%Y"))  # the browser's en-US order
    press_to_send(page, "#plan-form button[type=submit]")
    plan = ProtectionPlan.objects.get(person=person)
    [task] = plan.tasks.all()
    assert (task.area, task.organisation, task.due_on) == ("psychological_support", atina, due)
    assert page.locator("[data-plan-status=active]").count() == 1
