import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from atis.core.roles import Role
from atis.protection.models import PlanTask, ServiceRecord

TODAY = timezone.localdate()
DUE = (TODAY + datetime.timedelta(days=20)).isoformat()


@pytest.fixture
def shared(victim, make_user, api_client_for):
    """A person with consent for Atina (psychological support) and a plan with its task."""
    person, caseworker = victim()
    api = api_client_for(caseworker)
    pseudonym = person.pseudonym
    assert api.post(reverse("api-consents", args=[pseudonym]), {
        "organisation": "atina", "area": "psychological_support"}, format="json").status_code == 201
    conference = api.post(reverse("api-conferences", args=[pseudonym]), {
        "held_on": TODAY.isoformat(), "organisations": ["centre", "atina"],
        "victim_participated": True}, format="json")
    assert conference.status_code == 201
    plan = api.post(reverse("api-plans", args=[pseudonym]), {
        "conference": conference.json()["id"], "tasks": [
            {"area": "psychological_support", "goal": "Counselling", "organisation": "atina",
             "due_on": DUE},
            {"area": "safety", "goal": "Safety plan", "organisation": "centre", "due_on": DUE}]},
        format="json")
    assert plan.status_code == 201, plan.json()
    return person, caseworker, api, make_user(Role.PARTNER_CASEWORKER, "atina")


def test_partner_records_a_service_and_the_centre_sees_the_task_done(shared, api_client_for):
    person, _caseworker, centre, atina_user = shared
    atina = api_client_for(atina_user)
    inbox = atina.get(reverse("api-tasks")).json()["results"]
    assert [t["organisation"] for t in inbox] == ["atina"]
    task_id = inbox[0]["id"]
    recorded = atina.post(reverse("api-services", args=[person.pseudonym]), {
        "service": "psychological_support", "delivered_on": TODAY.isoformat(), "task": task_id,
        "sessions": 2}, format="json")
    assert recorded.status_code == 201, recorded.json()
    done = atina.post(reverse("api-task-status", args=[task_id]), {"status": "done"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "done"
    file = centre.get(reverse("api-protection", args=[person.pseudonym])).json()
    assert {t["organisation"]: t["status"] for t in file["tasks"]} == {"atina": "done",
                                                                       "centre": "planned"}
    assert file["services"][0]["provider"] == "atina"


def test_partner_api_never_shows_other_partners_or_centre_records(shared, api_client_for):
    person, _caseworker, _centre, atina_user = shared
    file = api_client_for(atina_user).get(reverse("api-protection", args=[person.pseudonym])).json()
    assert [t["organisation"] for t in file["tasks"]] == ["atina"]
    assert "consents" not in file or file["consents"] in (None, [])
    assert not file.get("residence")


def test_task_for_unconsented_organisation_is_a_400(shared):
    person, _caseworker, centre, _atina = shared
    plan_id = centre.get(reverse("api-protection", args=[person.pseudonym])).json()["plan"]["id"]
    response = centre.post(reverse("api-plan-revise", args=[plan_id]), {"add_tasks": [
        {"area": "employment", "goal": "Job", "organisation": "nes", "due_on": DUE}]}, format="json")
    assert response.status_code == 400 and "organisation" in response.json()["errors"]
    assert PlanTask.objects.count() == 2


def test_shelter_over_the_api(victim, make_user, api_client_for):
    person, caseworker = victim()
    api = api_client_for(caseworker)
    admitted = api.post(reverse("api-stays"), {"person": person.pseudonym, "shelter": "shelter",
                                               "admitted_on": TODAY.isoformat()}, format="json")
    assert admitted.status_code == 201, admitted.json()
    staff = api_client_for(make_user(Role.SHELTER_STAFF))
    stay = admitted.json()["id"]
    assert staff.post(reverse("api-stay-phase", args=[stay]), {"phase": "recovery"},
                      format="json").json()["phase"] == "recovery"
    bad = staff.post(reverse("api-stay-extend", args=[stay]), {"months": 9, "reason": "x"},
                     format="json")
    assert bad.status_code == 400 and "months" in bad.json()["errors"]
    leave = staff.post(reverse("api-stay-leave", args=[stay]), {
        "left_on": (TODAY - datetime.timedelta(days=3)).isoformat(), "reason": "family"},
        format="json")
    assert leave.status_code == 400 and "left_on" in leave.json()["errors"]
    assert staff.get(reverse("api-shelter")).json()["residents"][0]["pseudonym"] == person.pseudonym


def test_partner_cannot_touch_the_shelter_or_unshared_people(victim, make_user, api_client_for):
    person, _ = victim()
    partner = api_client_for(make_user(Role.PARTNER_CASEWORKER, "astra"))
    assert partner.get(reverse("api-protection", args=[person.pseudonym])).status_code == 404
    assert partner.get(reverse("api-shelter")).status_code == 403
    assert partner.post(reverse("api-services", args=[person.pseudonym]), {
        "service": "information", "delivered_on": TODAY.isoformat()},
        format="json").status_code == 404
    assert not ServiceRecord.objects.exists()


def test_protection_page_forms(client, shared):
    person, caseworker, _api, _atina = shared
    client.force_login(caseworker)
    url = reverse("protection-page", args=[person.pseudonym])
    page = client.get(url)
    assert page.status_code == 200 and b"Counselling" in page.content
    response = client.post(url, {"action": "service", "service": "information",
                                 "delivered_on": TODAY.isoformat(), "sessions": "1"}, follow=True)
    assert ServiceRecord.objects.filter(person=person, service="information").exists()
    refused = client.post(url, {"action": "service", "service": "information",
                                "delivered_on": "2999-01-01", "sessions": "1"}, follow=True)
    assert b"cannot be in the future" in refused.content
    assert response.status_code == 200 and ServiceRecord.objects.count() == 1


@pytest.mark.parametrize("role, status", [(Role.PARTNER_CASEWORKER, 200), (Role.SHELTER_STAFF, 403),
                                          (Role.POLICE_OFFICER, 403), (Role.CENTRE_MANAGER, 200)])
def test_inbox_access(client, make_user, role, status):
    client.force_login(make_user(role))
    assert client.get(reverse("task-inbox")).status_code == status


def test_plan_form_ignores_empty_task_rows(client, victim):
    person, caseworker = victim()
    client.force_login(caseworker)
    url = reverse("protection-page", args=[person.pseudonym])
    data = {"action": "plan", "task-TOTAL_FORMS": "3", "task-INITIAL_FORMS": "0",
            "task-MIN_NUM_FORMS": "0", "task-MAX_NUM_FORMS": "30", "task-0-area": "safety",
            "task-0-goal": "Safety plan", "task-0-organisation": str(
                PlanTask._meta.get_field("organisation").related_model.objects.get(code="centre").pk),
            "task-0-due_on": DUE}
    client.post(url, data)
    assert PlanTask.objects.filter(plan__person=person).count() == 1
