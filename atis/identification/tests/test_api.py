"""The whole procedure through the REST API."""

import pytest
from django.urls import reverse
from django.utils import timezone

from atis.core.roles import Role
from atis.intake.models import Report

REPORT = {"channel": "app_api", "source_type": "association", "suspected_forms": ["labour"],
          "exploitation_country": "RS", "narrative": "Workers locked in a warehouse.",
          "persons": [{"sex": "male", "birth_year": 1988, "citizenships": ["IN"],
                       "identity": {"given_name": "Arjun", "family_name": "Singh"}}]}


@pytest.fixture
def centre(make_user, api_client_for):
    caseworker = make_user(Role.CENTRE_CASEWORKER)
    manager = make_user(Role.CENTRE_MANAGER)
    return api_client_for(caseworker), api_client_for(manager)


def test_full_procedure_over_the_api(make_user, api_client_for, centre):
    partner = api_client_for(make_user(Role.PARTNER_CASEWORKER))
    caseworker, manager = centre
    created = partner.post(reverse("api-reports"), REPORT, format="json")
    assert created.status_code == 201, created.json()
    reference = created.json()["reference"]

    accepted = caseworker.post(reverse("api-report-accept", args=[reference]), {}, format="json")
    assert accepted.status_code == 201
    [pk] = accepted.json()["procedures"]
    detail = caseworker.get(reverse("api-identification", args=[pk])).json()
    assert detail["foreign_national"] and detail["particular_urgency"]
    assert {a["recipient"] for a in detail["alerts"]} == {"police", "prosecutor",
                                                          "labour_inspection",
                                                          "foreigners_administration"}
    today = timezone.localdate().isoformat()
    interview = caseworker.post(reverse("api-identification-interviews", args=[pk]),
                                {"held_on": today, "mode": "in_person", "joint_with": "police",
                                 "interpreter_language": "hi"}, format="json")
    assert interview.status_code == 201 and interview.json()["interviews"] == 1
    decision = caseworker.post(reverse("api-identification-decisions", args=[pk]), {
        "outcome": "identified", "person": detail["pseudonym"],
        "forms": [{"form": "labour", "subtype": "labour_industry"}],
        "recruitment_methods": ["job_offer"], "recruitment_online": True,
        "origin_country": "IN", "exploitation_country": "RS", "identified_where": "serbia",
        "mixed_migration": False}, format="json")
    assert decision.status_code == 201, decision.json()
    approved = manager.post(reverse("api-decision-approve", args=[decision.json()["id"]]))
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    informed = caseworker.post(reverse("api-decision-informed", args=[decision.json()["id"]]),
                               {"how": "in_person", "complaint_right_explained": True},
                               format="json")
    assert informed.status_code == 200
    final = caseworker.get(reverse("api-identification", args=[pk])).json()
    assert final["status"] == "identified"
    assert [e["kind"] for e in final["timeline"]][:2] == ["report", "opened"]
    feedback = partner.get(reverse("api-report", args=[reference])).json()["feedback"]
    assert [f["category"] for f in feedback] == ["received", "accepted", "identified"]


@pytest.mark.parametrize("change, field", [
    ({"channel": "pigeon"}, "channel"),
    ({"persons": []}, "persons"),
    ({"received_at": "2999-01-01T10:00:00Z"}, "received_at"),
    ({"suspected_forms": ["knitting"]}, "suspected_forms"),
    ({"persons": [{"sex": "female", "identity": {"date_of_birth": "2010-13-45"}}]}, "persons"),
    ({"source_organisation": "no-such-org"}, "source_organisation"),
])
def test_bad_reports_get_400_with_the_field(make_user, api_client_for, change, field):
    api = api_client_for(make_user(Role.REPORTER))
    response = api.post(reverse("api-reports"), {**REPORT, **change}, format="json")
    assert response.status_code == 400 and field in response.json()["errors"]
    assert not Report.objects.exists()


def test_decision_without_form_is_400(open_procedure, api_client_for):
    procedure, caseworker = open_procedure()
    response = api_client_for(caseworker).post(
        reverse("api-identification-decisions", args=[procedure.pk]),
        {"outcome": "identified", "forms": []}, format="json")
    assert response.status_code == 400 and "forms" in response.json()["errors"]


def test_list_filters_are_checked(open_procedure, api_client_for):
    _procedure, caseworker = open_procedure()
    api = api_client_for(caseworker)
    assert api.get(reverse("api-identifications"), {"pending_on": "31.12."}).status_code == 400
    assert api.get(reverse("api-identifications"), {"caseworker": "me"}).status_code == 400
    listed = api.get(reverse("api-identifications"), {"caseworker": caseworker.pk}).json()
    assert listed["count"] == 1


def test_hotline_call_with_report_over_the_api(make_user, api_client_for):
    api = api_client_for(make_user(Role.HOTLINE_OPERATOR))
    body = {"caller": "person_concerned", "outcome": "report", "report": {
        k: v for k, v in REPORT.items() if k != "channel"} | {"channel": "hotline"}}
    response = api.post(reverse("api-hotline-calls"), body, format="json")
    assert response.status_code == 201 and response.json()["report"].startswith("R-")
    assert api.get(reverse("api-hotline-calls")).json()[0]["report"] == response.json()["report"]


def test_checklists_endpoint(make_user, api_client_for):
    api = api_client_for(make_user(Role.REPORTER))
    lists = api.get(reverse("api-checklists")).json()
    assert {c["code"] for c in lists} >= {"police_child", "education_adult", "unified"}
    formal = api.get(reverse("api-checklists"), {"kind": "formal"}).json()
    assert all(c["kind"] == "formal" for c in formal) and formal
