import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from atis.coordination import selectors, services
from atis.coordination.models import Memo
from atis.core.errors import AccessDenied, DomainError
from atis.core.roles import Role

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def coordinator(make_user):
    return make_user(Role.COORDINATOR_ANALYST)


@pytest.fixture
def national_group(coordinator, org):
    return services.group_create(actor=coordinator, name="Group for Coordination and Cooperation",
                                 kind="national", convenor=org("national-coordinator"))


def test_group_that_has_not_met_in_15_days_is_flagged(coordinator, national_group, org):
    assert national_group.meets_every_days == 15
    assert selectors.groups_overdue(user=coordinator) == [national_group]
    services.meeting_record(actor=coordinator, group=national_group, held_on=TODAY - 16 * DAY,
                            organisations=[org("centre"), org("mup")])
    assert selectors.groups_overdue(user=coordinator) == [national_group]
    services.meeting_record(actor=coordinator, group=national_group, held_on=TODAY - 3 * DAY,
                            organisations=[org("centre")])
    assert selectors.groups_overdue(user=coordinator) == []


def test_meeting_reviews_cases_by_pseudonym_and_sets_tasks(make_user, make_person, national_group, org):
    manager = make_user(Role.CENTRE_MANAGER)
    person = make_person()
    meeting = services.meeting_record(
        actor=manager, group=national_group, held_on=TODAY, organisations=[org("centre")],
        cases=[person.pseudonym], decisions="Joint interview next week.",
        minutes="Names discussed: …", tasks=[{"description": "Arrange the joint interview",
                                            "owner": org("pu-novi-sad"), "due_on": TODAY + 7 * DAY}])
    assert list(meeting.cases.all()) == [person] and meeting.tasks.get().owner.code == "pu-novi-sad"
    with pytest.raises(DomainError) as exc:
        services.meeting_record(actor=manager, group=national_group, held_on=TODAY,
                                organisations=[org("centre")], cases=["V-1900-0001"])
    assert "cases" in exc.value.fields
    with pytest.raises(DomainError):
        services.meeting_record(actor=manager, group=national_group, held_on=TODAY,
                                organisations=[org("centre")], tasks=[{
                                    "description": "x", "owner": org("centre"),
                                    "due_on": TODAY - DAY}])


def test_minutes_stay_with_the_centre_and_the_coordinator(client, make_user, make_person,
                                                          national_group, org, coordinator):
    services.meeting_record(actor=coordinator, group=national_group, held_on=TODAY,
                            organisations=[org("pu-novi-sad")], minutes="Confidential minutes")
    police = make_user(Role.POLICE_OFFICER)
    client.force_login(police)
    page = client.get(reverse("meetings"))
    assert page.status_code == 200 and b"Confidential minutes" not in page.content
    client.force_login(coordinator)
    assert b"Confidential minutes" in client.get(reverse("meetings")).content


def test_memo_response_rates_per_recipient(make_user, org):
    astra = make_user(Role.PARTNER_CASEWORKER, "astra")
    for recipient, response in [("pu-novi-sad", None), ("pu-novi-sad", "written"),
                                ("pu-novi-sad", None), ("csw-nis", "oral")]:
        memo = services.memo_send(actor=astra, recipient=org(recipient), kind="letter",
                                  sent_on=TODAY - 10 * DAY, due_on=TODAY - 2 * DAY)
        if response:
            services.memo_response(actor=astra, memo=memo, response=response, responded_on=TODAY)
    rates = {r["recipient__code"]: r for r in selectors.response_rates(user=astra)}
    assert rates["pu-novi-sad"]["total"] == 3 and rates["pu-novi-sad"]["none"] == 2
    assert rates["pu-novi-sad"]["non_response_rate"] == pytest.approx(0.667, abs=0.001)
    assert rates["csw-nis"]["oral"] == 1 and rates["csw-nis"]["non_response_rate"] == 0
    assert [m.overdue for m in Memo.objects.filter(response="none")] == [True, True]
    national = selectors.response_rates(user=make_user(Role.RAPPORTEUR))
    assert sum(r["total"] for r in national) == 4


def test_memos_are_seen_by_sender_and_recipient_only(make_user, org):
    astra = make_user(Role.PARTNER_CASEWORKER, "astra")
    memo = services.memo_send(actor=astra, recipient=org("pu-novi-sad"), kind="request",
                              sent_on=TODAY, subject="Request about a case")
    police = make_user(Role.POLICE_OFFICER, "pu-novi-sad")
    assert list(selectors.memos(user=police)) == [memo]
    assert not selectors.memos(user=make_user(Role.POLICE_OFFICER, "pu-nis")).exists()
    services.memo_response(actor=police, memo=memo, response="written", responded_on=TODAY)
    with pytest.raises(AccessDenied):
        services.memo_response(actor=make_user(Role.POLICE_OFFICER, "pu-nis"), memo=memo,
                               response="oral", responded_on=TODAY)


@pytest.mark.parametrize("change, field", [
    ({"kind": "pigeon"}, "kind"), ({"sent_on": TODAY + DAY}, "sent_on"),
    ({"due_on": TODAY - 30 * DAY}, "due_on"), ({"persons": ["V-1900-0001"]}, "persons"),
])
def test_bad_memos_are_refused(make_user, org, change, field):
    astra = make_user(Role.PARTNER_CASEWORKER, "astra")
    with pytest.raises(DomainError) as exc:
        services.memo_send(actor=astra, **{"recipient": org("pu-novi-sad"), "kind": "letter",
                                           "sent_on": TODAY, **change})
    assert field in exc.value.fields and not Memo.objects.exists()


def test_stale_contacts_show(make_user, org, coordinator):
    services.contact_point_save(actor=coordinator, organisation=org("hppo-novi-sad"),
                                kind="prosecutor_contact", function="Contact prosecutor for THB",
                                email="kontakt@example.rs", last_confirmed_on=TODAY - 400 * DAY)
    services.contact_point_save(actor=coordinator, organisation=org("nes"),
                                kind="employment_service", function="THB representative")
    reader = make_user(Role.REPORTER)
    assert [c.organisation.code for c in selectors.contact_points(user=reader, stale=True)] == \
        ["hppo-novi-sad"]
    with pytest.raises(DomainError) as exc:
        services.contact_point_save(actor=coordinator, organisation=org("nes"),
                                    kind="employment_service", function="x", email="not-an-email")
    assert "email" in exc.value.fields
    with pytest.raises(AccessDenied):
        services.contact_point_save(actor=reader, organisation=org("nes"), kind="other",
                                    function="x")
