"""The API refuses query parameters and body fields it does not know, on every route, and
takes exactly what its OpenAPI schema documents."""

import pytest
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.test import APIClient, APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from atis.core.api_strict import declaration
from atis.core.roles import Role
from atis.core.tests.api_routes import api_routes
from atis.people.models import Person


@pytest.fixture
def manager_api(make_user, api_client_for):
    return api_client_for(make_user(Role.CENTRE_MANAGER))


@pytest.mark.parametrize("route", api_routes("get"), ids=str)
def test_every_get_route_refuses_an_unknown_query_parameter(manager_api, route):
    response = manager_api.get(route.url, {"sort_by": "name"})
    assert response.status_code == 400, response.content
    assert "Unknown query parameter" in response.json()["errors"]["sort_by"][0]


@pytest.mark.parametrize("route", api_routes("post"), ids=str)
def test_every_post_route_refuses_an_unknown_body_field(manager_api, route):
    multipart = MultiPartParser in route.view.parser_classes and \
        JSONParser not in route.view.parser_classes
    response = manager_api.post(route.url, {"not_a_field": "2024-03-05"},
                                format="multipart" if multipart else "json")
    assert response.status_code == 400, response.content
    assert response.json()["errors"]["not_a_field"][0].startswith("Unknown field")


@pytest.mark.parametrize("route", api_routes("post"), ids=str)
def test_every_post_route_refuses_an_unknown_query_parameter(manager_api, route):
    response = manager_api.post(f"{route.url}?dry_run=true", {}, format="json")
    assert response.status_code == 400 and "dry_run" in response.json()["errors"]


def test_the_public_statistics_refuse_unknown_parameters_too(db):
    response = APIClient().get(reverse("api-statistics-annual", args=[2024]), {"edition": "x"})
    assert response.status_code == 400 and "edition" in response.json()["errors"]


def test_token_endpoint_refuses_unknown_fields(db):
    response = APIClient().post(reverse("api-token"), {"username": "a", "password": "b",
                                                       "remember_me": "1"}, format="json")
    assert response.status_code == 400 and set(response.json()["errors"]) == {"remember_me"}


@pytest.mark.parametrize("route", api_routes("get"), ids=str)
def test_the_accepted_query_parameters_are_those_the_schema_documents(route):
    """The schema is the truth: what the API takes is what it documents."""
    documented = {p["name"] for p in route.operation("get").get("parameters", [])
                  if p["in"] == "query"}
    assert declaration(route.live_view(), "GET").query - {"format"} == documented


def test_documented_parameters_are_accepted(manager_api):
    assert manager_api.get(reverse("api-audit"), {"user": "x", "page": 1}).status_code == 200
    assert manager_api.get(reverse("api-persons"), {"page": 1, "format": "json"}).status_code == 200
    assert manager_api.get(reverse("api-tasks"), {"overdue": "true"}).status_code == 200


def test_an_unknown_query_parameter_is_named_with_what_the_endpoint_takes(manager_api):
    errors = manager_api.get(reverse("api-audit"), {"actor": "x", "user": "y"}).json()["errors"]
    assert set(errors) == {"actor"}
    assert errors["actor"] == ["Unknown query parameter. This endpoint takes: action, case, "
                               "date_from, date_to, page, user."]


def test_unknown_fields_are_found_in_nested_objects_and_lists(make_user, api_client_for):
    before = Person.objects.count()
    response = api_client_for(make_user(Role.REPORTER)).post(reverse("api-reports"), {
        "channel": "phone", "source_type": "school",
        "persons": [{"sex": "female"},
                    {"sex": "male", "nickname": "x", "identity": {"given_name": "A", "eyes": "blue"}}],
    }, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"persons": {"1": {
        "nickname": ["Unknown field: this endpoint does not take it."],
        "identity": {"eyes": ["Unknown field: this endpoint does not take it."]}}}}
    assert Person.objects.count() == before


def test_a_read_only_field_cannot_be_set(make_user, api_client_for):
    response = api_client_for(make_user(Role.CENTRE_CASEWORKER)).post(
        reverse("api-persons"), {"sex": "female", "pseudonym": "V-1999-0001"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"pseudonym": ["This field cannot be set."]}
    assert not Person.objects.exists()


class NoBody(APIView):
    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        return Response(status=204)


def test_an_endpoint_without_a_body_refuses_any_field(make_user):
    request = APIRequestFactory().post("/", {"note": "x"}, format="json")
    force_authenticate(request, make_user(Role.CENTRE_MANAGER))
    response = NoBody.as_view()(request)
    assert response.status_code == 400
    assert response.data["errors"] == {"note": ["Unknown field: this endpoint takes no body."]}
    request = APIRequestFactory().post("/", {}, format="json")
    force_authenticate(request, make_user(Role.CENTRE_MANAGER))
    assert NoBody.as_view()(request).status_code == 204


def test_multipart_bodies_are_checked_too(make_user, api_client_for):
    api = api_client_for(make_user(Role.COORDINATOR_ANALYST))
    response = api.post(reverse("api-document-import"), {"code": "ap", "colour": "red"},
                        format="multipart")
    assert response.status_code == 400 and "colour" in response.json()["errors"]
