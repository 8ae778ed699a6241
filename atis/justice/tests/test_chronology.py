"""Every proceeding event is dated when it happened, never before the case was opened nor
before the step it follows; the refusal names the field and the date it conflicts with and
writes nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from atis.audit.models import AuditEntry
from atis.core.chronology import shown
from atis.core.errors import DomainError
from atis.core.roles import Role
from atis.justice import services
from atis.justice.models import (
    CriminalCase,
    ImpunityFlag,
    LegalAssistanceRequest,
    Notification,
    ProceedingEvent,
    RiskAssessment,
)

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def ago(days: int) -> datetime.date:
    return TODAY - days * DAY


def record(actor, case, kind, on, **kwargs):
    return services.event_record(actor=actor, case=case, kind=kind, on=on, **kwargs)


def unchanged():
    return (ProceedingEvent.objects.count(), Notification.objects.count(),
            AuditEntry.objects.count())


@pytest.mark.parametrize("kind, extra", [
    ("criminal_report", {}), ("investigation_ordered", {"defendant": True}),
    ("restraining_order", {"defendant": True}), ("detention_ordered", {"defendant": True}),
    ("hearing", {}), ("victim_interview", {"damaged_party": True}),
    ("pvw_granted", {"damaged_party": True}),
])
def test_no_event_before_the_case_was_opened(criminal_case, kind, extra):
    case, defendant, procedure, _caseworker, police = criminal_case
    kwargs = {"defendant": defendant} if extra.get("defendant") else {}
    if extra.get("damaged_party"):
        kwargs["damaged_party"] = case.damaged_parties.get()
    before = unchanged()
    with pytest.raises(DomainError) as exc:
        record(police, case, kind, case.opened_on - DAY, **kwargs)
    assert "case was opened" in exc.value.fields["on"][0]
    assert shown(case.opened_on) in exc.value.fields["on"][0]
    assert unchanged() == before


def steps(police, case, defendant, *pairs):
    for kind, on, extra in pairs:
        record(police, case, kind, on, defendant=defendant, **extra)


def test_a_judgement_not_before_the_indictment_and_an_appeal_not_before_the_judgement(criminal_case):
    case, defendant, _procedure, _caseworker, police = criminal_case
    steps(police, case, defendant, ("investigation_ordered", ago(50), {}),
          ("investigation_closed", ago(40), {}), ("indictment", ago(30), {}))
    before = unchanged()
    with pytest.raises(DomainError) as exc:
        record(police, case, "conviction", ago(31), defendant=defendant, sentence_months=36)
    assert "indictment" in exc.value.fields["on"][0] and shown(ago(30)) in exc.value.fields["on"][0]
    assert unchanged() == before
    record(police, case, "conviction", ago(20), defendant=defendant, sentence_months=36)
    before = unchanged()
    with pytest.raises(DomainError) as exc:
        record(police, case, "appeal", ago(21), defendant=defendant)
    assert shown(ago(20)) in exc.value.fields["on"][0]
    assert unchanged() == before
    record(police, case, "appeal", ago(10), defendant=defendant)
    defendant.refresh_from_db()
    assert defendant.stage == "appealed"


def test_a_release_not_before_the_detention_it_ends(criminal_case):
    case, defendant, _procedure, _caseworker, police = criminal_case
    record(police, case, "detention_ordered", ago(20), defendant=defendant)
    for kind in ("detention_extended", "detention_ended", "escape"):
        before = unchanged()
        with pytest.raises(DomainError) as exc:
            record(police, case, kind, ago(21), defendant=defendant)
        assert "custody" in exc.value.fields["on"][0] and shown(ago(20)) in exc.value.fields["on"][0]
        assert unchanged() == before
    record(police, case, "detention_ended", ago(5), defendant=defendant)
    defendant.refresh_from_db()
    assert not defendant.in_custody


def test_release_from_prison_not_before_the_final_conviction(criminal_case):
    case, defendant, _procedure, _caseworker, police = criminal_case
    steps(police, case, defendant, ("investigation_ordered", ago(50), {}),
          ("investigation_closed", ago(45), {}), ("indictment", ago(40), {}),
          ("conviction", ago(30), {"sentence_months": 48}),
          ("final_judgement", ago(20), {"outcome": "convicted", "sentence_months": 48}))
    with pytest.raises(DomainError) as exc:
        record(police, case, "release_from_prison", ago(25), defendant=defendant)
    assert shown(ago(20)) in exc.value.fields["on"][0]
    record(police, case, "release_from_prison", TODAY + 400 * DAY, defendant=defendant)  # scheduled


@pytest.mark.parametrize("kind, allowed", [("investigation_ordered", False),
                                           ("restraining_order", False), ("hearing", True)])
def test_only_scheduled_events_may_be_dated_ahead(criminal_case, kind, allowed):
    case, defendant, _procedure, _caseworker, police = criminal_case
    kwargs = {} if kind == "hearing" else {"defendant": defendant}
    if allowed:
        assert record(police, case, kind, TODAY + 7 * DAY, **kwargs).on == TODAY + 7 * DAY
    else:
        with pytest.raises(DomainError) as exc:
            record(police, case, kind, TODAY + 7 * DAY, **kwargs)
        assert "future" in exc.value.fields["on"][0]


def test_event_and_case_dates_default_to_today_and_record_the_moment(criminal_case, make_user):
    case, defendant, _procedure, _caseworker, police = criminal_case
    event = services.event_record(actor=police, case=case, kind="restraining_order",
                                  defendant=defendant)
    assert event.on == TODAY and abs(event.recorded_at - timezone.now()) < datetime.timedelta(minutes=1)
    opened = services.case_open(actor=police, offences=["art388_1"])
    assert opened.opened_on == TODAY
    with pytest.raises(DomainError) as exc:
        services.case_open(actor=police, offences=["art388_1"], opened_on=TODAY + DAY)
    assert "future" in exc.value.fields["opened_on"][0]


def test_risk_assessment_is_dated_when_it_was_made(criminal_case):
    case, defendant, _procedure, caseworker, police = criminal_case
    record(police, case, "detention_ordered", ago(20), defendant=defendant)
    record(police, case, "escape", ago(2), defendant=defendant)
    assessment = RiskAssessment.objects.get(organisation__code="centre")
    for day, words in ((case.opened_on - DAY, shown(case.opened_on)), (TODAY + DAY, "future")):
        with pytest.raises(DomainError) as exc:
            services.risk_assessment_complete(actor=caseworker, assessment=assessment, level="high",
                                              outcome="Safety plan", assessed_on=day)
        assert words in exc.value.fields["assessed_on"][0]
    assessment.refresh_from_db()
    assert assessment.completed_at is None and assessment.assessed_on is None
    services.risk_assessment_complete(actor=caseworker, assessment=assessment, level="high",
                                      outcome="Safety plan", assessed_on=ago(1))
    assessment.refresh_from_db()
    assert assessment.assessed_on == ago(1) and assessment.completed_at.date() == timezone.now().date()


def test_a_release_entered_long_after_it_happened_opens_no_risk_assessment(criminal_case, settings):
    case, defendant, _procedure, _caseworker, police = criminal_case
    settings.RISK_ASSESSMENT_DAYS = 14
    record(police, case, "detention_ordered", ago(50), defendant=defendant)
    record(police, case, "detention_ended", ago(15), defendant=defendant)
    assert not RiskAssessment.objects.exists()
    record(police, case, "detention_ordered", ago(14), defendant=defendant)
    record(police, case, "detention_ended", ago(14), defendant=defendant)
    assert RiskAssessment.objects.filter(organisation__code="centre").exists()


def test_non_punishment_opinion_not_before_the_flag(criminal_case):
    case, _defendant, procedure, caseworker, _police = criminal_case
    flag = services.impunity_flag_record(actor=caseworker, person=procedure.person,
                                         kind="misdemeanour", flagged_on=ago(10))
    assert flag.flagged_on == ago(10)
    with pytest.raises(DomainError) as exc:
        services.impunity_opinion(actor=caseworker, flag=flag, opinion="Forced", on=ago(11))
    assert shown(ago(10)) in exc.value.fields["on"][0]
    flag.refresh_from_db()
    assert flag.opinion_on is None
    services.impunity_opinion(actor=caseworker, flag=flag, opinion="Forced", on=ago(3))
    assert ImpunityFlag.objects.get(pk=flag.pk).opinion_on == ago(3)


def test_legal_assistance_outcome_not_before_the_request(make_user):
    prosecutor = make_user(Role.PROSECUTOR)
    request = services.legal_assistance_record(actor=prosecutor, direction="outbound",
                                               type="extradition", country="CH")
    assert request.requested_on == TODAY
    old = services.legal_assistance_record(actor=prosecutor, direction="inbound", type="general",
                                           country="HR", requested_on=ago(100))
    with pytest.raises(DomainError) as exc:
        services.legal_assistance_outcome(actor=prosecutor, request=old, outcome="met", on=ago(101))
    assert shown(ago(100)) in exc.value.fields["on"][0]
    assert LegalAssistanceRequest.objects.get(pk=old.pk).outcome == "pending"


def test_api_dates_the_event_and_refuses_one_before_the_case(criminal_case, api_client_for):
    case, defendant, _procedure, _caseworker, police = criminal_case
    api = api_client_for(police)
    url = reverse("api-case-events", args=[case.pk])
    refused = api.post(url, {"kind": "restraining_order", "defendant": defendant.pseudonym,
                             "on": (case.opened_on - DAY).isoformat()}, format="json")
    assert refused.status_code == 400 and shown(case.opened_on) in refused.json()["errors"]["on"][0]
    assert not ProceedingEvent.objects.filter(kind="restraining_order").exists()
    made = api.post(url, {"kind": "restraining_order", "defendant": defendant.pseudonym},
                    format="json")
    assert made.status_code == 201 and made.json()["on"] == TODAY.isoformat()
    opened = api.post(reverse("api-case-create"), {"offences": ["art388_1"],
                                                   "opened_on": "2019-05-06"}, format="json")
    assert opened.status_code == 201 and opened.json()["opened_on"] == "2019-05-06"
    assert CriminalCase.objects.get(pk=opened.json()["id"]).reference.startswith("J-2019-")


def test_case_page_keeps_the_event_typed_after_a_date_error(client, criminal_case):
    case, defendant, _procedure, _caseworker, police = criminal_case
    client.force_login(police)
    url = reverse("case-page", args=[case.pk])
    assert f'name="on" value="{TODAY.isoformat()}"' in client.get(url).content.decode()
    early = (case.opened_on - DAY).isoformat()
    page = client.post(url, {"action": "event", "kind": "restraining_order", "on": early,
                             "defendant": defendant.pseudonym})
    html = page.content.decode()
    assert page.status_code == 200 and not ProceedingEvent.objects.filter(kind="restraining_order")
    assert f'name="on" value="{early}"' in html and shown(case.opened_on) in html
    assert '<option value="restraining_order" selected>' in html
