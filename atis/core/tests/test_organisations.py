"""GET /api/v1/organisations/: every signed-in user lists the organisations (not personal
data), so integrators take their codes from the API instead of fixture files."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from atis.core.models import Organisation
from atis.core.roles import Role

URL = reverse("api-organisations")


@pytest.mark.parametrize("role", [Role.REPORTER, Role.POLICE_OFFICER, Role.RAPPORTEUR, Role.ADMIN])
def test_any_signed_in_user_lists_the_organisations_page_by_page(make_user, api_client_for, role):
    api = api_client_for(make_user(role))
    first = api.get(URL).json()
    assert first["count"] == Organisation.objects.count() > 50
    assert len(first["results"]) == 50 and first["next"]
    rest = api.get(URL, {"page": 2}).json()["results"]
    codes = [o["code"] for o in first["results"] + rest]
    assert len(codes) == len(set(codes))
    centre = Organisation.objects.get(code="centre")
    listed = next(o for o in api.get(URL, {"type": "centre"}).json()["results"])
    assert listed == {"code": "centre", "name": centre.name_en, "type": "centre", "active": True}


def test_filters_by_type_and_active(make_user, api_client_for):
    Organisation.objects.filter(code="atina").update(active=False)
    api = api_client_for(make_user(Role.REPORTER))
    police = api.get(URL, {"type": "police_administration"}).json()
    assert police["count"] == Organisation.objects.filter(type="police_administration").count()
    assert {o["type"] for o in police["results"]} == {"police_administration"}
    inactive = api.get(URL, {"active": "false"}).json()["results"]
    assert [o["code"] for o in inactive] == ["atina"]
    assert api.get(URL, {"active": "true"}).json()["count"] == Organisation.objects.count() - 1


def test_names_follow_the_request_language(make_user, api_client_for):
    api = api_client_for(make_user(Role.REPORTER))
    listed = api.get(URL, {"type": "centre"}, HTTP_ACCEPT_LANGUAGE="sr").json()["results"][0]
    assert listed["name"] == Organisation.objects.get(code="centre").name_sr_cyrl


@pytest.mark.parametrize("params, field", [({"type": "bakery"}, "type"),
                                           ({"active": "maybe"}, "active")])
def test_bad_filter_values_are_refused(make_user, api_client_for, params, field):
    response = api_client_for(make_user(Role.REPORTER)).get(URL, params)
    assert response.status_code == 400 and field in response.json()["errors"]


def test_organisations_need_a_sign_in(db):
    assert APIClient().get(URL).status_code == 401
