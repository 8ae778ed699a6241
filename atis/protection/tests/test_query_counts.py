"""The protection pages and endpoints read the database a fixed number of times, however
many tasks, services, consents, conferences, stays, placements and residence statuses they
show (issue 12; see atis.core.tests.query_counts: SELECTs only, audit tables excluded)."""

import datetime
import itertools

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from atis.core.roles import Role
from atis.core.tests.query_counts import counts_stay
from atis.protection.models import (
    CaseConference,
    Consent,
    MedicalExamination,
    Placement,
    PlacementRefusal,
    PlanTask,
    PlanVersion,
    ProtectionPlan,
    ResidenceStatus,
    ServiceRecord,
    ShelterPhaseChange,
    ShelterStay,
)

TODAY = timezone.localdate()


@pytest.fixture
def world(victim, make_user, org):
    """A person with an active plan, and `add(n)`: n more of every record the protection
    file shows, half of the tasks and services Atina's, and n more persons with a plan
    whose tasks are in Atina's inbox and who stay in the Shelter."""
    person, caseworker = victim()
    manager = make_user(Role.CENTRE_MANAGER)
    atina, centre, shelter = org("atina"), org("centre"), org("shelter")
    plan = ProtectionPlan.objects.create(person=person, started_on=TODAY, review_due=TODAY,
                                         created_by=manager)
    Consent.objects.create(person=person, organisation=atina, given_on=TODAY, recorded_by=manager)
    counter = itertools.count(1)

    def records(target, n, *, staying=False):
        """n of each record; the stays ended, but for the resident's (`staying`) one."""
        for _ in range(n):
            i = next(counter)
            day = TODAY - datetime.timedelta(days=i)
            conference = CaseConference.objects.create(person=target, held_on=day,
                                                       recorded_by=manager)
            conference.organisations.set([atina, centre])
            Consent.objects.create(person=target, organisation=centre, area="safety",
                                   given_on=day, recorded_by=manager)
            for organisation in (atina, centre):
                task = PlanTask.objects.create(plan=target.protection_plans.get(status="active"),
                                               area="psychological_support", goal="Goal",
                                               organisation=organisation, due_on=day,
                                               completed_on=day if i % 2 else None)
                ServiceRecord.objects.create(person=target, service="information",
                                             delivered_on=day, provider=organisation, task=task,
                                             recorded_by=manager)
            PlanVersion.objects.create(plan=target.protection_plans.get(status="active"),
                                       version=i, snapshot={}, revised_on=day, created_by=manager)
            stay = ShelterStay.objects.create(person=target, shelter=shelter, admitted_on=day,
                                              ends_on=TODAY + datetime.timedelta(days=i),
                                              left_on=None if staying else day,
                                              recorded_by=manager)
            ShelterPhaseChange.objects.create(stay=stay, phase="recovery", on=day)
            MedicalExamination.objects.create(stay=stay, examination="general", on=day)
            Placement.objects.create(person=target, kind="foster_family", organisation=atina,
                                     started_on=day, ended_on=day, recorded_by=manager)
            PlacementRefusal.objects.create(person=target, kind="foster_family", organisation=atina,
                                            requested_on=day, refused_on=day, recorded_by=manager)
            ResidenceStatus.objects.create(person=target, kind="temporary_stay", applied_on=day,
                                           decided_on=day, decision="granted", recorded_by=manager)

    def add(n):
        records(person, n)
        for _ in range(n):
            other, _cw = victim(caseworker=caseworker)
            ProtectionPlan.objects.create(person=other, started_on=TODAY, review_due=TODAY,
                                          created_by=manager)
            Consent.objects.create(person=other, organisation=atina, given_on=TODAY,
                                   recorded_by=manager)
            records(other, 1, staying=True)

    users = {"manager": manager, "caseworker": caseworker,
             "partner": make_user(Role.PARTNER_CASEWORKER, "atina"),
             "shelter": make_user(Role.SHELTER_STAFF, "shelter")}
    return {"person": person, "plan": plan, "add": add, **users}


def test_protection_pages_and_endpoints(world):
    pseudonym = world["person"].pseudonym
    page, api = reverse("protection-page", args=[pseudonym]), reverse("api-protection",
                                                                     args=[pseudonym])
    first_stay = lambda: reverse("stay-page", args=[  # noqa: E731 (the stays come with add)
        ShelterStay.objects.filter(person=world["person"]).order_by("pk").first().pk])
    cases = {
        "page, manager": (world["manager"], page), "page, caseworker": (world["caseworker"], page),
        "page, partner": (world["partner"], page), "file API, manager": (world["manager"], api),
        "file API, partner": (world["partner"], api),
        "inbox, partner": (world["partner"], reverse("task-inbox")),
        "inbox overdue, partner": (world["partner"], reverse("task-inbox") + "?overdue=1"),
        "inbox, manager": (world["manager"], reverse("task-inbox")),
        "tasks API, partner": (world["partner"], reverse("api-tasks")),
        "shelter, staff": (world["shelter"], reverse("shelter")),
        "shelter API, staff": (world["shelter"], reverse("api-shelter")),
        "stay, staff": (world["shelter"], first_stay),
    }
    sqlite = {"page, manager": 42, "page, caseworker": 42, "page, partner": 16,
              "file API, manager": 26, "file API, partner": 15, "inbox, partner": 9,
              "inbox overdue, partner": 9, "inbox, manager": 9, "tasks API, partner": 8,
              "shelter, staff": 11, "shelter API, staff": 10, "stay, staff": 12}
    postgresql = {**sqlite, "page, manager": 44, "page, caseworker": 44, "page, partner": 18,
                  "file API, manager": 28, "file API, partner": 17, "inbox, partner": 10,
                  "inbox overdue, partner": 10, "inbox, manager": 10, "tasks API, partner": 9}
    assert counts_stay(cases, world["add"]) == (postgresql if connection.vendor == "postgresql"
                                                else sqlite)
