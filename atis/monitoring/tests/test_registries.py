"""Trainings, prevention activities, hotline activity and local teams."""

import datetime

import pytest
from django.utils import timezone

from atis.coordination import services as coordination
from atis.core.errors import AccessDenied, DomainError
from atis.core.roles import Role
from atis.monitoring import selectors, services
from atis.monitoring.models import HotlineActivity, ParticipantGroup, PreventionActivity, Training

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _training(actor, **kwargs):
    kwargs.setdefault("participants", {"police": 10, "judges": 2})
    return services.training_record(actor=actor, topic="Indicators", held_on=TODAY(), **kwargs)


def test_trainings_count_participants_by_category_for_the_year(make_user, coordinator):
    police = make_user(Role.POLICE_OFFICER)
    partner = make_user(Role.PARTNER_CASEWORKER)
    training = _training(police, certified=8, days=2)
    _training(partner, participants={"police": 3, "teachers": 20})
    services.training_record(actor=partner, topic="Earlier", participants={"police": 99},
                             held_on=TODAY().replace(year=TODAY().year - 1))
    assert training.participants == 12 and training.organiser.code == "pu-novi-sad"
    totals = {r["category"]: r["count"] for r in
              selectors.participants_by_category(user=coordinator, year=TODAY().year)}
    assert totals == {"judges": 2, "police": 13, "teachers": 20}
    own = {r["category"]: r["count"] for r in
           selectors.participants_by_category(user=police, year=TODAY().year)}
    assert own == {"judges": 2, "police": 10}
    assert list(selectors.trainings(user=partner).values_list("topic", flat=True)) == [
        "Indicators", "Earlier"]


@pytest.mark.parametrize(("change", "field"), [
    ({"participants": {"astronauts": 3}}, "participants"),
    ({"participants": {"police": -1}}, "participants"),
    ({"certified": 13}, "certified"),
    ({"topic": " "}, "topic"),
    ({"held_on": TODAY() + datetime.timedelta(days=1)}, "held_on"),
])
def test_bad_trainings_are_refused(make_user, change, field):
    args = {"topic": "Indicators", "held_on": TODAY(), "participants": {"police": 12}, **change}
    with pytest.raises(DomainError) as refused:
        services.training_record(actor=make_user(Role.POLICE_OFFICER), **args)
    assert field in refused.value.fields
    assert not Training.objects.exists() and not ParticipantGroup.objects.exists()


def test_prevention_activities_with_reach_and_groups(make_user):
    partner = make_user(Role.PARTNER_CASEWORKER)
    activity = services.prevention_record(actor=partner, kind="workshop", title="Safe online",
                                          starts_on=TODAY(), reach=240,
                                          participants={"pupils": 220, "teachers": 20})
    assert activity.participants == 240
    for change in ({"kind": "rave"}, {"ends_on": TODAY() - datetime.timedelta(days=1)},
                   {"reach": -5}, {"participants": {"aliens": 1}}, {"title": ""}):
        with pytest.raises(DomainError):
            services.prevention_record(**{"actor": partner, "kind": "campaign", "title": "x",
                                          "starts_on": TODAY(), **change})
    assert PreventionActivity.objects.count() == 1


def test_hotline_activity_by_its_operators_or_the_coordinator(make_user, coordinator, org):
    operator = make_user(Role.HOTLINE_OPERATOR, "astra-sos")
    start = TODAY().replace(day=1) - datetime.timedelta(days=1)
    period = {"period_start": start.replace(day=1), "period_end": start}
    own = services.hotline_activity_record(actor=operator, calls_received=50, reports_to_centre=2,
                                           **period)
    assert own.hotline.code == "astra-sos"
    with pytest.raises(DomainError, match="own hotline"):
        services.hotline_activity_record(actor=operator, hotline=org("atina"), calls_received=1,
                                         **period)
    other = services.hotline_activity_record(actor=coordinator, hotline=org("atina"),
                                             calls_received=7, **period)
    assert other.hotline.code == "atina"
    for bad in ({"calls_received": -1}, {"pizzas": 3},
                {"period_start": start, "period_end": start - datetime.timedelta(days=3)}):
        with pytest.raises(DomainError):
            services.hotline_activity_record(actor=operator, **{**period, "calls_received": 1, **bad})
    assert HotlineActivity.objects.count() == 2
    assert list(selectors.hotline_activity(user=operator)) == [own]
    assert selectors.hotline_activity(user=coordinator).count() == 2
    with pytest.raises(AccessDenied):
        services.hotline_activity_record(actor=make_user(Role.POLICE_OFFICER), calls_received=1,
                                         **period)
    with pytest.raises(AccessDenied):
        selectors.hotline_activity(user=make_user(Role.POLICE_OFFICER))


def test_a_local_team_is_assessed_with_the_meetings_it_held(coordinator, org):
    team = coordination.group_create(actor=coordinator, kind="local_team", name="Local team Niš",
                                     convenor=org("csw-novi-sad"), municipality="Niš")
    for days in (10, 40):
        coordination.meeting_record(actor=coordinator, group=team,
                                    held_on=TODAY() - datetime.timedelta(days=days),
                                    organisations=[org("csw-novi-sad")])
    year = (TODAY() - datetime.timedelta(days=40)).year
    assessment = services.local_team_assess(actor=coordinator, team=team, year=year,
                                            functional="functional", activities="Two meetings")
    assert assessment.meetings_held == len([d for d in (10, 40)
                                            if (TODAY() - datetime.timedelta(days=d)).year == year])
    with pytest.raises(DomainError):
        services.local_team_assess(actor=coordinator, team=team, year=year, functional="lively")
    national = coordination.group_create(actor=coordinator, kind="national", name="National",
                                         convenor=org("national-coordinator"))
    with pytest.raises(DomainError, match="local teams"):
        services.local_team_assess(actor=coordinator, team=national, year=year,
                                   functional="functional")
    assert list(selectors.local_team_assessments(user=coordinator)) == [assessment]
