"""Synthetic reports at every stage: received, dismissed, accepted with procedures open,
decided and approved (the stage cycles with the report's number, so even the smallest
scale shows each), each step dated after the one it follows. Deterministic for a given
seed."""

import datetime

from django.utils import timezone

from atis.identification import services as identification
from atis.intake import services
from atis.intake.models import IndicatorChecklist, Report
from atis.people.demo import person_row

SOURCES = [("police_administration", "letter"), ("association", "phone"), ("school", "app_api"),
           ("social_work_centre", "app_api"), ("self", "hotline"), ("centre", "proactive_detection")]
FORMS = ["sexual", "labour", "forced_begging", "forced_criminality", "forced_marriage"]
SUBTYPES = {"sexual": "sexual_commercial", "labour": "labour_agriculture",
            "forced_criminality": "criminality_theft"}


def _submit(rng, reporter, now, n):
    source, channel = rng.choice(SOURCES)
    checklist = rng.choice(list(IndicatorChecklist.objects.filter(kind="preliminary", current=True)))
    indicators = [i.code for i in rng.sample(list(checklist.indicators.all()), 3)]
    row = person_row(rng, now.date())
    received = now - datetime.timedelta(days=rng.randint(2, 90), hours=rng.randint(0, 23))
    return services.report_submit(
        actor=reporter, channel=channel, source_type=source, received_at=received,
        suspected_forms=[rng.choice(FORMS)], exploitation_place=rng.choice(
            ["Beograd", "Novi Sad", "Vršac", "Zrenjanin", "Niš"]), exploitation_country="RS",
        narrative=f"Demo report {n}: synthetic text, no real person.",
        checklist=checklist.code, indicators=indicators, persons=[row])


def _later(rng, moment, *, days: int) -> datetime.datetime:
    """A moment up to `days` days after `moment`, never in the future."""
    return min(timezone.now(), moment + datetime.timedelta(hours=rng.randint(1, 24 * days)))


def _decide(rng, n, procedure, caseworker, manager):
    identification.interview_record(actor=caseworker, procedure=procedure,
                                    held_on=timezone.localtime(procedure.opened_at).date(),
                                    mode="in_person", joint_with=rng.choice(["", "police"]))
    for alert in procedure.alerts.all():
        if alert.organisation and rng.random() < 0.9:
            identification.alert_mark_sent(actor=caseworker, alert=alert, channel="e-mail",
                                           sent_at=procedure.report.received_at
                                           + datetime.timedelta(hours=rng.randint(1, 20)))
    if procedure.is_child and not procedure.alerts.filter(recipient="social_work",
                                                           sent_at__isnull=False).exists():
        return
    form = procedure.report.suspected_forms[0]
    outcome = ["identified", "identified", "not_identified", None][n % 4]
    decided_at = _later(rng, procedure.opened_at, days=30)
    if outcome == "identified":
        decision = identification.decision_propose(
            actor=caseworker, procedure=procedure, outcome="identified", decided_at=decided_at,
            forms=[{"form": form, "subtype": SUBTYPES.get(form, "")}],
            recruitment_methods=[rng.choice(["job_offer", "false_friendship", "loan_debt"])],
            recruitment_online=rng.random() < 0.5, origin_country="RS",
            exploitation_country="RS", identified_where="serbia")
        if n % 5:
            identification.decision_approve(actor=manager, decision=decision,
                                            approved_at=_later(rng, decided_at, days=3))
    elif outcome == "not_identified":
        decision = identification.decision_propose(actor=caseworker, procedure=procedure,
                                                   outcome="not_identified", decided_at=decided_at,
                                                   reason="labour_rights_violation")
        identification.decision_approve(actor=manager, decision=decision,
                                        approved_at=_later(rng, decided_at, days=3))


def generate(*, rng, scale: int, users, out) -> None:
    if Report.objects.exists():
        return
    services.checklists_load(actor="demo-data")
    now = timezone.now()
    caseworker, manager = users["caseworker"], users["manager"]
    for n in range(12 * scale):
        report = _submit(rng, users["reporter"], now, n)
        fate = n % 6
        if fate == 0:
            continue
        triaged_at = _later(rng, report.received_at, days=1)
        if fate == 1:
            services.report_dismiss(actor=caseworker, report=report, dismissed_at=triaged_at,
                                    reason=rng.choice(["other_act", "no_offence",
                                                       "identity_unknown_or_unavailable"]))
            continue
        for procedure in identification.report_accept(actor=caseworker, report=report,
                                                      accepted_at=triaged_at):
            _decide(rng, n, procedure, caseworker, manager)
    out(f"  {12 * scale} synthetic reports at every stage")
