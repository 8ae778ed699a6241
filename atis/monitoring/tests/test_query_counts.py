"""The recommendations page, the registries and their endpoints read the database a fixed
number of times, however many recommendations, assessments and trainings they show (issue
12; see atis.core.tests.query_counts: SELECTs only, audit tables excluded)."""

import datetime
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from atis.core.roles import Role
from atis.core.tests.query_counts import counts_stay
from atis.monitoring.models import Assessment, Recommendation, RecommendationSource, Training

TODAY = timezone.localdate()


@pytest.fixture
def world(make_user, org):
    coordinator, rapporteur = make_user(Role.COORDINATOR_ANALYST), make_user(Role.RAPPORTEUR)
    source = RecommendationSource.objects.create(code="gr-q", kind="greta", period_year=2025,
                                                 title_en="Report")
    counter = itertools.count(1)

    def add(n):
        for _ in range(n):
            i = next(counter)
            recommendation = Recommendation.objects.create(source=source, number=str(i),
                                                           unit="prevention", text_en="Text")
            recommendation.addressees.set([org("centre"), org("atina")])
            Assessment.objects.create(recommendation=recommendation, period_year=2025,
                                      category="acted_upon", justification="Done",
                                      assessed_on=TODAY, assessed_by=rapporteur)
            Training.objects.create(organiser=coordinator.organisation, topic="Topic",
                                    held_on=TODAY - datetime.timedelta(days=i),
                                    recorded_by=coordinator)

    return {"add": add, "coordinator": coordinator, "rapporteur": rapporteur}


def test_monitoring_pages_and_endpoints(world):
    page = reverse("recommendations") + "?source=gr-q"
    cases = {
        "recommendations, rapporteur": (world["rapporteur"], page),
        "recommendations, coordinator": (world["coordinator"], page),
        "registries, coordinator": (world["coordinator"], reverse("registries")),
        "workspace, coordinator": (world["coordinator"], reverse("monitoring")),
        "recommendations API": (world["rapporteur"], reverse("api-recommendations")),
        "trainings API": (world["coordinator"], reverse("api-trainings")),
    }
    assert counts_stay(cases, world["add"]) == {
        "recommendations, rapporteur": 15, "recommendations, coordinator": 15,
        "registries, coordinator": 14, "workspace, coordinator": 12, "recommendations API": 11,
        "trainings API": 9}
