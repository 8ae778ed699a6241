"""Idempotency-Key: a retried creating request gets the first answer and writes nothing."""

import json
import subprocess
import sys
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from atis.audit.models import AuditEntry
from atis.core.models import IdempotencyRecord
from atis.core.roles import Role
from atis.core.tests import idempotency_race
from atis.core.tests.api_routes import api_routes
from atis.people.models import Person
from scripts.messages import ROOT

BODY = {"sex": "female", "birth_year": 1990, "identity": {"given_name": "Ana",
                                                          "family_name": "Petrović"}}


@pytest.fixture
def caseworker(make_user):
    return make_user(Role.CENTRE_CASEWORKER)


@pytest.fixture
def post_person(api_client_for, caseworker):
    api = api_client_for(caseworker)

    def post(key, body=BODY, **extra):
        return api.post(reverse("api-persons"), body, format="json", HTTP_IDEMPOTENCY_KEY=key,
                        **extra)

    return post


def written() -> tuple[int, int]:
    return Person.objects.count(), AuditEntry.objects.count()


def test_the_same_key_answers_the_first_response_and_writes_nothing(post_person):
    first = post_person("3f1c-first")
    assert first.status_code == 201 and "Idempotent-Replayed" not in first
    before = written()
    again = post_person("3f1c-first")
    assert again.status_code == 201 and again.content == first.content
    assert again["Idempotent-Replayed"] == "true"
    assert written() == before


def test_the_same_key_with_a_different_body_is_refused(post_person):
    post_person("k-1")
    before = written()
    response = post_person("k-1", {**BODY, "birth_year": 1991})
    assert response.status_code == 422
    assert "different request" in response.json()["errors"]["Idempotency-Key"][0]
    assert written() == before


@pytest.mark.parametrize("key, problem", [
    ("k" * 256, "longer than 255"),
    ("", "empty"),
    ("tab\there", "printable ASCII"),
    ("ключ", "printable ASCII"),
])
def test_a_bad_key_is_refused_never_truncated(post_person, key, problem):
    before = written()
    response = post_person(key)
    assert response.status_code == 400
    assert problem in response.json()["errors"]["Idempotency-Key"][0]
    assert written() == before


def test_a_key_of_255_printable_characters_is_taken_whole(post_person):
    key = "~ !" + "k" * 252
    assert post_person(key).status_code == 201
    assert IdempotencyRecord.objects.get().key == key
    assert post_person(key)["Idempotent-Replayed"] == "true"


def test_a_refused_request_does_not_use_up_its_key(post_person):
    refused = post_person("k-2", {**BODY, "sex": "robot"})
    assert refused.status_code == 400 and not IdempotencyRecord.objects.exists()
    corrected = post_person("k-2")
    assert corrected.status_code == 201 and "Idempotent-Replayed" not in corrected
    assert Person.objects.count() == 1


def test_keys_belong_to_one_user_and_one_endpoint(post_person, make_user, api_client_for):
    post_person("shared")
    other = api_client_for(make_user(Role.CENTRE_CASEWORKER)).post(
        reverse("api-persons"), BODY, format="json", HTTP_IDEMPOTENCY_KEY="shared")
    assert other.status_code == 201 and "Idempotent-Replayed" not in other
    assert Person.objects.count() == 2


def test_without_a_key_every_request_creates(post_person, api_client_for, caseworker):
    api = api_client_for(caseworker)
    for _ in range(2):
        assert api.post(reverse("api-persons"), BODY, format="json").status_code == 201
    assert Person.objects.count() == 2 and not IdempotencyRecord.objects.exists()


def test_the_kept_answer_is_encrypted(post_person):
    pseudonym = post_person("k-3").json()["pseudonym"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT response, fingerprint FROM core_idempotencyrecord")
        [(response, fingerprint)] = cursor.fetchall()
    assert pseudonym not in response and "pseudonym" not in response
    record = IdempotencyRecord.objects.get()
    assert record.response["status"] == 201 and pseudonym in record.response["data"]
    assert len(record.fingerprint) == 64 and record.fingerprint not in fingerprint


def test_keys_expire_and_the_purge_deletes_them(post_person, settings, capsys):
    post_person("k-4")
    with time_machine.travel(timezone.now() + timedelta(hours=settings.IDEMPOTENCY_HOURS + 1)):
        again = post_person("k-4")
        assert again.status_code == 201 and "Idempotent-Replayed" not in again
        assert Person.objects.count() == 2 and IdempotencyRecord.objects.count() == 1
        post_person("k-5")
    with time_machine.travel(timezone.now() + timedelta(hours=2 * settings.IDEMPOTENCY_HOURS + 2)):
        call_command("idempotency", "purge")
    assert "expired idempotency records deleted: 2" in capsys.readouterr().out
    assert not IdempotencyRecord.objects.exists()


def test_every_creating_post_honours_the_key_and_documents_it():
    """A new endpoint that creates (documented 201) cannot forget Idempotency-Key."""
    creating = [r for r in api_routes("post") if "201" in r.operation("post")["responses"]]
    assert {"api-persons", "api-reports", "api-hotline-calls", "api-case-create",
            "api-memo-create", "api-services", "api-imports"} <= {r.name for r in creating}
    for route in creating:
        assert getattr(route.view.post, "idempotent", False), f"{route} ignores Idempotency-Key"
        headers = {p["name"] for p in route.operation("post").get("parameters", [])
                   if p["in"] == "header"}
        assert "Idempotency-Key" in headers, route


def test_every_post_to_a_collection_route_creates_and_honours_the_key(db):
    """A POST to a route that names a collection (no action verb after it) creates."""
    collections = [r for r in api_routes("post") if r.name not in NOT_CREATING]
    for route in collections:
        assert getattr(route.view.post, "idempotent", False), f"{route.name} ignores the key"


# POSTs that change or query what exists rather than create (their URL names say so).
NOT_CREATING = {
    "api-token", "api-token-revoke", "api-person-duplicates", "api-person-identity-reveal",
    "api-person-reassign",
    "api-report-dismiss", "api-identification-indicators",
    "api-identification-resume", "api-decision-approve", "api-decision-return",
    "api-decision-informed", "api-alert-sent", "api-consent-withdraw", "api-plan-revise",
    "api-plan-close", "api-task-status", "api-stay-extend", "api-stay-phase", "api-stay-leave",
    "api-residence-opinion", "api-residence-decision", "api-residence-border-police",
    "api-case-protection", "api-notification-mark", "api-risk-complete",
    "api-legal-assistance-outcome", "api-memo-response", "api-document-close",
    "api-recommendation-link", "api-campaign-send", "api-campaign-remind",
    "api-questionnaire-answers", "api-search",
}


@pytest.mark.postgresql
def test_twenty_concurrent_requests_with_one_key_create_one_record_on_postgresql(
        make_user, transactional_db):
    user = make_user(Role.CENTRE_CASEWORKER)
    results = idempotency_race.race(user)
    assert [status for status, _body in results] == [201] * idempotency_race.CLIENTS
    assert len({body["pseudonym"] for _status, body in results}) == 1
    assert Person.objects.count() == 1 and IdempotencyRecord.objects.count() == 1


def test_twenty_concurrent_requests_with_one_key_create_one_record_on_sqlite(tmp_path):
    """On a SQLite file with the production settings (BEGIN IMMEDIATE, busy timeout)."""
    run = subprocess.run([sys.executable, "-m", "atis.core.tests.idempotency_race",
                          str(tmp_path / "race.sqlite3")], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    outcome = json.loads(run.stdout.splitlines()[-1])
    assert [status for status, _body in outcome["results"]] == [201] * idempotency_race.CLIENTS
    assert len({body["pseudonym"] for _status, body in outcome["results"]}) == 1
    assert outcome["persons"] == 1
