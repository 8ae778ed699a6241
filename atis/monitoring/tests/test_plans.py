"""Strategic documents and action plans: the shipped dataset, the hierarchy's roll-ups,
progress reports and what they refuse, overdue reports, the consolidated report, and the
all-or-nothing XLSX import."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from atis.audit.models import AuditEntry
from atis.core.errors import AccessDenied, DomainError
from atis.core.roles import Role
from atis.monitoring import loaders, reports, selectors, services
from atis.monitoring.models import Activity, Measure, Objective, ProgressReport, StrategicDocument
from atis.monitoring.tests.conftest import PLAN_HEADER

pytestmark = pytest.mark.django_db


def test_the_strategy_and_its_action_plan_are_shipped_with_reconstructed_rows_marked(strategy):
    activities = Activity.objects.filter(measure__objective__document=strategy)
    assert strategy.parent.code == "strategy-2017-2022"
    assert Objective.objects.filter(document=strategy).count() == 5
    assert Measure.objects.filter(objective__document=strategy).count() == 15
    assert activities.count() == 64
    assert activities.filter(reconstructed=True).count() == 38
    assert activities.filter(responsible__code="ministry-labour").exists()
    assert not activities.filter(responsible_text="").exists()


def test_loading_twice_adds_nothing(strategy, capsys):
    call_command("load-monitoring")
    assert "strategic documents: +0; recommendations: +58" in capsys.readouterr().out
    call_command("load-monitoring")
    assert "+0; recommendations: +0" in capsys.readouterr().out
    assert StrategicDocument.objects.count() == 2


def _report(actor, activity, status, *, period="annual", year=2018, month=0):
    return services.progress_report_submit(actor=actor, activity=activity, period=period,
                                           year=year, month=month, status=status)


def test_objective_completion_rates_roll_up_from_the_latest_report(strategy, coordinator):
    objective = strategy.objectives.get(code="1")
    acts = list(Activity.objects.filter(measure__objective=objective))
    _report(coordinator, acts[0], "completed")
    _report(coordinator, acts[1], "partially_completed")
    # a later monthly report does not outrank that year's annual one, a later year does
    _report(coordinator, acts[1], "completed", period="monthly", year=2018, month=12)
    _report(coordinator, acts[2], "not_started", year=2017)
    _report(coordinator, acts[2], "completed", year=2018)
    tree = {node["objective"].code: node for node in selectors.plan_tree(user=coordinator,
                                                                       document=strategy)}
    node = tree["1"]
    assert node["total"] == len(acts)
    assert node["counts"]["completed"] == 2 and node["counts"]["partially_completed"] == 1
    assert node["completion_rate"] == round(2 / len(acts), 3)
    assert tree["2"]["counts"]["completed"] == 0 and tree["2"]["completion_rate"] == 0


def test_consolidated_report_takes_the_status_as_of_its_period(plan_in_force, activity_of, coordinator):
    year = plan_in_force.starts_on.year
    first = activity_of("1.1.1")
    _report(coordinator, first, "partially_completed", period="monthly", year=year, month=3)
    _report(coordinator, first, "completed", period="monthly", year=year, month=9)
    march = reports.consolidated(user=coordinator, document=plan_in_force, year=year, month=3)
    whole = reports.consolidated(user=coordinator, document=plan_in_force, year=year)
    assert march["overall"]["counts"]["partially_completed"] == 1
    assert march["overall"]["counts"]["completed"] == 0
    assert whole["overall"]["counts"]["completed"] == 1
    assert whole["objectives"][0]["completion_rate"] == 0.5

    content, _type = reports.render(whole, "xlsx", user=coordinator)
    book = load_workbook(io.BytesIO(content))
    assert [c.value for c in book["completion"][2]][:3] == ["1", 2, 1]
    html, _type = reports.render(whole, "html", user=coordinator)
    assert b'data-objective="1" data-rate="0.5"' in html
    pdf, content_type = reports.render(whole, "pdf", user=coordinator)
    assert content_type == "application/pdf" and pdf.startswith(b"%PDF")
    assert sorted(AuditEntry.objects.filter(action="monitoring.export", actor_id=coordinator.pk)
                  .values_list("details__format", flat=True)) == ["html", "pdf", "xlsx"]


def test_a_responsible_body_reports_and_a_second_report_for_the_period_replaces_it(
        plan_in_force, activity_of, make_user):
    prosecutor = make_user(Role.PROSECUTOR, "hppo-novi-sad")
    activity = activity_of("1.1.1")
    year = plan_in_force.starts_on.year
    indicator = activity.indicators.get()
    _report(prosecutor, activity, "not_started", period="monthly", year=year, month=2)
    report = services.progress_report_submit(
        actor=prosecutor, activity=activity, period="monthly", year=year, month=2,
        status="partially_completed", narrative="Two of five cases",
        indicator_values={str(indicator.pk): "40%"})
    assert ProgressReport.objects.filter(activity=activity).count() == 1
    assert report.status == "partially_completed" and report.indicator_values == {str(indicator.pk): "40%"}
    assert list(selectors.my_activities(user=prosecutor).values_list("code", flat=True)) == ["1.1.1", "2.1.1"]


@pytest.mark.parametrize(("change", "field"), [
    ({"status": "done"}, "status"),
    ({"period": "weekly"}, "period"),
    ({"month": 0}, "month"),
    ({"year": 1999}, "year"),
    ({"indicator_values": {"999999": "1"}}, "indicator_values"),
])
def test_bad_progress_reports_are_refused_and_write_nothing(plan_in_force, activity_of, make_user,
                                                           change, field):
    prosecutor = make_user(Role.PROSECUTOR, "hppo-novi-sad")
    args = {"period": "monthly", "year": plan_in_force.starts_on.year, "month": 1,
            "status": "completed", **change}
    with pytest.raises(DomainError) as refused:
        services.progress_report_submit(actor=prosecutor, activity=activity_of("1.1.1"), **args)
    assert field in refused.value.fields
    assert not ProgressReport.objects.exists()


def test_a_report_for_a_future_month_is_refused(plan_in_force, activity_of, coordinator):
    nxt = timezone.localdate().replace(day=1) + datetime.timedelta(days=32)
    with pytest.raises(DomainError, match="begun"):
        _report(coordinator, activity_of("1.1.1"), "completed", period="monthly", year=nxt.year,
                month=nxt.month)


def test_only_a_responsible_body_reports_and_a_closed_plan_takes_no_report(
        plan_in_force, activity_of, make_user, coordinator, rapporteur):
    police = make_user(Role.POLICE_OFFICER, "pu-novi-sad")
    with pytest.raises(DomainError, match="not responsible"):
        _report(police, activity_of("1.1.1"), "completed", year=plan_in_force.starts_on.year)
    with pytest.raises(AccessDenied):
        _report(rapporteur, activity_of("1.1.1"), "completed", year=plan_in_force.starts_on.year)
    services.document_close(actor=coordinator, document=plan_in_force)
    with pytest.raises(DomainError, match="closed"):
        _report(coordinator, activity_of("1.1.1"), "completed", year=plan_in_force.starts_on.year)
    with pytest.raises(DomainError):
        services.document_close(actor=coordinator, document=plan_in_force)
    assert not ProgressReport.objects.exists()
    with pytest.raises(AccessDenied):
        services.document_close(actor=police, document=plan_in_force)


def test_overdue_reports_name_who_has_not_reported_for_which_period(plan_in_force, activity_of,
                                                                    coordinator, make_user):
    today = datetime.date(plan_in_force.starts_on.year + 1, 3, 10)
    prosecutor = make_user(Role.PROSECUTOR, "hppo-novi-sad")
    overdue = selectors.overdue_reports(user=coordinator, today=today)
    periods = {(row["activity"].code, row["organisation"].code, row["period"]) for row in overdue}
    last_year = str(today.year - 1)
    assert ("2.1.1", "hppo-novi-sad", f"{today.year}-02") in periods
    assert ("2.1.1", "centre", last_year) in periods
    assert len(periods) == 8  # four (activity, body) pairs × (February, last year)

    ProgressReport.objects.create(activity=activity_of("2.1.1"), organisation=prosecutor.organisation,
                                  period="monthly", year=today.year, month=2, status="completed",
                                  reported_on=today, submitted_by=prosecutor)
    after = selectors.overdue_reports(user=coordinator, today=today)
    assert len(after) == 7
    before_february_15 = selectors.overdue_reports(user=coordinator, today=today.replace(month=2, day=1))
    assert {row["period"] for row in before_february_15} == {f"{today.year}-01"}
    with pytest.raises(AccessDenied):
        selectors.overdue_reports(user=prosecutor)


def test_a_closed_or_ended_plan_is_not_overdue(strategy, coordinator):
    assert selectors.overdue_reports(user=coordinator, today=datetime.date(2026, 3, 1)) == []
    march_2018 = selectors.overdue_reports(user=coordinator, today=datetime.date(2018, 3, 1))
    assert march_2018 and all(row["activity"].measure.objective.document == strategy
                              for row in march_2018)
    services.document_close(actor=coordinator, document=strategy)
    assert selectors.overdue_reports(user=coordinator, today=datetime.date(2018, 3, 1)) == []


def _import(coordinator, content, code="new-plan"):
    return loaders.action_plan_import(actor=coordinator, code=code, title="New plan",
                                      starts_on=datetime.date(2026, 1, 1),
                                      ends_on=datetime.date(2027, 12, 31), content=content)


def test_the_template_imports_as_it_is(coordinator):
    document = _import(coordinator, loaders.template_xlsx())
    activity = Activity.objects.get(measure__objective__document=document)
    assert activity.code == "1.1.1" and activity.budget_amount == 1500000
    assert activity.funding_secured is True and activity.deadline == datetime.date(2026, 12, 31)
    assert sorted(activity.responsible.values_list("code", flat=True)) == [
        "ministry-labour", "national-coordinator"]
    assert activity.indicators.get().target == "25"


@pytest.mark.parametrize(("header", "row", "message"), [
    (PLAN_HEADER[:-1] + ["indicatr"], ["1", "O", "1.1", "M", "1.1.2", "A", "centre", "x"],
     "Row 1: unknown column(s) indicatr"),
    (PLAN_HEADER, ["1", "O", "1.1", "M", "1.1.2", "A", "", "x"],
     "Row 3, responsible: every activity needs a responsible body."),
    (PLAN_HEADER, ["1", "O", "1.1", "M", "1.1.2", "A", "no-such-body", "x"],
     "Row 3, responsible: unknown organisation code(s) no-such-body."),
    (PLAN_HEADER, ["1", "O", "1.1", "M", "", "A", "centre", "x"],
     "Row 3, activity_code: required."),
])
def test_an_import_with_one_bad_row_writes_nothing(coordinator, xlsx, header, row, message):
    good = ["1", "O", "1.1", "M", "1.1.1", "A", "centre", "x"]
    with pytest.raises(DomainError) as refused:
        _import(coordinator, xlsx(header, good, row))
    assert message in str(refused.value)
    assert not StrategicDocument.objects.exists() and not Activity.objects.exists()


def test_an_import_refuses_a_file_that_is_not_a_workbook_a_code_in_use_and_bad_dates(coordinator):
    with pytest.raises(DomainError, match="not an XLSX"):
        _import(coordinator, b"objective_code,objective_title\n1,x\n")
    _import(coordinator, loaders.template_xlsx())
    with pytest.raises(DomainError, match="exists"):
        _import(coordinator, loaders.template_xlsx())
    with pytest.raises(DomainError, match="end before"):
        loaders.action_plan_import(actor=coordinator, code="x", title="x",
                                   starts_on=datetime.date(2026, 1, 1),
                                   ends_on=datetime.date(2025, 1, 1), content=loaders.template_xlsx())
    assert StrategicDocument.objects.count() == 1


def test_only_the_coordinator_imports(make_user):
    with pytest.raises(AccessDenied):
        _import(make_user(Role.RAPPORTEUR), loaders.template_xlsx())
