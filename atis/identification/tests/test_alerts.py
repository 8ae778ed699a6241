"""The 24-hour alert rules: police and prosecutor always; social work for a child; labour
inspection for labour exploitation; the Administration for Foreigners for a foreign
national; particular urgency for children and foreign nationals."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from atis.core.errors import DomainError
from atis.core.roles import Role
from atis.identification import services
from atis.identification.models import Alert

ADULT = {"sex": "female", "birth_year": 1990, "citizenships": ["RS"]}


def recipients(procedure):
    return sorted(procedure.alerts.values_list("recipient", flat=True))


def test_adult_national_alerts_police_and_prosecutor_only(open_procedure):
    procedure, _ = open_procedure(persons=[ADULT])
    assert recipients(procedure) == ["police", "prosecutor"]
    assert not procedure.particular_urgency and not procedure.is_child


def test_child_alerts_social_work_and_is_particularly_urgent(open_procedure):
    year = timezone.localdate().year
    procedure, _ = open_procedure(persons=[{**ADULT, "birth_year": year - 15}])
    assert recipients(procedure) == ["police", "prosecutor", "social_work"]
    assert procedure.is_child and procedure.particular_urgency


def test_exact_date_of_birth_decides_childhood(open_procedure):
    today = timezone.localdate()
    almost_18 = today.replace(year=today.year - 18) + datetime.timedelta(days=1)
    procedure, _ = open_procedure(persons=[{"sex": "male", "citizenships": ["RS"],
                                            "identity": {"date_of_birth": almost_18}}])
    assert procedure.is_child


def test_labour_exploitation_alerts_labour_inspection(open_procedure):
    procedure, _ = open_procedure(persons=[ADULT], suspected_forms=["labour"])
    assert "labour_inspection" in recipients(procedure)
    alert = procedure.alerts.get(recipient="labour_inspection")
    assert alert.organisation.type == "labour_inspection"


def test_foreign_national_alerts_foreigners_administration_with_urgency(open_procedure):
    procedure, _ = open_procedure(persons=[{**ADULT, "citizenships": ["NG"]}])
    assert "foreigners_administration" in recipients(procedure)
    assert procedure.is_foreign and procedure.particular_urgency
    assert procedure.alerts.get(recipient="foreigners_administration").organisation.code == \
        "mup-foreigners"


def test_alerts_are_due_24_hours_after_receipt(open_procedure):
    procedure, _ = open_procedure(persons=[ADULT])
    for alert in procedure.alerts.all():
        assert alert.due_at == procedure.report.received_at + datetime.timedelta(hours=24)


def test_police_alert_goes_to_the_reporting_administration_by_default(open_procedure):
    procedure, _ = open_procedure(persons=[ADULT])
    assert procedure.alerts.get(recipient="police").organisation.code == "pu-novi-sad"


def test_overdue_alerts_are_listed(open_procedure, api_client_for):
    late = timezone.now() - datetime.timedelta(hours=30)
    procedure, caseworker = open_procedure(persons=[ADULT], received_at=late)
    fresh, _ = open_procedure(caseworker=caseworker, persons=[ADULT])
    response = api_client_for(caseworker).get(reverse("api-alerts"), {"overdue": "true"})
    ids = {a["id"] for a in response.json()["results"]}
    assert ids == set(procedure.alerts.values_list("pk", flat=True))
    listed = api_client_for(caseworker).get(reverse("api-identifications"), {"overdue": "true"})
    assert [p["id"] for p in listed.json()["results"]] == [procedure.pk]
    assert fresh.pk not in [p["id"] for p in listed.json()["results"]]


def test_a_procedure_is_overdue_until_its_last_late_alert_is_sent(open_procedure, org,
                                                                   api_client_for):
    """The earliest unsent alert is kept on the procedure (the overdue list reads it)."""
    late = timezone.now() - datetime.timedelta(hours=30)
    procedure, caseworker = open_procedure(persons=[ADULT], received_at=late)
    client = api_client_for(caseworker)

    def overdue_ids():
        listed = client.get(reverse("api-identifications"), {"overdue": "true"}).json()
        return [p["id"] for p in listed["results"]]

    police, prosecutor = procedure.alerts.get(recipient="police"), procedure.alerts.get(
        recipient="prosecutor")
    services.alert_mark_sent(actor=caseworker, alert=police)
    procedure.refresh_from_db()
    assert procedure.alert_due_at == prosecutor.due_at and overdue_ids() == [procedure.pk]
    services.alert_mark_sent(actor=caseworker, alert=prosecutor, organisation=org("hppo-novi-sad"))
    procedure.refresh_from_db()
    assert procedure.alert_due_at is None and overdue_ids() == []
    [row] = client.get(reverse("api-identifications")).json()["results"]
    assert row["alerts_overdue"] is False
    not_late = client.get(reverse("api-identifications"), {"overdue": "false"}).json()
    assert [p["id"] for p in not_late["results"]] == [procedure.pk]


def test_sending_an_alert_checks_the_recipient_and_the_time(open_procedure, org):
    procedure, caseworker = open_procedure(persons=[ADULT])
    alert = procedure.alerts.get(recipient="prosecutor")
    with pytest.raises(DomainError) as exc:
        services.alert_mark_sent(actor=caseworker, alert=alert)
    assert "organisation" in exc.value.fields
    with pytest.raises(DomainError):
        services.alert_mark_sent(actor=caseworker, alert=alert, organisation=org("pu-nis"))
    with pytest.raises(DomainError) as exc:
        services.alert_mark_sent(actor=caseworker, alert=alert, organisation=org("hppo-novi-sad"),
                                 sent_at=timezone.now() + datetime.timedelta(days=1))
    assert "sent_at" in exc.value.fields
    services.alert_mark_sent(actor=caseworker, alert=alert, organisation=org("hppo-novi-sad"))
    with pytest.raises(DomainError):
        services.alert_mark_sent(actor=caseworker, alert=alert, organisation=org("hppo-novi-sad"))


def test_recipient_organisation_sees_the_pseudonym_only(open_procedure, org, make_user,
                                                         api_client_for):
    procedure, caseworker = open_procedure(persons=[ADULT])
    alert = procedure.alerts.get(recipient="prosecutor")
    prosecutor = make_user(Role.PROSECUTOR, "hppo-novi-sad")
    assert api_client_for(prosecutor).get(reverse("api-alerts")).json()["results"] == []
    services.alert_mark_sent(actor=caseworker, alert=alert, organisation=org("hppo-novi-sad"))
    [seen] = api_client_for(prosecutor).get(reverse("api-alerts")).json()["results"]
    assert seen["pseudonym"] == procedure.person.pseudonym
    assert "Ilić" not in str(seen) and "Mila" not in str(seen)
    other = make_user(Role.PROSECUTOR, "hppo-nis")
    assert api_client_for(other).get(reverse("api-alerts")).json()["results"] == []
    assert Alert.objects.get(pk=alert.pk).sent_by == caseworker
