"""Monitoring for the demo: the real Strategy 2017–2022 and the Rapporteur's recommendations
(shipped data), synthetic progress on the Action Plan 2017–2018 (then closed), a synthetic
plan in force so that reporting and overdue reports can be tried, last year's questionnaire
campaign with a few answers, and registry entries."""

import datetime

from django.utils import timezone

from atis.coordination.models import CoordinationGroup
from atis.core.models import Organisation
from atis.monitoring import loaders, reports, services
from atis.monitoring.models import Activity, StrategicDocument

DEMO_PLAN_ROWS = [
    ("1", "Prevention", "1.1", "Awareness in schools", "1.1.1",
     "Workshops on recognising recruitment for pupils", "school-gimnazija-jj-zmaj-novi-sad;atina",
     "Number of workshops held", "0", "12"),
    ("2", "Prosecution", "2.1", "Financial investigations", "2.1.1",
     "Run a parallel financial investigation in every trafficking case", "hppo-novi-sad",
     "Share of cases with a financial investigation", "20%", "80%"),
    ("2", "Prosecution", "2.1", "Financial investigations", "2.1.2",
     "Train police investigators in tracing proceeds of crime", "pu-novi-sad",
     "Investigators trained", "0", "30"),
    ("3", "Protection", "3.1", "Identification", "3.1.1",
     "Cut the time from report to identification decision", "centre",
     "Median days to decision", "45", "30"),
]


def _demo_plan_xlsx() -> bytes:
    header = ["objective_code", "objective_title", "measure_code", "measure_title",
              "activity_code", "activity_title", "responsible", "indicator", "baseline", "target"]
    return reports.xlsx_bytes({"activities": [header, *map(list, DEMO_PLAN_ROWS)]})


def _historic_progress(coordinator, rng) -> None:
    """Synthetic annual 2018 statuses for the Action Plan 2017–2018, then close it."""
    plan = StrategicDocument.objects.get(code="action-plan-2017-2018")
    statuses = ["completed"] * 5 + ["partially_completed"] * 3 + ["not_completed", "not_started"]
    for activity in Activity.objects.filter(measure__objective__document=plan):
        services.progress_report_submit(actor=coordinator, activity=activity, period="annual",
                                        year=2018, status=rng.choice(statuses),
                                        narrative="(demo) synthetic status")
    services.document_close(actor=coordinator, document=plan)


def _campaign(users, today) -> None:
    rapporteur = users["rapporteur"]
    year = today.year - 1
    campaign = services.campaign_create(actor=rapporteur, year=year,
                                        title=f"Questionnaire on the response in {year}",
                                        due_on=today + datetime.timedelta(days=30))
    questions = [
        ("investigation", "1.1", "How many criminal reports of trafficking did you file?",
         "number", "all", "criminal_reports"),
        ("investigation", "1.2", "How many persons were indicted?", "number",
         "prosecutor_office", "indictments"),
        ("investigation", "1.3", "Were financial investigations run in parallel?", "yes_no",
         "prosecutor_office", ""),
        ("identification", "2.1", "How many reports of suspected trafficking did you send to "
         "the Centre?", "number", "all", "reports_sent"),
        ("prevention", "3.1", "Which trainings on trafficking did your staff attend?", "text",
         "all", ""),
    ]
    for unit, number, text, answer_type, audience, prefill in questions:
        services.question_add(actor=rapporteur, campaign=campaign, unit=unit, number=number,
                              text=text, answer_type=answer_type, audience=audience,
                              prefill_key=prefill)
    special = Organisation.objects.filter(type__in=["prosecutor_office", "police_administration",
                                                    "centre", "shelter"], active=True)
    general = Organisation.objects.filter(type__in=["association", "social_work_centre"],
                                          active=True)
    sent_on = today - datetime.timedelta(days=20)
    services.questionnaires_send(actor=rapporteur, campaign=campaign, organisations=special,
                                 kind="special", legal_basis="duty", sent_on=sent_on)
    services.questionnaires_send(actor=rapporteur, campaign=campaign, organisations=general,
                                 kind="general", legal_basis="request", sent_on=sent_on)
    police = campaign.questionnaires.get(organisation=users["police"].organisation)
    answers = {str(q.pk): "2" if q.answer_type == "number" else "Two officers, a two-day course"
               for q in police.questions()}
    services.answers_save(actor=users["police"], questionnaire=police, answers=answers,
                          submit=True)


def _registries(users, today, rng) -> None:
    coordinator = users["coordinator"]
    services.training_record(actor=users["police"], topic="Indicators of labour exploitation",
                             held_on=today - datetime.timedelta(days=40), days=2,
                             funder="(demo) project", certified=18,
                             participants={"police": 14, "labour_inspectors": 6})
    services.training_record(actor=users["partner"], topic="Child trafficking: first contact",
                             held_on=today - datetime.timedelta(days=12), online=True,
                             participants={"teachers": 25, "social_workers": 9})
    services.prevention_record(actor=users["partner"], kind="workshop",
                               title="Safe online: recruitment through social networks",
                               starts_on=today - datetime.timedelta(days=30), reach=240,
                               participants={"pupils": 220, "teachers": 20})
    first = today.replace(day=1)
    for _month in range(3):
        end = first - datetime.timedelta(days=1)
        start = end.replace(day=1)
        first = start
        calls = rng.randint(40, 90)
        services.hotline_activity_record(
            actor=users["hotline"], period_start=start, period_end=end, calls_received=calls,
            calls_made=calls // 3, persons_concerned=calls // 2, first_contacts=calls // 3,
            known_contacts=calls // 6, preliminary_identifications=rng.randint(0, 4),
            reports_to_centre=rng.randint(0, 3))
    for team in CoordinationGroup.objects.filter(kind="local_team"):
        services.local_team_assess(actor=coordinator, team=team, year=today.year,
                                   functional="partly", activities="(demo) met; one joint case")


def generate(*, rng, scale: int, users, out) -> None:
    if StrategicDocument.objects.exists():
        return
    today = timezone.localdate()
    coordinator = users["coordinator"]
    loaders.strategy_load(actor="demo-data")
    loaders.recommendations_load(actor="demo-data")
    _historic_progress(coordinator, rng)
    plan = loaders.action_plan_import(
        actor=coordinator, code="demo-plan", title="Demo action plan (synthetic)",
        starts_on=today.replace(month=1, day=1), ends_on=today.replace(month=12, day=31),
        content=_demo_plan_xlsx(), parent=StrategicDocument.objects.get(code="strategy-2017-2022"))
    prosecution = Activity.objects.get(measure__objective__document=plan, code="2.1.1")
    if today.month > 1:
        services.progress_report_submit(actor=users["prosecutor"], activity=prosecution,
                                        period="monthly", year=today.year, month=today.month - 1,
                                        status="partially_completed",
                                        narrative="(demo) two of five cases")
    _campaign(users, today)
    _registries(users, today, rng)
    out("  monitoring: strategy, recommendations, plans with progress, a questionnaire "
        "campaign, registries")
