"""In the real browser: the Rapporteur sends a questionnaire, the prosecutor's office
answers with the figures ATIS pre-filled, and the Rapporteur sees it answered."""

import datetime

import pytest

from atis.core.roles import Role
from atis.justice import services as justice
from atis.monitoring.models import Answer

pytestmark = pytest.mark.browser


def test_questionnaire_sent_answered_with_prefilled_figures_and_seen_answered(
        page, browser_login, browser_sign_out, make_user, campaign, org, transactional_db):
    make_user(Role.RAPPORTEUR, username="ombudsman")
    prosecutor = make_user(Role.PROSECUTOR, "hppo-novi-sad", username="prosecutor")
    for month in (2, 6, 11):
        justice.case_open(actor=prosecutor, opened_on=datetime.date(campaign.year, month, 1),
                          offences=["art388_1"], police_administration=org("pu-novi-sad"))

    browser_login("ombudsman")
    page.click("nav >> text=Questionnaire campaigns")
    page.click(f"#campaigns a:has-text('{campaign.title}')")
    page.click("summary:has-text('Add a question')")
    page.select_option("#question-form #id_unit", "investigation")
    page.fill("#question-form #id_number", "1.1")
    page.fill("#question-form #id_text", "How many criminal reports did you file?")
    page.select_option("#question-form #id_answer_type", "number")
    page.select_option("#question-form #id_prefill_key", "criminal_reports")
    page.click("#question-form button")
    page.wait_for_selector("#questions >> text=How many criminal reports did you file?")
    page.click("summary:has-text('Send the questionnaire')")
    page.select_option("#send-form #id_organisations", str(org("hppo-novi-sad").pk))
    page.select_option("#send-form #id_kind", "special")
    page.select_option("#send-form #id_legal_basis", "duty")
    page.click("#send-form button")
    assert page.locator("#campaign-status").get_attribute("data-answered") == "0"
    assert page.locator("#campaign-status").get_attribute("data-sent") == "1"
    browser_sign_out()

    browser_login("prosecutor")
    page.click(f".widget a:has-text('{campaign.title}')")  # "Questionnaires to answer"
    field = page.locator("[data-question='1.1'] input")
    assert field.input_value() == "3"
    assert page.locator("[data-question='1.1'] .prefill").get_attribute("data-figure") == "3"
    page.click("button[name=submit]")
    page.wait_for_selector("#received")
    assert Answer.objects.get().value == "3"
    browser_sign_out()

    browser_login("ombudsman")
    page.goto(f"/monitoring/campaigns/{campaign.pk}/")
    assert page.locator("#campaign-status").get_attribute("data-answered") == "1"
    row = page.locator("[data-organisation='hppo-novi-sad']")
    assert "answered" in row.get_attribute("class") and "not yet" not in row.inner_text()
