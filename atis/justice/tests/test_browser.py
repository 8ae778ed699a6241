"""In a real browser: a prosecutor records that detention ends → the Centre's caseworker
sees the notification and completes the risk assessment."""

import datetime

import pytest
from django.utils import timezone

from atis.core.roles import Role
from atis.justice import services
from atis.justice.models import RiskAssessment

pytestmark = pytest.mark.browser


def test_detention_ending_reaches_the_caseworker(page, browser_login, browser_sign_out, make_user,
                                                  criminal_case, transactional_db):
    case, defendant, procedure, caseworker, police = criminal_case
    services.event_record(actor=police, case=case, kind="detention_ordered",
                          on=timezone.localdate() - datetime.timedelta(days=30), defendant=defendant)
    make_user(Role.PROSECUTOR, "hppo-novi-sad", username="prosecutor")
    caseworker.set_password("Correct-horse-battery-9")
    caseworker.save()

    browser_login("prosecutor")
    page.goto(f"/justice/{case.pk}/")
    # The form shows the event's own fields: a sentence for a conviction, not for a hearing.
    page.select_option("#event-form #id_kind", "conviction")
    assert page.is_visible("#event-form #id_sentence_months")
    page.select_option("#event-form #id_kind", "hearing")
    assert not page.is_visible("#event-form #id_sentence_months")
    assert page.is_visible("#event-form #id_court")
    page.select_option("#event-form #id_kind", "detention_ended")
    page.fill("#event-form #id_on", timezone.localdate().isoformat())
    page.select_option("#event-form #id_defendant", defendant.pseudonym)
    page.click("#event-form button")
    assert page.locator(f"[data-defendant='{defendant.pseudonym}']").inner_text().count(
        "detention on remand ended") == 1
    browser_sign_out()

    browser_login(caseworker.username)
    page.goto("/justice/inbox/")
    text = page.locator("tbody tr").first.inner_text()
    assert "detention on remand ended" in text and procedure.person.pseudonym in text
    assert "Ilić" not in page.content()
    page.select_option("[data-assessment] select[name=level]", "high")
    page.fill("[data-assessment] textarea[name=outcome]", "Safety plan revised with the police.")
    page.click("[data-assessment] button")
    page.wait_for_selector("text=No open risk assessments.")
    assert RiskAssessment.objects.get(organisation__code="centre").level == "high"
