"""Reports over the REST API: external references, the list's filters, and triage dated
when it happened."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from atis.audit.models import AuditEntry
from atis.core import chronology
from atis.core.roles import Role
from atis.identification.models import Procedure
from atis.intake.models import Report

REPORT = {"channel": "app_api", "source_type": "police_administration",
          "suspected_forms": ["labour"], "persons": [{"sex": "male", "birth_year": 1988}]}


@pytest.fixture
def police(make_user, api_client_for):
    return api_client_for(make_user(Role.REPORTER, "pu-novi-sad"))


@pytest.fixture
def centre(make_user, api_client_for):
    return api_client_for(make_user(Role.CENTRE_CASEWORKER))


def submit(api, **fields):
    return api.post(reverse("api-reports"), {**REPORT, **fields}, format="json")


def test_external_reference_goes_in_and_comes_out(police):
    created = submit(police, external_reference="KU-117/24")
    assert created.status_code == 201, created.json()
    assert created.json()["external_reference"] == "KU-117/24"
    reference = created.json()["reference"]
    assert police.get(reverse("api-report", args=[reference])).json()["external_reference"] == \
        "KU-117/24"


def test_a_duplicate_external_reference_is_a_400_naming_it_and_writes_nothing(police):
    submit(police, external_reference="KU-117/24")
    before = (Report.objects.count(), AuditEntry.objects.count())
    again = submit(police, external_reference="KU-117/24")
    assert again.status_code == 400 and list(again.json()["errors"]) == ["external_reference"]
    assert (Report.objects.count(), AuditEntry.objects.count()) == before
    too_long = submit(police, external_reference="x" * 101)
    assert too_long.status_code == 400 and "external_reference" in too_long.json()["errors"]


def test_the_list_is_filtered_by_external_reference_and_status(police, centre):
    wanted = submit(police, external_reference="KU-1").json()["reference"]
    other = submit(police, external_reference="KU-2").json()["reference"]
    found = police.get(reverse("api-reports"), {"external_reference": "KU-1"}).json()
    assert found["count"] == 1 and found["results"][0]["reference"] == wanted
    centre.post(reverse("api-report-dismiss", args=[other]), {"reason": "no_offence"},
                format="json")
    dismissed = centre.get(reverse("api-reports"), {"status": "dismissed"}).json()
    assert [r["reference"] for r in dismissed["results"]] == [other]
    bad = centre.get(reverse("api-reports"), {"status": "lost"})
    assert bad.status_code == 400 and "status" in bad.json()["errors"]


def test_received_at_takes_a_day_or_a_moment(police):
    day = (timezone.localdate() - datetime.timedelta(days=3)).isoformat()
    by_day = submit(police, received_at=day).json()
    assert by_day["received_at"].startswith(day)
    moment = submit(police, received_at="2024-03-05T10:30:00+01:00").json()
    assert datetime.datetime.fromisoformat(moment["received_at"]) == \
        datetime.datetime.fromisoformat("2024-03-05T10:30:00+01:00")
    assert submit(police, received_at="2024-02-30").status_code == 400


def test_accepting_on_a_past_day_opens_the_procedures_that_day(police, centre):
    reference = submit(police, received_at="2024-03-05T10:30:00+01:00").json()["reference"]
    accepted = centre.post(reverse("api-report-accept", args=[reference]),
                           {"accepted_at": "2024-03-06"}, format="json")
    assert accepted.status_code == 201, accepted.json()
    report = centre.get(reverse("api-report", args=[reference])).json()
    assert report["triaged_at"].startswith("2024-03-06")
    assert report["triage_recorded_at"][:4] == str(timezone.localdate().year)
    [feedback] = [f for f in report["feedback"] if f["category"] == "accepted"]
    assert feedback["given_at"] == report["triaged_at"]
    procedure = Procedure.objects.get(pk=accepted.json()["procedures"][0])
    assert timezone.localtime(procedure.opened_at).date() == datetime.date(2024, 3, 6)


@pytest.mark.parametrize("action, body, field", [
    ("api-report-accept", {"accepted_at": "2024-03-04"}, "accepted_at"),
    ("api-report-dismiss", {"reason": "no_offence", "dismissed_at": "2024-03-04"}, "dismissed_at"),
])
def test_triage_before_the_receipt_is_a_400_naming_the_field_and_the_date(
        police, centre, action, body, field):
    reference = submit(police, received_at="2024-03-05T10:30:00+01:00").json()["reference"]
    before = (Procedure.objects.count(), AuditEntry.objects.count())
    response = centre.post(reverse(action, args=[reference]), body, format="json")
    assert response.status_code == 400
    [message] = response.json()["errors"][field]
    assert chronology.shown(datetime.date(2024, 3, 5)) in message
    assert (Procedure.objects.count(), AuditEntry.objects.count()) == before
    assert Report.objects.get(reference=reference).status == "received"


@pytest.mark.parametrize("action, body", [
    ("api-report-accept", {}), ("api-report-dismiss", {"reason": "no_offence"})])
def test_triage_in_the_future_is_a_400(police, centre, action, body):
    reference = submit(police).json()["reference"]
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    field = "accepted_at" if action == "api-report-accept" else "dismissed_at"
    response = centre.post(reverse(action, args=[reference]), {**body, field: tomorrow},
                           format="json")
    assert response.status_code == 400 and field in response.json()["errors"]
    assert Report.objects.get(reference=reference).status == "received"


def test_the_reporter_does_not_see_the_recorded_moments(police):
    data = submit(police).json()
    assert "triaged_at" in data and "triage_recorded_at" not in data and "persons" not in data


@pytest.mark.parametrize("who", ["police", "centre"])
def test_the_answer_to_a_post_is_the_report_as_read_back_without_reloading_it(
        who, request):
    """The POST answers from what it just wrote (no query reads the report's relations
    back), and that answer is what a GET of the report gives."""
    api = request.getfixturevalue(who)
    persons = [{"sex": "male", "birth_year": 1988}, {"sex": "female", "birth_year": 2001}]
    fields = {"checklist": "education_child", "indicators": ["absenteeism"]} \
        if who == "centre" else {}
    with CaptureQueriesContext(connection) as queries:
        created = submit(api, persons=persons, exploitation_country="RS", **fields)
    assert created.status_code == 201, created.json()
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")
             and any(f'FROM "{t}"' in q["sql"] for t in (
                 "intake_reportfeedback", "intake_reportperson", "identification_procedure"))]
    assert reads == []
    data = created.json()
    assert data == api.get(reverse("api-report", args=[data["reference"]])).json()
    assert [f["category"] for f in data["feedback"]] == ["received"]
    if who == "centre":
        assert len(data["persons"]) == 2 and data["procedures"] == []
        assert data["indicators"] == ["absenteeism"]
