"""A report's source organisation is the reporter's own; only the Centre records a report
on behalf of another organisation."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from atis.core.errors import DomainError
from atis.core.roles import Role
from atis.intake.models import Report

NOW = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC)
REPORT = {"channel": "app_api", "source_type": "police_administration",
          "suspected_forms": ["labour"], "persons": [{"sex": "male", "birth_year": 1988}]}


@time_machine.travel(NOW, tick=False)
def test_a_reporter_cannot_name_another_organisation_as_source(make_user, api_client_for):
    reporter = make_user(Role.REPORTER, "pu-novi-sad")
    api = api_client_for(reporter)
    refused = api.post(reverse("api-reports"), {**REPORT, "source_organisation": "atina"},
                       format="json")
    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["source_organisation"]
    assert not Report.objects.exists()
    own = api.post(reverse("api-reports"), {**REPORT, "source_organisation": "pu-novi-sad"},
                   format="json")
    assert own.status_code == 201
    assert Report.objects.get().source_organisation.code == "pu-novi-sad"


@time_machine.travel(NOW, tick=False)
def test_the_centre_records_a_report_on_behalf_of_another_organisation(make_user, api_client_for):
    centre = api_client_for(make_user(Role.CENTRE_CASEWORKER))
    made = centre.post(reverse("api-reports"), {**REPORT, "source_organisation": "atina"},
                       format="json")
    assert made.status_code == 201, made.json()
    assert Report.objects.get().source_organisation.code == "atina"


@time_machine.travel(NOW, tick=False)
def test_the_service_refuses_a_foreign_source_for_every_non_centre_role(make_user, submit_report,
                                                                         org):
    for role, own in ((Role.HOTLINE_OPERATOR, None), (Role.PARTNER_CASEWORKER, "astra"),
                      (Role.SHELTER_STAFF, None)):
        user = make_user(role, own)
        with pytest.raises(DomainError) as exc:
            submit_report(user, source_organisation=org("pu-novi-sad"))
        assert list(exc.value.fields) == ["source_organisation"]


@time_machine.travel(NOW, tick=False)
def test_the_report_form_always_records_the_reporters_own_organisation(client, make_user):
    from atis.identification.tests.test_pages import report_post

    client.force_login(make_user(Role.REPORTER, "school-os-kralj-petar-prvi-beograd"))
    client.post(reverse("report-create"), report_post(source_organisation="atina"))
    assert Report.objects.get().source_organisation.code == "school-os-kralj-petar-prvi-beograd"
