"""Progress reports and assessments are dated when they were made (default today), apart
from when they were recorded, and never before the period they are about."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from atis.audit.models import AuditEntry
from atis.core.chronology import shown
from atis.core.errors import DomainError
from atis.core.roles import Role
from atis.monitoring import services
from atis.monitoring.models import Assessment, LocalTeamAssessment, ProgressReport

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
THIS_MONTH = TODAY.replace(day=1)


def report(actor, activity, **kwargs):
    kwargs.setdefault("period", "monthly")
    kwargs.setdefault("year", THIS_MONTH.year)
    kwargs.setdefault("month", THIS_MONTH.month)
    return services.progress_report_submit(actor=actor, activity=activity, status="completed",
                                           **kwargs)


def test_progress_report_not_before_the_period_it_reports_on(activity_of, make_user):
    prosecutor = make_user(Role.PROSECUTOR, "hppo-novi-sad")
    activity = activity_of("1.1.1")
    before = (ProgressReport.objects.count(), AuditEntry.objects.count())
    with pytest.raises(DomainError) as exc:
        report(prosecutor, activity, reported_on=THIS_MONTH - DAY)
    assert shown(THIS_MONTH) in exc.value.fields["reported_on"][0]
    with pytest.raises(DomainError) as exc:
        report(prosecutor, activity, period="annual", year=TODAY.year - 1,
               reported_on=datetime.date(TODAY.year - 2, 12, 31))
    assert shown(datetime.date(TODAY.year - 1, 1, 1)) in exc.value.fields["reported_on"][0]
    with pytest.raises(DomainError) as exc:
        report(prosecutor, activity, reported_on=TODAY + DAY)
    assert "future" in exc.value.fields["reported_on"][0]
    assert (ProgressReport.objects.count(), AuditEntry.objects.count()) == before
    annual = report(prosecutor, activity, period="annual", year=TODAY.year - 1,
                    reported_on=datetime.date(TODAY.year, 1, 1))
    assert annual.reported_on == datetime.date(TODAY.year, 1, 1)
    assert report(prosecutor, activity).reported_on == TODAY


def test_assessment_not_before_its_reporting_year_nor_the_report(rapporteur):
    year = TODAY.year - 1
    source = services.recommendation_source_create(actor=rapporteur, code="greta-x", kind="greta",
                                                   title="GRETA round", period_year=year - 1,
                                                   published_on=datetime.date(year, 3, 1))
    recommendation = services.recommendation_add(actor=rapporteur, source=source, number="1",
                                                 unit="prevention", text="Fund the hotline.")

    def assess(day):
        return services.assessment_record(actor=rapporteur, recommendation=recommendation,
                                          period_year=year, category="acted_upon",
                                          justification="Funded.", assessed_on=day)

    with pytest.raises(DomainError) as exc:
        assess(datetime.date(year, 2, 1))
    assert shown(datetime.date(year, 3, 1)) in exc.value.fields["assessed_on"][0]
    assert not Assessment.objects.exists()
    assert assess(datetime.date(year, 12, 1)).assessed_on == datetime.date(year, 12, 1)
    with pytest.raises(DomainError):
        services.recommendation_source_create(actor=rapporteur, code="tip-x", kind="tip",
                                              title="TIP", period_year=year,
                                              published_on=TODAY + DAY)


def test_local_team_assessment_is_dated_in_or_after_its_year(coordinator, org):
    from atis.coordination import services as coordination

    team = coordination.group_create(actor=coordinator, name="Local team Niš", kind="local_team",
                                     convenor=org("csw-nis"))
    with pytest.raises(DomainError) as exc:
        services.local_team_assess(actor=coordinator, team=team, year=TODAY.year, functional="partly",
                                   assessed_on=datetime.date(TODAY.year - 1, 12, 31))
    assert shown(datetime.date(TODAY.year, 1, 1)) in exc.value.fields["assessed_on"][0]
    assert not LocalTeamAssessment.objects.exists()
    assert services.local_team_assess(actor=coordinator, team=team, year=TODAY.year,
                                      functional="partly").assessed_on == TODAY


def test_api_takes_the_report_date_and_documents_it(activity_of, make_user, api_client_for,
                                                    client):
    prosecutor = make_user(Role.PROSECUTOR, "hppo-novi-sad")
    api = api_client_for(prosecutor)
    url = reverse("api-progress", args=[activity_of("1.1.1").pk])
    body = {"period": "monthly", "year": THIS_MONTH.year, "month": THIS_MONTH.month,
            "status": "completed"}
    refused = api.post(url, {**body, "reported_on": (THIS_MONTH - DAY).isoformat()}, format="json")
    assert refused.status_code == 400 and "reported_on" in refused.json()["errors"]
    assert not ProgressReport.objects.exists()
    made = api.post(url, {**body, "reported_on": THIS_MONTH.isoformat()}, format="json")
    assert made.status_code == 201 and made.json()["reported_on"] == THIS_MONTH.isoformat()
    client.force_login(prosecutor)
    schemas = client.get(reverse("api-schema"), {"format": "json"}).json()["components"]["schemas"]
    for schema, field in {"ProgressIn": "reported_on", "AssessmentIn": "assessed_on",
                          "LocalTeamIn": "assessed_on", "TrainingIn": "held_on"}.items():
        assert schemas[f"{schema}Request"]["properties"][field]["format"] == "date", schema


def test_activity_page_keeps_the_report_typed_after_a_date_error(client, activity_of, make_user):
    prosecutor = make_user(Role.PROSECUTOR, "hppo-novi-sad")
    client.force_login(prosecutor)
    url = reverse("activity-page", args=[activity_of("1.1.1").pk])
    assert f'name="reported_on" value="{TODAY.isoformat()}"' in client.get(url).content.decode()
    early = (THIS_MONTH - DAY).isoformat()
    page = client.post(url, {"period": "monthly", "year": THIS_MONTH.year,
                             "month": THIS_MONTH.month, "status": "partially_completed",
                             "narrative": "Two cases with a parallel investigation",
                             "reported_on": early})
    html = page.content.decode()
    assert page.status_code == 200 and not ProgressReport.objects.exists()
    assert f'name="reported_on" value="{early}"' in html
    assert "Two cases with a parallel investigation" in html and shown(THIS_MONTH) in html
