"""The list of people: filters and order in the address, within the caseload."""

from django.urls import reverse

from atis.core.roles import Role


def test_the_manager_filters_people_by_birth_year_and_citizenship_and_sorts_them(
        client, make_user, make_person):
    older = make_person(birth_year=1980, citizenships=["RS"])
    younger = make_person(birth_year=2010, citizenships=["RS", "UA"])
    unknown = make_person(birth_year=None)
    client.force_login(make_user(Role.CENTRE_MANAGER))

    def pseudonyms(query):
        response = client.get(reverse("person-list") + query)
        assert response.status_code == 200
        return [p.pseudonym for p in response.context["page"]]

    assert pseudonyms("") == [unknown.pseudonym, younger.pseudonym, older.pseudonym]
    assert pseudonyms("?born_from=2000") == [younger.pseudonym]
    assert pseudonyms("?citizenship=UA") == [younger.pseudonym]
    assert pseudonyms("?citizenship=RS&sort=born") == [older.pseudonym, younger.pseudonym]
    assert pseudonyms(f"?pseudonym={older.pseudonym.lower()}") == [older.pseudonym]
    refused = client.get(reverse("person-list") + "?born_from=nineteen")
    assert len(refused.context["page"]) == 3
    assert "govuk-error-message" in refused.content.decode()


def test_a_caseworker_filters_only_their_caseload(client, make_user, make_person):
    caseworker = make_user(Role.CENTRE_CASEWORKER)
    mine = make_person(actor=caseworker, birth_year=2010)
    make_person(birth_year=2010)
    client.force_login(caseworker)
    response = client.get(reverse("person-list") + "?born_from=2000")
    assert [p.pseudonym for p in response.context["page"]] == [mine.pseudonym]
