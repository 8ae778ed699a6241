import pytest
from django.urls import reverse

from atis.audit.models import AuditEntry
from atis.core.roles import Role
from atis.people.models import Person


@pytest.fixture
def caseworker(make_user):
    return make_user(Role.CENTRE_CASEWORKER)


def test_centre_creates_a_person_and_reads_it_back(api_client_for, caseworker):
    api = api_client_for(caseworker)
    response = api.post(reverse("api-persons"), {
        "sex": "female", "birth_year": 2008, "citizenships": ["RS"], "languages": ["sr"],
        "identity": {"given_name": "Milica", "family_name": "Ilić", "phones": ["0641112223"]},
    }, format="json")
    assert response.status_code == 201, response.json()
    pseudonym = response.json()["pseudonym"]
    assert "identity" not in response.json()
    assert api.get(reverse("api-person", args=[pseudonym])).json()["citizenships"] == ["RS"]
    identity = api.get(reverse("api-person-identity", args=[pseudonym])).json()
    assert identity["given_name"] == "Milica" and identity["phones"] == ["0641112223"]
    assert [p["pseudonym"] for p in api.get(reverse("api-persons")).json()["results"]] == [pseudonym]


@pytest.mark.parametrize("body, field", [
    ({"sex": "robot"}, "sex"),
    ({"sex": "female", "birth_year": "abc"}, "birth_year"),
    ({"sex": "female", "citizenships": ["XX"]}, "citizenships"),
    ({"sex": "female", "identity": {"given_name": "A" * 101}}, "identity"),
    ({"sex": "female", "identity": {"date_of_birth": "2001-02-31"}}, "identity"),
    ({"sex": "female", "identity": {"date_of_birth": "2999-01-01"}}, "date_of_birth"),
    ({"sex": "female", "first_known_on": "2999-01-01"}, "first_known_on"),
])
def test_bad_bodies_get_400_with_field_errors_and_write_nothing(api_client_for, caseworker,
                                                                 body, field):
    before = (Person.objects.count(), AuditEntry.objects.count())
    response = api_client_for(caseworker).post(reverse("api-persons"), body, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert (Person.objects.count(), AuditEntry.objects.count()) == before


def test_malformed_json_is_a_400(api_client_for, caseworker):
    response = api_client_for(caseworker).post(reverse("api-persons"), "{not json",
                                               content_type="application/json")
    assert response.status_code == 400 and "detail" in response.json()


def test_invisible_person_is_not_found(api_client_for, make_user, make_person):
    person = make_person()
    for role in (Role.CENTRE_CASEWORKER, Role.POLICE_OFFICER, Role.ADMIN):
        api = api_client_for(make_user(role))
        assert api.get(reverse("api-person", args=[person.pseudonym])).status_code == 404
        assert api.get(reverse("api-person-identity", args=[person.pseudonym])).status_code == 404


def test_break_the_glass_needs_a_reason_over_the_api(api_client_for, make_user, make_person):
    person = make_person()
    api = api_client_for(make_user(Role.CENTRE_MANAGER))
    url = reverse("api-person-identity", args=[person.pseudonym])
    response = api.get(url)
    assert response.status_code == 400 and "reason" in response.json()["errors"]
    reveal = reverse("api-person-identity-reveal", args=[person.pseudonym])
    assert api.post(reveal, {}, format="json").status_code == 400
    response = api.post(reveal, {"reason": "Safety check requested by the police"},
                        format="json")
    assert response.status_code == 200 and response.json()["given_name"] == "Ana"
    entry = AuditEntry.objects.filter(action="person.view_identity").latest("pk")
    assert entry.reason == "Safety check requested by the police"


def test_the_break_the_glass_reason_is_never_taken_from_the_url(api_client_for, make_user,
                                                                 make_person):
    person = make_person()
    api = api_client_for(make_user(Role.CENTRE_MANAGER))
    response = api.get(reverse("api-person-identity", args=[person.pseudonym]),
                       {"reason": "Safety check requested by the police"})
    assert response.status_code == 400 and "reason" in response.json()["errors"]
    assert not AuditEntry.objects.filter(action="person.view_identity").exists()


def test_duplicate_check_endpoint(api_client_for, caseworker, make_person):
    person = make_person(identity={"given_name": "Đorđe", "family_name": "Đorđević"})
    response = api_client_for(caseworker).post(reverse("api-person-duplicates"),
                                               {"given_name": "Djordje",
                                                "family_name": "Djordjevic"}, format="json")
    assert response.json() == [{"pseudonym": person.pseudonym, "matched_on": ["name"]}]


def test_non_centre_roles_cannot_create_persons(api_client_for, make_user):
    response = api_client_for(make_user(Role.PARTNER_CASEWORKER)).post(
        reverse("api-persons"), {"sex": "female"}, format="json")
    assert response.status_code == 403 and "detail" in response.json()
