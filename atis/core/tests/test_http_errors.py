"""Every API error is JSON in the one documented shape (400, 401, 404, 405, 415, 500);
input the database cannot hold is a 400 naming the field, never a 500; every response
but static files is `Cache-Control: no-store`."""

import pytest
from django.test import override_settings
from django.urls import path, reverse
from rest_framework.test import APIClient

from atis import urls as root_urls
from atis.core.roles import Role


@pytest.fixture
def manager_api(make_user, api_client_for):
    return api_client_for(make_user(Role.CENTRE_MANAGER))


def _fail(request):
    raise RuntimeError("secret detail V-2026-0001 must not leak")


urlpatterns = [path("api/v1/boom/", _fail), path("boom/", _fail), *root_urls.urlpatterns]
handler400, handler403 = root_urls.handler400, root_urls.handler403
handler404, handler500 = root_urls.handler404, root_urls.handler500


def test_an_anonymous_api_call_is_401_with_www_authenticate(db):
    response = APIClient().get(reverse("api-me"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")
    assert set(response.json()) == {"detail"}


@pytest.mark.parametrize("url", ["/api/v1/no-such-thing/", "/api/v1/persons/x/y/z/",
                                 "/api/nothing/"])
def test_an_unknown_api_url_is_a_json_404(manager_api, url):
    response = manager_api.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


def test_an_unknown_page_is_still_html(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


def test_a_wrong_method_is_a_json_405(manager_api):
    response = manager_api.delete(reverse("api-me"))
    assert response.status_code == 405 and "detail" in response.json()


def test_an_unsupported_media_type_is_a_json_415(manager_api):
    response = manager_api.post(reverse("api-person-duplicates"), "<x/>",
                                content_type="application/xml")
    assert response.status_code == 415 and "detail" in response.json()


@override_settings(ROOT_URLCONF=__name__)
def test_a_server_error_under_the_api_is_json_without_the_traceback(db):
    client = APIClient(raise_request_exception=False)
    response = client.get("/api/v1/boom/")
    assert response.status_code == 500 and response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}
    assert b"secret" not in response.content and b"Traceback" not in response.content
    assert response["Cache-Control"] == "no-store"
    page = client.get("/boom/")
    assert page.status_code == 500 and page["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(("url", "field"), [
    ("/api/v1/persons/V-2026%000001/", "pseudonym"),
    ("/api/v1/reports/R%00/", "reference"),
    ("/api/v1/cases/99999999999999999999/", "id"),
    ("/api/v1/identifications/2147483648/", "id"),
    ("/api/v1/audit/?case=%00", "case"),
    ("/api/v1/reports/?external_reference=a%00", "external_reference"),
    ("/api/v1/identifications/?caseworker=99999999999", "caseworker"),
    ("/api/v1/reports/?page=99999999999999999999", "page"),
    ("/api/v1/reports/?status=received&status=accepted", "status"),
    ("/api/v1/audit/?date_from=2024-02-30", "date_from"),
    ("/api/v1/identifications/?pending_on=2024-13-01", "pending_on"),
])
def test_input_the_database_cannot_hold_is_a_400_naming_it(manager_api, url, field):
    response = manager_api.get(url)
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]


@pytest.mark.parametrize(("body", "field"), [
    ({"given_name": "Ana\x00"}, "given_name"),
    ('{"given_name": "Ana\\ud800"}', "given_name"),  # JSON for an unpaired surrogate
    ({"documents": [{"type": "passport", "number": "1\x00"}]}, "documents"),
    ({"phones": ["06412\x00"]}, "phones"),
])
def test_a_body_string_with_a_nul_is_a_400_naming_the_field(manager_api, body, field):
    response = manager_api.post(reverse("api-person-duplicates"), body, format="json") \
        if isinstance(body, dict) else \
        manager_api.post(reverse("api-person-duplicates"), body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]


def test_an_out_of_range_body_integer_is_a_400_naming_the_field(make_user, api_client_for):
    api = api_client_for(make_user(Role.CENTRE_CASEWORKER))
    response = api.post(reverse("api-persons"), {"sex": "female", "birth_year": 2**40},
                        format="json")
    assert response.status_code == 400 and "birth_year" in response.json()["errors"]


def test_a_nul_in_a_form_field_is_refused_not_a_500(client, make_user):
    client.force_login(make_user(Role.CENTRE_CASEWORKER))
    response = client.post("/people/new/", "sex=female&given_name=A%00na",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400 and b"given_name" in response.content


def test_a_nul_in_a_multipart_form_is_a_form_error_that_keeps_the_input(client, make_user):
    """Multipart bodies are left to the form (imports choose their upload handlers)."""
    from atis.people.models import Person

    client.force_login(make_user(Role.CENTRE_CASEWORKER))
    response = client.post("/people/new/", {"sex": "female", "given_name": "A\x00na",
                                            "family_name": "Kept"})
    assert response.status_code == 200 and b'value="Kept"' in response.content
    assert not Person.objects.exists()


def test_a_nul_in_a_page_path_is_refused_not_a_500(client, make_user):
    client.force_login(make_user(Role.CENTRE_CASEWORKER))
    assert client.get("/people/V-2026%000001/").status_code == 400


def test_api_answers_are_not_stored_by_caches(manager_api):
    response = manager_api.get(reverse("api-me"))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert APIClient().get(reverse("api-me"))["Cache-Control"] == "no-store"


def test_the_identity_page_is_not_stored_by_caches(client, make_user, make_person):
    caseworker = make_user(Role.CENTRE_CASEWORKER)
    person = make_person(actor=caseworker)
    client.force_login(caseworker)
    for response in (client.get(reverse("person-detail", args=[person.pseudonym])),
                     client.post(reverse("person-identity", args=[person.pseudonym]), {})):
        assert response.status_code == 200 and response["Cache-Control"] == "no-store"
