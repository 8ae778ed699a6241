"""`/api/v1/search/`: GET for identifiers, POST for names; every answer in the schema's
shape; refused input is a JSON 400 naming the field."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from atis.audit.models import AuditEntry
from atis.core.roles import Role
from atis.core.tests.api_routes import api_routes, openapi_schema
from atis.search import selectors

URL = "/api/v1/search/"


def test_the_route_is_where_the_brief_says():
    assert reverse("api-search") == URL


def labels(body) -> set[tuple[str, str]]:
    return {(r["record_type"], r["label"]) for r in body["results"]}


def test_get_finds_a_pseudonym_with_its_paths(api_client_for, search_world):
    w = search_world
    api = api_client_for(w["users"][Role.CENTRE_CASEWORKER])
    response = api.get(URL, {"q": w["jovana"].pseudonym})
    assert response.status_code == 200
    body = response.json()
    assert body["name_search"] == "none" and body["count"] == 1 and body["count_exact"]
    assert body["record_types"] == ["person", "procedure", "report", "case"]
    [result] = body["results"]
    assert result == {"record_type": "person", "label": w["jovana"].pseudonym,
                      "url": reverse("person-detail", args=[w["jovana"].pseudonym]),
                      "api_url": reverse("api-person", args=[w["jovana"].pseudonym]),
                      "detail": result["detail"]}
    assert api.get(result["api_url"]).status_code == 200


def test_get_does_not_search_a_name(api_client_for, search_world):
    api = api_client_for(search_world["users"][Role.CENTRE_MANAGER])
    body = api.get(URL, {"q": "Јована Петровић"}).json()
    assert body["name_search"] == "post_only" and body["results"] == []
    assert not AuditEntry.objects.filter(action=selectors.AUDIT_ACTION).exists()


def test_post_searches_a_name_across_scripts_and_audits_it(api_client_for, search_world):
    w = search_world
    api = api_client_for(w["users"][Role.CENTRE_CASEWORKER])
    body = api.post(URL, {"q": "Јована Петровић", "date_of_birth": "1996-03-02"},
                    format="json").json()
    assert body["name_search"] == "done"
    assert labels(body) == {("person", w["jovana"].pseudonym)}
    entry = AuditEntry.objects.get(action=selectors.AUDIT_ACTION)
    assert entry.details == {"kind": "name_birth", "results": 1, "results_exact": True}
    assert "jovana" not in json.dumps(entry.details).lower()


@pytest.mark.parametrize("role", [Role.POLICE_OFFICER, Role.PARTNER_CASEWORKER,
                                  Role.SHELTER_STAFF, Role.COORDINATOR_ANALYST, Role.ADMIN])
def test_post_by_other_roles_is_no_name_search(api_client_for, search_world, role):
    api = api_client_for(search_world["users"][role])
    response = api.post(URL, {"q": "Jovana Petrović"}, format="json")
    assert response.status_code == 200
    assert response.json()["name_search"] == "refused" and response.json()["results"] == []
    assert not AuditEntry.objects.filter(action=selectors.AUDIT_ACTION).exists()


@pytest.mark.parametrize("role", [Role.COORDINATOR_ANALYST, Role.RAPPORTEUR, Role.ADMIN])
def test_analysts_and_administrators_get_nothing(api_client_for, search_world, role):
    w = search_world
    api = api_client_for(w["users"][role])
    for q in ("V-", "R-", "J-", w["case"].reference):
        body = api.get(URL, {"q": q}).json()
        assert body["results"] == [] and body["record_types"] == [], q


def test_police_get_their_case_not_the_person(api_client_for, search_world):
    w = search_world
    body = api_client_for(w["users"][Role.POLICE_OFFICER]).get(
        URL, {"q": w["procedure"].person.pseudonym}).json()
    assert labels(body) == {("case", w["case"].reference)}
    assert w["procedure"].person.pseudonym in body["results"][0]["detail"]


@pytest.mark.parametrize(("params", "field"), [
    ({}, "q"), ({"q": ""}, "q"), ({"q": "   "}, "q"), ({"q": "V" * 201}, "q"),
    ({"q": "V-", "page": "0"}, "page"), ({"q": "V-", "page": "x"}, "page"),
    ({"q": "V-", "page": str(selectors.MAX_PAGE + 1)}, "page"), ({"q": "a\x00b"}, "q")])
def test_get_refuses_bad_input_naming_the_field(api_client_for, make_user, params, field):
    response = api_client_for(make_user(Role.CENTRE_MANAGER)).get(URL, params)
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]


@pytest.mark.parametrize(("body", "field"), [
    ({}, "q"), ({"q": ""}, "q"), ({"q": "x" * 201}, "q"), ({"q": "A B", "date_of_birth": "x"},
                                                            "date_of_birth"),
    ({"q": "A B", "date_of_birth": "2999-01-01"}, "date_of_birth"),
    ({"q": "V-2026", "date_of_birth": "1990-01-01"}, "q"), ({"q": ["a"]}, "q"),
    ({"q": "A B", "name": "x"}, "name")])
def test_post_refuses_bad_input_naming_the_field(api_client_for, make_user, body, field):
    response = api_client_for(make_user(Role.CENTRE_CASEWORKER)).post(URL, body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]


def test_post_pages_with_the_query_string(api_client_for, search_world, make_person, monkeypatch):
    w = search_world
    monkeypatch.setattr(selectors, "PER_PAGE", 1)
    api = api_client_for(w["users"][Role.CENTRE_MANAGER])
    first = api.post(URL, {"q": "Jovana Petrović"}, format="json").json()
    assert first["count"] == 2 and first["previous"] is None
    assert first["next"].endswith(f"{URL}?page=2")
    second = api.post(f"{URL}?page=2", {"q": "Jovana Petrović"}, format="json").json()
    assert second["next"] is None and second["previous"].endswith(URL)
    assert labels(first) | labels(second) == {("person", w["jovana"].pseudonym),
                                              ("person", w["namesake"].pseudonym)}
    assert AuditEntry.objects.filter(action=selectors.AUDIT_ACTION).count() == 2  # each page


def test_anonymous_callers_are_unauthenticated(api_client_for, db):
    assert api_client_for().get(URL, {"q": "V-"}).status_code == 401
    assert api_client_for().post(URL, {"q": "A B"}, format="json").status_code == 401


# --- the schema tells the truth --------------------------------------------------------------

def test_the_schema_documents_both_operations():
    operations = openapi_schema()["paths"][URL]
    get = {p["name"]: p for p in operations["get"]["parameters"]}
    assert set(get) == {"q", "page"} and get["q"]["required"]
    assert "SearchBodyRequest" in json.dumps(operations["post"]["requestBody"])
    for method in ("get", "post"):
        assert "SearchAnswer" in json.dumps(operations[method]["responses"]["200"])
        assert "400" in operations[method]["responses"]


def test_the_routes_are_walked_by_the_strict_input_tests():
    assert "api-search" in {r.name for r in api_routes("get")}
    assert "api-search" in {r.name for r in api_routes("post")}


def test_the_answer_matches_the_schema(api_client_for, search_world):
    """Each field of the answer is documented, and each documented field is there."""
    schemas = openapi_schema()["components"]["schemas"]
    body = api_client_for(search_world["users"][Role.CENTRE_MANAGER]).get(URL, {"q": "V-"}).json()
    assert set(body) == set(schemas["SearchAnswer"]["properties"])
    assert body["results"]
    for result in body["results"]:
        assert set(result) == set(schemas["SearchResult"]["properties"])
        assert result["record_type"] in schemas["RecordTypeEnum"]["enum"]


def test_the_search_adds_no_schema_warning(tmp_path, capsys):
    call_command("spectacular", "--validate", "--file", str(tmp_path / "s.yml"))
    warnings = [line for line in capsys.readouterr().err.splitlines()
                if "search" in line.lower() or "RecordType" in line or "NameSearch" in line]
    assert warnings == []
