"""Builders that create records through the services (never counts in fixtures)."""

import pytest
from django.utils import timezone

from atis.core.roles import Role
from atis.identification import services as identification
from atis.intake import services as intake

YEAR = timezone.localdate().year
CHILD, ADULT = YEAR - 14, YEAR - 30


@pytest.fixture
def centre(make_user):
    return {"manager": make_user(Role.CENTRE_MANAGER),
            "reporter": make_user(Role.REPORTER, "pu-novi-sad")}


@pytest.fixture
def identify(centre, org):
    """Report, accept and identify one person through the services; returns the procedure."""

    def make(*, forms, sex="female", birth_year=ADULT, citizenship="RS", source="police_administration",
             **details):
        manager = centre["manager"]
        report = intake.report_submit(
            actor=centre["reporter"], channel="phone", source_type=source,
            suspected_forms=[forms[0]],
            persons=[{"sex": sex, "birth_year": birth_year, "citizenships": [citizenship]}])
        [procedure] = identification.report_accept(actor=manager, report=report)
        social = procedure.alerts.filter(recipient="social_work").first()
        if social:
            identification.alert_mark_sent(actor=manager, alert=social,
                                           organisation=org("csw-novi-sad"))
        identification.decision_propose(actor=manager, procedure=procedure, outcome="identified",
                                        forms=[{"form": f} for f in forms], **details)
        return procedure

    return make
