"""In a real browser: a hotline operator records a call → the Centre accepts it →
interviews → decides → a manager approves → the operator sees the feedback."""

import pytest
from django.utils import timezone

from atis.core.roles import Role

pytestmark = pytest.mark.browser


def test_hotline_call_to_identification_and_feedback(page, browser_login, browser_sign_out, make_user,
                                                      transactional_db):
    operator = make_user(Role.HOTLINE_OPERATOR, username="operator")
    make_user(Role.CENTRE_CASEWORKER, username="worker")
    make_user(Role.CENTRE_MANAGER, username="boss")

    browser_login(operator.username)
    page.goto("/reports/hotline/")
    page.select_option("#id_caller", "family_member")
    page.select_option("#id_outcome", "report")
    page.fill("#id_summary", "A mother calls: her daughter is held in a flat in Novi Sad.")
    page.select_option("#id_source_type", "family_member")
    page.check("input[name=suspected_forms][value=sexual]")
    page.fill("#id_exploitation_place", "Novi Sad")
    page.fill("#id_person-0-given_name", "Jovana")
    page.fill("#id_person-0-family_name", "Marković")
    page.select_option("#id_person-0-sex", "female")
    page.fill("#id_person-0-birth_year", "2001")
    page.click("button:has-text('Save the call')")
    message = page.locator(".messages").inner_text()
    reference = next(word for word in message.split() if word.startswith("R-"))
    browser_sign_out()

    browser_login("worker")
    page.goto(f"/reports/{reference}/")
    page.click("button:has-text('Accept: open identification')")
    page.wait_for_selector("h1 small[data-status=open]")
    # Each step's form opens on its own.
    assert not page.locator("#interview-form").is_visible()
    page.click("#step-interview summary")
    page.fill("#interview-form #id_held_on", timezone.localdate().isoformat())
    page.select_option("#interview-form #id_mode", "in_person")
    page.click("button:has-text('Save the interview')")
    assert page.locator("[data-interviews]").get_attribute("data-interviews") == "1"
    page.click("#step-decide summary")
    page.select_option("#decision-form #id_outcome", "identified")
    page.check("#decision-form input[name=forms_][value=sexual]")
    page.check("#decision-form input[name=subtypes][value=sexual_commercial]")
    page.click("button:has-text('Propose the decision for approval')")
    page.wait_for_selector("h1 small[data-status=awaiting_approval]")
    case_url = page.url
    browser_sign_out()

    browser_login("boss")
    page.goto(case_url)
    # Approval cannot be undone: the browser asks first, and a "no" sends nothing.
    page.refuse_confirmations = True
    page.click("button[value=approve]")
    assert page.confirmations[-1].startswith("Approve this decision?")
    page.wait_for_timeout(300)
    assert page.locator("h1 small[data-status=awaiting_approval]").count() == 1
    page.refuse_confirmations = False
    page.click("button[value=approve]")
    page.wait_for_selector("h1 small[data-status=identified]")
    browser_sign_out()

    browser_login(operator.username)
    page.goto(f"/reports/{reference}/")
    categories = page.locator("ul.feedback li").evaluate_all(
        "items => items.map(i => i.dataset.category)")
    assert categories == ["received", "accepted", "identified"]
    assert "Marković" not in page.content()
