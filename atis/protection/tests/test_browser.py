"""In a real browser: a case conference → the plan → a partner association records a
service and marks its task done → the Centre sees the task done."""

import datetime

import pytest
from django.utils import timezone

from atis.core.roles import Role
from atis.protection import services

pytestmark = pytest.mark.browser


def test_conference_plan_partner_service_and_task_done(page, browser_login, browser_sign_out,
                                                       make_user, make_person,
                                                       org, transactional_db):
    caseworker = make_user(Role.CENTRE_CASEWORKER, username="worker")
    make_user(Role.PARTNER_CASEWORKER, "atina", username="atina")
    person = make_person(actor=caseworker, sex="female", birth_year=1998, citizenships=["RS"])
    services.consent_record(actor=caseworker, person=person, organisation=org("atina"),
                            area="psychological_support")
    today = timezone.localdate().isoformat()
    due = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()

    browser_login("worker")
    page.goto(f"/protection/{person.pseudonym}/")
    page.click("summary:has-text('Record a case conference')")
    page.fill("#conference-form #id_held_on", today)
    page.select_option("#conference-form #id_organisations", label=[str(org("centre")),
                                                                     str(org("atina"))])
    page.check("#conference-form #id_victim_participated")
    page.click("#conference-form button")
    page.fill("#plan-form #id_task-0-goal", "Weekly psychological support")
    page.select_option("#plan-form #id_task-0-area", "psychological_support")
    page.select_option("#plan-form #id_task-0-organisation", label=str(org("atina")))
    page.fill("#plan-form #id_task-0-due_on", due)
    page.click("#plan-form button")
    assert page.locator("[data-plan-status=active]").count() == 1
    assert page.locator("table.tasks tbody tr[data-status=planned]").count() == 1
    browser_sign_out()

    browser_login("atina")
    page.goto("/protection/tasks/")
    page.click(f"a:has-text('{person.pseudonym}')")
    page.select_option("#service-form #id_service", "psychological_support")
    page.fill("#service-form #id_delivered_on", today)
    page.select_option("#service-form #id_task", index=1)
    page.click("#service-form button")
    page.select_option("table.tasks form select[name=status]", "done")
    page.click("table.tasks form button")
    assert page.locator("table.tasks tbody tr[data-status=done]").count() == 1
    browser_sign_out()

    browser_login("worker")
    page.goto(f"/protection/{person.pseudonym}/")
    assert page.locator("table.tasks tbody tr[data-status=done]").count() == 1
    assert "Task done" in page.locator("ol.timeline").inner_text()
