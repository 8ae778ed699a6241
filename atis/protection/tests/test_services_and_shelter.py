import datetime

import pytest
from django.utils import timezone

from atis.core.errors import AccessDenied, DomainError
from atis.core.roles import Role
from atis.identification import policy as identification_policy
from atis.people.models import Person
from atis.protection import policy as protection_policy
from atis.protection import selectors, services
from atis.protection.models import ServiceRecord, ShelterStay
from atis.protection.rules import add_months

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def known_since(victim):
    """A person first known 400 days ago (stays and services can be back-dated to then)."""
    person, caseworker = victim()
    Person.objects.filter(pk=person.pk).update(first_known_on=TODAY - 400 * DAY)
    person.refresh_from_db()
    return person, caseworker


# --- services -----------------------------------------------------------------------

def test_service_counts_come_from_records(known_since, make_user, org):
    person, caseworker = known_since
    for service in ["information", "information", "psychological_support"]:
        services.service_record(actor=caseworker, person=person, service=service,
                                delivered_on=TODAY)
    counts = {s: ServiceRecord.objects.filter(service=s).count()
              for s in ["information", "psychological_support"]}
    assert counts == {"information": 2, "psychological_support": 1}
    assert ServiceRecord.objects.filter(provider__code="centre").count() == 3


@pytest.mark.parametrize("delivered_on, field", [(TODAY + DAY, "delivered_on"),
                                                 (TODAY - 500 * DAY, "delivered_on")])
def test_service_dated_in_the_future_or_before_the_person_was_known(known_since, delivered_on, field):
    person, caseworker = known_since
    with pytest.raises(DomainError) as exc:
        services.service_record(actor=caseworker, person=person, service="information",
                                delivered_on=delivered_on)
    assert field in exc.value.fields and not ServiceRecord.objects.exists()


def test_partner_records_services_only_on_shared_persons(known_since, make_user, org):
    person, caseworker = known_since
    atina = make_user(Role.PARTNER_CASEWORKER, "atina")
    with pytest.raises(AccessDenied):
        services.service_record(actor=atina, person=person, service="information",
                                delivered_on=TODAY)
    services.consent_record(actor=caseworker, person=person, organisation=org("atina"))
    plan = services.plan_create(actor=caseworker, person=person, tasks=[
        {"area": "employment", "goal": "CV and interview", "organisation": org("atina"),
         "due_on": TODAY + 30 * DAY}])
    record = services.service_record(actor=atina, person=person, service="employment",
                                     delivered_on=TODAY, task=plan.tasks.get(),
                                     provider=org("centre"))
    assert record.provider.code == "atina"
    assert list(protection_policy.visible_services(atina)) == [record]


# --- the Shelter ------------------------------------------------------------------------

def admit(person, caseworker, org, **kwargs):
    kwargs.setdefault("admitted_on", TODAY - 10 * DAY)
    return services.stay_admit(actor=caseworker, person=person, shelter=org("shelter"), **kwargs)


def test_admission_lasts_six_months_and_starts_in_adaptation(known_since, org):
    person, caseworker = known_since
    stay = admit(person, caseworker, org)
    assert stay.phase == "adaptation" and stay.ends_on == add_months(stay.admitted_on, 6)
    with pytest.raises(DomainError):
        admit(person, caseworker, org)


@pytest.mark.parametrize("attrs", [{"sex": "male"}, {"birth_year": TODAY.year - 14},
                                   {"birth_year": None}])
def test_shelter_admits_women_over_16_only(victim, org, attrs):
    person, caseworker = victim(**attrs)
    with pytest.raises(DomainError) as exc:
        admit(person, caseworker, org, admitted_on=TODAY)
    assert "person" in exc.value.fields and not ShelterStay.objects.exists()


def test_one_extension_of_up_to_six_months_never_past_twelve(known_since, org):
    person, caseworker = known_since
    stay = admit(person, caseworker, org)
    with pytest.raises(DomainError):
        services.stay_extend(actor=caseworker, stay=stay, months=7, reason="Trauma")
    with pytest.raises(DomainError):
        services.stay_extend(actor=caseworker, stay=stay, months=3, reason="")
    services.stay_extend(actor=caseworker, stay=stay, months=6, reason="Safety risk persists")
    stay.refresh_from_db()
    assert stay.extended and stay.ends_on == add_months(stay.admitted_on, 12)
    with pytest.raises(DomainError) as exc:
        services.stay_extend(actor=caseworker, stay=stay, months=1, reason="More")
    assert "already extended" in exc.value.fields["months"][0]


def test_departure_before_admission_or_past_twelve_months_is_refused(known_since, org):
    person, caseworker = known_since
    stay = admit(person, caseworker, org, admitted_on=TODAY - 380 * DAY)
    with pytest.raises(DomainError) as exc:
        services.stay_leave(actor=caseworker, stay=stay, left_on=TODAY - 390 * DAY,
                            reason="independent_living")
    assert "left_on" in exc.value.fields
    with pytest.raises(DomainError) as exc:
        services.stay_leave(actor=caseworker, stay=stay, left_on=TODAY, reason="independent_living")
    assert "12 months" in exc.value.fields["left_on"][0]
    services.stay_leave(actor=caseworker, stay=stay, left_on=TODAY - 200 * DAY,
                        reason="other_service", destination="Atina supported housing")
    again = admit(person, caseworker, org, admitted_on=TODAY - 5 * DAY)
    assert again.is_return


def test_phases_follow_in_order(known_since, org):
    person, caseworker = known_since
    stay = admit(person, caseworker, org)
    with pytest.raises(DomainError):
        services.stay_move_phase(actor=caseworker, stay=stay, phase="preparation")
    services.stay_move_phase(actor=caseworker, stay=stay, phase="recovery")
    services.stay_move_phase(actor=caseworker, stay=stay, phase="preparation")
    assert [c.phase for c in stay.phase_changes.all()] == ["adaptation", "recovery", "preparation"]


def test_stays_ending_within_30_days_are_flagged(known_since, make_user, org):
    person, caseworker = known_since
    admit(person, caseworker, org, admitted_on=add_months(TODAY, -6) + 20 * DAY)
    staff = make_user(Role.SHELTER_STAFF)
    overview = selectors.shelter_overview(user=staff)
    assert [s.person for s in overview["ending_soon"]] == [person]
    assert overview["occupancy"] == 1


def test_capacity_is_enforced(victim, known_since, make_user, org):
    person, caseworker = known_since
    services.shelter_site_set(actor=make_user(Role.CENTRE_MANAGER), shelter=org("shelter"),
                              address="Secret street 1", capacity=2)
    admit(person, caseworker, org, accompanying_children=1)
    other, _ = victim(caseworker=caseworker)
    with pytest.raises(DomainError) as exc:
        admit(other, caseworker, org, admitted_on=TODAY)
    assert "full" in exc.value.fields["shelter"][0]


def test_shelter_address_is_for_shelter_staff_and_managers_only(make_user, org):
    manager = make_user(Role.CENTRE_MANAGER)
    services.shelter_site_set(actor=manager, shelter=org("shelter"), address="Secret street 1",
                              capacity=10)
    assert selectors.shelter_overview(user=make_user(Role.SHELTER_STAFF))["address"] == "Secret street 1"
    assert selectors.shelter_overview(user=make_user(Role.CENTRE_CASEWORKER))["address"] is None
    with pytest.raises(AccessDenied):
        services.shelter_site_set(actor=make_user(Role.CENTRE_CASEWORKER), shelter=org("shelter"),
                                  address="x", capacity=3)


def test_shelter_staff_see_residents_care_but_not_the_criminal_or_identification_file(
        open_procedure, make_user, org, client):
    from django.urls import reverse

    from atis.identification import services as identification

    procedure, caseworker = open_procedure(persons=[{"sex": "female", "birth_year": 1999,
                                                     "citizenships": ["RS"]}])
    identification.note_add(actor=caseworker, procedure=procedure, text="Centre's note")
    stay = admit(procedure.person, caseworker, org, admitted_on=TODAY)
    staff = make_user(Role.SHELTER_STAFF)
    services.examination_record(actor=staff, stay=stay, examination="general", on=TODAY)
    client.force_login(staff)
    assert client.get(reverse("stay-page", args=[stay.pk])).status_code == 200
    assert client.get(reverse("procedure-detail", args=[procedure.pk])).status_code in (403, 404)
    assert identification_policy.visible_procedures(staff).count() == 0
    page = client.get(reverse("protection-page", args=[procedure.person.pseudonym]))
    assert page.status_code == 200 and b"Centre's note" not in page.content


def test_examinations_and_incidents_are_dated_inside_the_stay(known_since, org):
    person, caseworker = known_since
    stay = admit(person, caseworker, org)
    with pytest.raises(DomainError):
        services.examination_record(actor=caseworker, stay=stay, examination="general",
                                    on=stay.admitted_on - DAY)
    with pytest.raises(DomainError):
        services.examination_record(actor=caseworker, stay=stay, examination="x-ray-magic",
                                    on=TODAY)
    services.incident_record(actor=caseworker, stay=stay, on=TODAY,
                             description="A car waited outside", police_informed=True)
    assert stay.incidents.get().police_informed


# --- placements and foreign victims --------------------------------------------------------

def test_refused_placements_of_children_are_recorded(victim, org):
    person, caseworker = victim(birth_year=TODAY.year - 13, first_known_on=TODAY - 5 * DAY)
    refusal = services.placement_refusal_record(
        actor=caseworker, person=person, kind="child_institution", organisation=org("csw-nis"),
        requested_on=TODAY - 3 * DAY, refused_on=TODAY - DAY, reason="No places")
    assert refusal.child
    with pytest.raises(DomainError):
        services.placement_refusal_record(actor=caseworker, person=person, kind="foster_family",
                                          organisation=org("csw-nis"), requested_on=TODAY,
                                          refused_on=TODAY - DAY)
    with pytest.raises(DomainError):
        services.placement_record(actor=caseworker, person=person, kind="foster_family",
                                  started_on=TODAY, ended_on=TODAY - DAY)


def test_temporary_stay_for_foreigners_after_the_centres_opinion(victim):
    foreigner, caseworker = victim(citizenships=["NG"])
    national, _ = victim(caseworker=caseworker)
    with pytest.raises(DomainError):
        services.residence_status_record(actor=caseworker, person=national, kind="temporary_stay",
                                         applied_on=TODAY)
    status = services.residence_status_record(actor=caseworker, person=foreigner,
                                              kind="temporary_stay", applied_on=TODAY - 5 * DAY)
    with pytest.raises(DomainError) as exc:
        services.residence_decide(actor=caseworker, status=status, decision="granted",
                                  decided_on=TODAY)
    assert "opinion" in exc.value.fields["decision"][0]
    services.residence_opinion(actor=caseworker, status=status, positive=True, on=TODAY - 2 * DAY)
    services.residence_decide(actor=caseworker, status=status, decision="granted",
                              decided_on=TODAY, expires_on=TODAY + 365 * DAY)
    status.refresh_from_db()
    assert status.decision == "granted"


def test_voluntary_return_is_announced_and_repatriation_is_for_nationals(victim):
    foreigner, caseworker = victim(citizenships=["UA"])
    national, _ = victim(caseworker=caseworker)
    avr = services.residence_status_record(actor=caseworker, person=foreigner,
                                           kind="voluntary_return", applied_on=TODAY, country="UA")
    services.border_police_notified(actor=caseworker, status=avr, on=TODAY)
    with pytest.raises(DomainError):
        services.residence_status_record(actor=caseworker, person=foreigner, kind="repatriation",
                                         applied_on=TODAY)
    rep = services.residence_status_record(actor=caseworker, person=national, kind="repatriation",
                                           applied_on=TODAY, country="HR")
    with pytest.raises(DomainError):
        services.border_police_notified(actor=caseworker, status=rep, on=TODAY)


def test_shelter_page_pages_its_residents_and_counts_stays_ending(victim, make_user, org, client,
                                                                 monkeypatch):
    """Residents come a page at a time, the latest admitted first; the stays ending soon are
    counted in full and listed up to ENDING_SHOWN."""
    from django.urls import reverse

    from atis.protection import views

    monkeypatch.setattr(views, "RESIDENTS_PAGE", 2)
    monkeypatch.setattr(views, "ENDING_SHOWN", 1)
    caseworker = make_user(Role.CENTRE_CASEWORKER)
    stays = []
    for n in range(3):
        person, _ = victim(caseworker=caseworker)
        Person.objects.filter(pk=person.pk).update(first_known_on=TODAY - 400 * DAY)
        person.refresh_from_db()
        stays.append(admit(person, caseworker, org,
                           admitted_on=add_months(TODAY, -6) + (20 + n) * DAY))
    client.force_login(make_user(Role.SHELTER_STAFF))
    first = client.get(reverse("shelter")).content.decode()
    second = client.get(reverse("shelter"), {"page": 2}).content.decode()
    newest, middle, oldest = (s.person.pseudonym for s in reversed(stays))
    residents = lambda html: html.split("<table>")[1]  # noqa: E731
    assert newest in residents(first) and middle in residents(first)
    assert oldest not in residents(first) and oldest in residents(second)
    assert "Stays ending within 30 days (3)" in first
    ending = first.split("<table>")[0]
    assert oldest in ending and middle not in ending   # the soonest ending only
