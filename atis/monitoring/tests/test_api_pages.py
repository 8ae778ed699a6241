"""The REST API and the pages of monitoring: who may do what, field errors for bad input,
downloads, and no personal data for the Rapporteur."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from atis.core.roles import Role
from atis.monitoring import services
from atis.monitoring.models import Answer, ProgressReport, StrategicDocument, Training

pytestmark = pytest.mark.django_db
API = "/api/v1/monitoring"


@pytest.fixture
def questionnaire(campaign, rapporteur, org):
    services.question_add(actor=rapporteur, campaign=campaign, unit="investigation", number="1",
                          text="Criminal reports filed?", answer_type="number",
                          prefill_key="criminal_reports")
    services.questionnaires_send(actor=rapporteur, campaign=campaign, kind="special",
                                 legal_basis="duty",
                                 organisations=[org("hppo-novi-sad"), org("hppo-beograd")])
    return campaign.questionnaires.get(organisation__code="hppo-novi-sad")


def test_plans_tree_and_consolidated_report_over_the_api(strategy, coordinator, api_client_for):
    api = api_client_for(coordinator)
    listed = api.get(f"{API}/documents/").json()
    plan = next(row for row in listed if row["document"]["code"] == strategy.code)
    assert plan["total"] == 64 and plan["completion_rate"] == 0
    tree = api.get(f"{API}/documents/{strategy.pk}/").json()
    assert len(tree["objectives"]) == 5
    activity = tree["objectives"][0]["measures"][0]["activities"][0]
    created = api.post(f"{API}/activities/{activity['id']}/progress/",
                       {"period": "annual", "year": 2018, "status": "completed"}, format="json")
    assert created.status_code == 201, created.json()
    report = api.get(f"{API}/documents/{strategy.pk}/report/?year=2018").json()
    assert report["overall"]["counts"]["completed"] == 1
    xlsx = api.get(f"{API}/documents/{strategy.pk}/report/?year=2018&download=xlsx")
    assert xlsx.status_code == 200
    assert "progress-action-plan-2017-2018-2018.xlsx" in xlsx["Content-Disposition"]
    assert api.get(f"{API}/documents/{strategy.pk}/report/").status_code == 400
    assert api.get(f"{API}/documents/{strategy.pk}/report/?year=2018&month=13").status_code == 400


def test_bad_progress_gets_field_errors(strategy, coordinator, api_client_for):
    activity = strategy.objectives.first().measures.first().activities.first()
    api = api_client_for(coordinator)
    response = api.post(f"{API}/activities/{activity.pk}/progress/",
                        {"period": "annual", "year": 2018, "status": "finished"}, format="json")
    assert response.status_code == 400 and "status" in response.json()["errors"]
    services.document_close(actor=coordinator, document=strategy)
    response = api.post(f"{API}/activities/{activity.pk}/progress/",
                        {"period": "annual", "year": 2018, "status": "completed"}, format="json")
    assert response.status_code == 400 and "closed" in str(response.json())
    assert not ProgressReport.objects.exists()


def test_import_over_the_api_is_all_or_nothing(coordinator, api_client_for, xlsx):
    from atis.monitoring.tests.conftest import PLAN_HEADER

    api = api_client_for(coordinator)
    template = api.get(f"{API}/documents/template/")
    assert template.status_code == 200
    assert load_workbook(io.BytesIO(template.content)).active["A1"].value == "objective_code"
    bad = xlsx(PLAN_HEADER[:5] + ["activity"], ["1", "O", "1.1", "M", "1.1.1", "A"])
    form = {"code": "p2", "title": "P", "starts_on": "2026-01-01", "ends_on": "2026-12-31"}
    response = api.post(f"{API}/documents/import/",
                        {**form, "file": io.BytesIO(bad)}, format="multipart")
    assert response.status_code == 400
    assert "Row 1: unknown column(s) activity" in str(response.json())
    assert not StrategicDocument.objects.exists()
    response = api.post(f"{API}/documents/import/",
                        {**form, "file": io.BytesIO(template.content)}, format="multipart")
    assert response.status_code == 201 and response.json()["code"] == "p2"
    rapporteur_api = api_client_for(_user(api, Role.RAPPORTEUR))
    assert rapporteur_api.post(f"{API}/documents/import/", {**form, "code": "p3", "file": io.BytesIO(
        template.content)}, format="multipart").status_code == 403


def _user(_api, role):
    from atis.core import services as core
    from atis.core.models import Organisation
    from conftest import DEFAULT_ORG, PASSWORD

    return core.user_create(actor="test", username=f"u-{role}", password=PASSWORD,
                            organisation=Organisation.objects.get(code=DEFAULT_ORG[role]), role=role)


def test_recommendations_and_share_over_the_api(reference_data, rapporteur, api_client_for):
    from atis.monitoring import loaders

    loaders.recommendations_load()
    api = api_client_for(rapporteur)
    share = api.get(f"{API}/reports/nr-1/share/?year=2024").json()
    assert (share["acted"], share["total"], round(share["share"], 3)) == (15, 28, 0.536)
    listed = api.get(f"{API}/recommendations/?source=nr-2").json()
    assert listed["count"] == 30
    first = listed["results"][0]["id"]
    bad = api.post(f"{API}/recommendations/{first}/assessments/",
                   {"period_year": 2025, "category": "sort of", "justification": "x"}, format="json")
    assert bad.status_code == 400 and "category" in bad.json()["errors"]
    good = api.post(f"{API}/recommendations/{first}/assessments/",
                    {"period_year": 2025, "category": "acted_upon", "justification": "Done"},
                    format="json")
    assert good.status_code == 201
    assert api.get(f"{API}/reports/nr-2/share/?year=2025").json()["acted"] == 1


def test_the_campaign_over_the_api(campaign, questionnaire, rapporteur, make_user, api_client_for):
    api = api_client_for(rapporteur)
    assert api.get(f"{API}/campaigns/{campaign.pk}/status/").json()["sent"] == 2
    prosecutor = make_user(Role.PROSECUTOR, "hppo-novi-sad")
    mine = api_client_for(prosecutor)
    assert [q["id"] for q in mine.get(f"{API}/questionnaires/").json()] == [questionnaire.pk]
    form = mine.get(f"{API}/questionnaires/{questionnaire.pk}/").json()
    question = form["questions"][0]
    assert question["figure"] == 0 and question["value"] == "0"
    saved = mine.post(f"{API}/questionnaires/{questionnaire.pk}/answers/",
                      {"answers": {str(question["question"]["id"]): "4"}, "submit": True},
                      format="json")
    assert saved.status_code == 200 and saved.json() == {"count": 1}
    status = api.get(f"{API}/campaigns/{campaign.pk}/status/").json()
    assert (status["answered"], status["pending"]) == (1, 1)
    assert api.post(f"{API}/campaigns/{campaign.pk}/reminders/").json() == {"count": 1}
    rows = api.get(f"{API}/campaigns/{campaign.pk}/answers/").json()
    assert rows == [{"question": "1", "unit": "investigation", "text": "Criminal reports filed?",
                     "stakeholder": "hppo-novi-sad", "stakeholder_name": rows[0]["stakeholder_name"],
                     "answer": "4", "figure_from_records": "0"}]
    export = api.get(f"{API}/campaigns/{campaign.pk}/answers/?download=xlsx")
    assert export["Content-Disposition"] == f'attachment; filename="answers-{campaign.year}.xlsx"'


def test_a_questionnaire_of_another_organisation_is_not_found(questionnaire, make_user,
                                                              api_client_for):
    other = api_client_for(make_user(Role.PROSECUTOR, "hppo-beograd"))
    assert other.get(f"{API}/questionnaires/{questionnaire.pk}/").status_code == 404
    answered = other.post(f"{API}/questionnaires/{questionnaire.pk}/answers/",
                          {"answers": {}}, format="json")
    assert answered.status_code == 404
    assert not Answer.objects.exists()


@pytest.mark.parametrize(("role", "expected"), [
    (Role.RAPPORTEUR, 200), (Role.COORDINATOR_ANALYST, 403), (Role.PROSECUTOR, 403),
    (Role.CENTRE_MANAGER, 403),
])
def test_only_the_rapporteur_runs_the_campaign(campaign, make_user, api_client_for, role, expected):
    api = api_client_for(make_user(role))
    assert api.get(f"{API}/campaigns/").status_code == expected
    assert api.get(f"{API}/campaigns/{campaign.pk}/status/").status_code == expected
    created = api.post(f"{API}/campaigns/new/", {"year": 2019, "title": "t",
                                                 "due_on": "2020-01-01"}, format="json")
    assert created.status_code == (201 if expected == 200 else 403)


@pytest.mark.parametrize(("role", "expected"), [
    (Role.COORDINATOR_ANALYST, 200), (Role.RAPPORTEUR, 200), (Role.CENTRE_MANAGER, 200),
    (Role.PROSECUTOR, 403), (Role.PARTNER_CASEWORKER, 403),
])
def test_overdue_reports_are_for_the_monitoring_roles(reference_data, make_user, api_client_for,
                                                      role, expected):
    assert api_client_for(make_user(role)).get(f"{API}/overdue/").status_code == expected


def test_registries_over_the_api(make_user, coordinator, api_client_for):
    police = api_client_for(make_user(Role.POLICE_OFFICER))
    today = timezone.localdate().isoformat()
    created = police.post(f"{API}/trainings/", {"topic": "Indicators", "held_on": today,
                                                "participants": {"police": 12}}, format="json")
    assert created.status_code == 201 and created.json()["participants"] == {"police": 12}
    bad = police.post(f"{API}/trainings/", {"topic": "x", "held_on": today,
                                            "participants": {"wizards": 1}}, format="json")
    assert bad.status_code == 400 and "participants" in bad.json()["errors"]
    assert police.post(f"{API}/hotline-activity/", {}, format="json").status_code == 403
    partner = api_client_for(make_user(Role.PARTNER_CASEWORKER))
    assert partner.get(f"{API}/trainings/").json()["count"] == 0
    assert api_client_for(coordinator).get(f"{API}/trainings/").json()["count"] == 1
    assert Training.objects.count() == 1
    assert partner.get(f"{API}/local-teams/").status_code == 403


def test_the_rapporteur_sees_no_personal_data(campaign, questionnaire, rapporteur, make_user,
                                              criminal_case, client, api_client_for):
    case, _defendant, procedure, _caseworker, _police = criminal_case
    pseudonym = procedure.person.pseudonym
    services.answers_save(actor=make_user(Role.PROSECUTOR, "hppo-novi-sad"),
                          questionnaire=questionnaire,
                          answers={str(questionnaire.questions()[0].pk): "1"})
    api = api_client_for(rapporteur)
    assert api.get(f"/api/v1/persons/{pseudonym}/").status_code in (403, 404)
    assert api.get("/api/v1/persons/").json()["count"] == 0
    client.force_login(rapporteur)
    bodies = [client.get(url).content for url in (
        reverse("dashboard"), reverse("monitoring"), reverse("campaigns"),
        reverse("campaign-page", args=[campaign.pk]), reverse("registries"),
        reverse("questionnaire-page", args=[questionnaire.pk]), reverse("recommendations"))]
    bodies += [api.get(f"{API}{path}").content for path in (
        "/documents/", f"/campaigns/{campaign.pk}/status/", f"/campaigns/{campaign.pk}/answers/",
        f"/questionnaires/{questionnaire.pk}/", "/trainings/", "/overdue/")]
    for body in bodies:
        assert pseudonym.encode() not in body and "Ilić".encode() not in body
        assert b"Mila" not in body


def test_pages_answer_for_each_role(strategy, campaign, questionnaire, make_user, client):
    activity = strategy.objectives.first().measures.first().activities.first()
    pages = [reverse("monitoring"), reverse("plan-page", args=[strategy.pk]),
             reverse("activity-page", args=[activity.pk]), reverse("recommendations"),
             reverse("registries")]
    for role in (Role.COORDINATOR_ANALYST, Role.RAPPORTEUR, Role.PROSECUTOR, Role.REPORTER):
        client.force_login(make_user(role))
        assert [client.get(url).status_code for url in pages] == [200] * len(pages), role
    client.force_login(make_user(Role.PROSECUTOR, "hppo-beograd", username="beograd"))
    assert client.get(reverse("questionnaire-page", args=[questionnaire.pk])).status_code == 404
    assert client.get(reverse("campaign-page", args=[campaign.pk])).status_code == 403
    assert client.get(reverse("plan-page", args=[99999])).status_code == 404


def test_progress_and_consolidated_report_pages(strategy, coordinator, client):
    activity = strategy.objectives.first().measures.first().activities.first()
    client.force_login(coordinator)
    url = reverse("activity-page", args=[activity.pk])
    client.post(url, {"period": "annual", "year": 2018, "status": "completed", "narrative": "Done"})
    assert ProgressReport.objects.get().narrative == "Done"
    response = client.post(url, {"period": "monthly", "year": 2018, "status": "completed"},
                           follow=True)
    assert "A monthly report names its month." in response.content.decode()
    assert ProgressReport.objects.count() == 1
    report = client.get(reverse("plan-report", args=[strategy.pk]) + "?year=2018&format=html")
    assert report.status_code == 200 and b"Completion rate" in report.content
    pdf = client.get(reverse("plan-report", args=[strategy.pk]) + "?year=2018&month=5&format=pdf")
    assert pdf.content.startswith(b"%PDF") and "2018-05.pdf" in pdf["Content-Disposition"]
    assert client.get(reverse("plan-report", args=[strategy.pk]) + "?year=x&format=pdf").status_code == 404
    client.post(reverse("plan-page", args=[strategy.pk]))
    strategy.refresh_from_db()
    assert strategy.closed


def test_the_import_page_names_the_bad_row(coordinator, client, xlsx):
    from atis.monitoring.tests.conftest import PLAN_HEADER

    client.force_login(coordinator)
    content = xlsx(PLAN_HEADER, ["1", "O", "1.1", "M", "1.1.1", "A", "nobody", "x"])
    upload = io.BytesIO(content)
    upload.name = "plan.xlsx"
    response = client.post(reverse("monitoring"), {
        "code": "p", "title": "P", "starts_on": "2026-01-01", "ends_on": "2026-12-31",
        "file": upload}, follow=True)
    assert "Row 2, responsible: unknown organisation code(s) nobody." in response.content.decode()
    assert not StrategicDocument.objects.exists()


def test_registry_and_campaign_pages_record(campaign, rapporteur, make_user, client, org):
    client.force_login(rapporteur)
    page = reverse("campaign-page", args=[campaign.pk])
    client.post(page, {"action": "question", "unit": "prevention", "number": "7",
                       "text": "Campaigns run?", "answer_type": "text", "audience": "all"})
    client.post(page, {"action": "send", "organisations": [org("astra").pk, org("atina").pk],
                       "kind": "general", "legal_basis": "request"})
    assert campaign.questions.count() == 1 and campaign.questionnaires.count() == 2
    response = client.post(page, {"action": "remind"}, follow=True)
    assert "2 stakeholders reminded." in response.content.decode()
    assert client.get(reverse("campaign-answers", args=[campaign.pk]))["Content-Type"].startswith(
        "application/vnd.openxmlformats")
    police = make_user(Role.POLICE_OFFICER)
    client.force_login(police)
    client.post(reverse("registries"), {"action": "training", "topic": "Indicators",
                                        "held_on": timezone.localdate().isoformat(), "days": 1,
                                        "certified": 0, "p_police": 9, "p_judges": 1})
    assert Training.objects.get().participants == 10
    assert client.post(reverse("registries"), {"action": "nonsense"}).status_code == 404
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(reverse("registries"), {
        "action": "prevention", "kind": "workshop", "title": "x", "reach": 1,
        "starts_on": timezone.localdate().isoformat(), "ends_on": yesterday.isoformat()}, follow=True)
    assert "This cannot be before it started" in response.content.decode()


def test_a_report_and_a_recommendation_are_added_over_the_api_and_the_page(
        reference_data, coordinator, api_client_for, client):
    api = api_client_for(coordinator)
    created = api.post(f"{API}/reports/new/", {"code": "tip-2025", "kind": "tip", "title": "TIP",
                                               "period_year": 2025}, format="json")
    assert created.status_code == 201
    added = api.post(f"{API}/reports/tip-2025/recommendations/", {
        "number": "1", "unit": "investigation", "text": "Prosecute more.",
        "addressees": ["hppo-novi-sad"]}, format="json")
    assert added.status_code == 201 and added.json()["addressees"] == ["hppo-novi-sad"]
    bad = api.post(f"{API}/reports/tip-2025/recommendations/", {
        "number": "1", "unit": "investigation", "text": "Again"}, format="json")
    assert bad.status_code == 400 and "number" in bad.json()["errors"]
    assert [s["code"] for s in api.get(f"{API}/reports/").json()] == ["tip-2025"]
    client.force_login(coordinator)
    client.post(reverse("recommendations"), {"action": "recommendation", "source": "tip-2025",
                                             "number": "2", "unit": "prevention", "text": "Warn."})
    page = client.get(reverse("recommendations") + "?source=tip-2025").content.decode()
    assert 'data-recommendation="2"' in page and "Warn." in page
