import datetime

import pytest
from django.utils import timezone

from atis.core.roles import Role
from atis.monitoring import loaders, reports, services
from atis.monitoring.models import Activity, StrategicDocument


@pytest.fixture
def coordinator(make_user):
    return make_user(Role.COORDINATOR_ANALYST)


@pytest.fixture
def rapporteur(make_user):
    return make_user(Role.RAPPORTEUR)


@pytest.fixture
def strategy(reference_data):
    loaders.strategy_load()
    return StrategicDocument.objects.get(code="action-plan-2017-2018")


@pytest.fixture
def xlsx():
    """An XLSX file's bytes from a header and rows."""

    def make(header, *rows) -> bytes:
        return reports.xlsx_bytes({"activities": [header, *rows]})

    return make


PLAN_HEADER = ["objective_code", "objective_title", "measure_code", "measure_title",
               "activity_code", "activity_title", "responsible", "indicator"]


@pytest.fixture
def plan_in_force(coordinator, xlsx):
    """A plan running this year, two objectives, activities of the Novi Sad prosecutor's
    office, police and the Centre."""
    today = timezone.localdate()
    content = xlsx(PLAN_HEADER,
                   ["1", "Prosecution", "1.1", "Financial", "1.1.1", "Parallel investigations",
                    "hppo-novi-sad", "Share of cases"],
                   ["1", "Prosecution", "1.1", "Financial", "1.1.2", "Train investigators",
                    "pu-novi-sad", "Trained"],
                   ["2", "Protection", "2.1", "Identification", "2.1.1", "Faster decisions",
                    "centre;hppo-novi-sad", "Median days"])
    return loaders.action_plan_import(
        actor=coordinator, code="plan-now", title="Plan in force",
        starts_on=datetime.date(today.year - 1, 1, 1), ends_on=datetime.date(today.year + 1, 12, 31),
        content=content)


@pytest.fixture
def activity_of(plan_in_force):
    return lambda code: Activity.objects.get(measure__objective__document=plan_in_force, code=code)


@pytest.fixture
def campaign(rapporteur):
    today = timezone.localdate()
    return services.campaign_create(actor=rapporteur, year=today.year - 1, title="Questionnaire",
                                    due_on=today + datetime.timedelta(days=30))
