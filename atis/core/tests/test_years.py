"""The year in every statistics URL: from ATIS_FIRST_YEAR to next year, else a 400 that
says which years there are (never a 500)."""

import pytest
import time_machine
from django.urls import reverse

from atis import api_urls
from atis.core.roles import Role
from atis.statistics import urls as statistics_urls

NOW = "2026-06-15 12:00"
YEAR_ROUTES = [p.name for p in api_urls.urlpatterns + statistics_urls.urlpatterns
               if "year" in p.pattern.converters]
QUERY_ROUTES = ["statistics-public", "statistics-internal"]  # ?year=


@pytest.fixture
def analyst_client(client, make_user):
    client.force_login(make_user(Role.COORDINATOR_ANALYST))
    return client


# The other arguments of each year route.
ARGUMENTS = {
    "statistics-download": {"fmt": "json"},
    "statistics-release-file": {"version": 1, "language": "en", "fmt": "json"},
    "statistics-release-dataset": {"version": 1},
    "api-statistics-release-version": {"version": 1},
}
# The routes that compute the internal edition (with this query); the rest serve releases.
COMPUTED = {"api-statistics-annual": {"published": "false"},
            "statistics-download": {"published": "0"}}


def _url(name, year):
    return reverse(name, kwargs={"year": year, **ARGUMENTS.get(name, {})})


def test_the_year_routes_are_the_ones_checked_here():
    assert sorted(YEAR_ROUTES) == [
        "api-statistics-annual", "api-statistics-release", "api-statistics-release-version",
        "statistics-download", "statistics-release-dataset", "statistics-release-file"]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("name", YEAR_ROUTES)
@pytest.mark.parametrize("year", [0, 1999, 2028, 99999])
def test_a_year_outside_the_records_is_refused_on_every_statistics_route(analyst_client, name,
                                                                          year, settings):
    settings.FIRST_YEAR = 2000
    response = analyst_client.get(_url(name, year))
    assert response.status_code == 400
    message = f"There are no records for {year}: years go from 2000 to 2027."
    if name.startswith("api-"):
        assert response.json()["errors"] == {"year": [message]}
    else:
        assert message in response.content.decode()


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("name", QUERY_ROUTES)
@pytest.mark.parametrize("year, message", [
    ("1999", "There are no records for 1999: years go from 2000 to 2027."),
    ("2028", "There are no records for 2028: years go from 2000 to 2027."),
    ("twenty", "The year must be a number, such as 2026."),
])
def test_a_bad_year_on_the_statistics_pages_is_refused(analyst_client, name, year, message,
                                                       settings):
    settings.FIRST_YEAR = 2000
    response = analyst_client.get(reverse(name), {"year": year})
    assert response.status_code == 400 and message in response.content.decode()


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("year", [2000, 2027])
def test_the_first_year_and_next_year_are_served(analyst_client, settings, year):
    """Accepted: computed for the analyst, and not found where no release of it exists."""
    settings.FIRST_YEAR = 2000
    for name in YEAR_ROUTES:
        expected = 200 if name in COMPUTED else 404
        assert analyst_client.get(_url(name, year), COMPUTED.get(name, {})).status_code \
            == expected, name
    for name in QUERY_ROUTES:
        assert analyst_client.get(reverse(name), {"year": year}).status_code == 200, name


@time_machine.travel(NOW, tick=False)
def test_the_first_year_is_a_setting(analyst_client, settings):
    settings.FIRST_YEAR = 2012
    response = analyst_client.get(_url("api-statistics-annual", 2011))
    assert response.json()["errors"]["year"] == [
        "There are no records for 2011: years go from 2012 to 2027."]
