"""The yearly questionnaire campaign: questions, sending, the response status, reminders,
stakeholders answering (pre-filled from their own records), and the export."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from atis.audit.models import AuditEntry
from atis.core.errors import AccessDenied, DomainError
from atis.core.models import Organisation
from atis.core.roles import Role
from atis.justice import services as justice
from atis.monitoring import reports, selectors, services
from atis.monitoring.models import Answer, Campaign, Question

pytestmark = pytest.mark.django_db


@pytest.fixture
def questions(campaign, rapporteur):
    add = services.question_add
    return {
        "cases": add(actor=rapporteur, campaign=campaign, unit="investigation", number="1.1",
                     text="Criminal reports filed?", answer_type="number",
                     prefill_key="criminal_reports"),
        "financial": add(actor=rapporteur, campaign=campaign, unit="investigation", number="1.2",
                         text="Financial investigations?", answer_type="yes_no",
                         audience="prosecutor_office"),
        "training": add(actor=rapporteur, campaign=campaign, unit="prevention", number="3.1",
                        text="Trainings attended?"),
    }


@pytest.fixture
def sent(campaign, questions, rapporteur, org):
    prosecutors = [org("hppo-novi-sad"), org("hppo-beograd")]
    services.questionnaires_send(actor=rapporteur, campaign=campaign, organisations=prosecutors,
                                 kind="special", legal_basis="duty")
    services.questionnaires_send(actor=rapporteur, campaign=campaign, organisations=[org("astra")],
                                 kind="general", legal_basis="request")
    return {q.organisation.code: q for q in campaign.questionnaires.all()}


def test_response_status_counts_answered_questionnaires(campaign, sent, rapporteur, make_user):
    status = selectors.campaign_status(user=rapporteur, campaign=campaign)
    assert (status["sent"], status["answered"], status["pending"]) == (3, 0, 3)
    assert status["by_kind"] == {"special": 2, "general": 1}
    prosecutor = make_user(Role.PROSECUTOR, "hppo-novi-sad")
    services.answers_save(actor=prosecutor, questionnaire=sent["hppo-novi-sad"], answers={},
                          submit=True)
    status = selectors.campaign_status(user=rapporteur, campaign=campaign)
    assert (status["sent"], status["answered"], status["pending"]) == (3, 1, 2)
    listed = selectors.campaigns(user=rapporteur).get()
    assert (listed.sent, listed.answered) == (3, 1)


def test_reminders_go_only_to_those_who_have_not_answered(campaign, sent, rapporteur, make_user):
    services.answers_save(actor=make_user(Role.PROSECUTOR, "hppo-novi-sad"),
                          questionnaire=sent["hppo-novi-sad"], answers={}, submit=True)
    assert services.reminders_send(actor=rapporteur, campaign=campaign) == 2
    assert services.reminders_send(actor=rapporteur, campaign=campaign) == 2
    reminded = {q.organisation.code: q.reminders for q in campaign.questionnaires.all()}
    assert reminded == {"hppo-novi-sad": 0, "hppo-beograd": 2, "astra": 2}


def test_sending_twice_to_a_stakeholder_sends_one_questionnaire(campaign, sent, rapporteur, org):
    new = services.questionnaires_send(actor=rapporteur, campaign=campaign,
                                       organisations=[org("hppo-novi-sad"), org("atina")],
                                       kind="general", legal_basis="request")
    assert new == 1 and campaign.questionnaires.count() == 4


def test_the_questionnaire_is_prefilled_from_the_stakeholders_own_records(
        campaign, sent, questions, make_user, org):
    prosecutor = make_user(Role.PROSECUTOR, "hppo-novi-sad")
    for day in (datetime.date(campaign.year, 3, 1), datetime.date(campaign.year, 9, 1),
                datetime.date(campaign.year - 1, 9, 1)):
        justice.case_open(actor=prosecutor, opened_on=day, offences=["art388_1"],
                          police_administration=org("pu-novi-sad"))
    rows = {r["question"].number: r
            for r in selectors.questionnaire_form(user=prosecutor, questionnaire=sent["hppo-novi-sad"])}
    assert rows["1.1"]["figure"] == 2 and rows["1.1"]["value"] == "2"  # this year's only
    assert rows["1.2"]["figure"] is None and rows["3.1"]["value"] == ""

    services.answers_save(actor=prosecutor, questionnaire=sent["hppo-novi-sad"],
                          answers={str(questions["cases"].pk): "3"})
    answer = Answer.objects.get(question=questions["cases"])
    assert (answer.value, answer.prefilled) == ("3", "2")  # corrected, and the figure kept
    rows = {r["question"].number: r
            for r in selectors.questionnaire_form(user=prosecutor, questionnaire=sent["hppo-novi-sad"])}
    assert rows["1.1"]["value"] == "3"
    other = make_user(Role.PROSECUTOR, "hppo-beograd")
    assert {r["question"].number: r["figure"] for r in selectors.questionnaire_form(
        user=other, questionnaire=sent["hppo-beograd"])}["1.1"] == 0


def test_a_general_questionnaire_leaves_out_the_special_questions(sent):
    assert [q.number for q in sent["astra"].questions()] == ["1.1", "3.1"]
    assert [q.number for q in sent["hppo-novi-sad"].questions()] == ["1.1", "1.2", "3.1"]


def test_a_stakeholder_sees_and_answers_only_its_own_questionnaires(campaign, sent, questions,
                                                                   make_user):
    beograd = make_user(Role.PROSECUTOR, "hppo-beograd")
    assert list(selectors.my_questionnaires(user=beograd)) == [sent["hppo-beograd"]]
    with pytest.raises(Exception) as hidden:
        selectors.questionnaire_get(user=beograd, pk=sent["hppo-novi-sad"].pk)
    assert type(hidden.value).__name__ == "DoesNotExist"
    with pytest.raises(AccessDenied):
        selectors.questionnaire_form(user=beograd, questionnaire=sent["hppo-novi-sad"])
    with pytest.raises(DomainError, match="not sent to your organisation"):
        services.answers_save(actor=beograd, questionnaire=sent["hppo-novi-sad"],
                              answers={str(questions["training"].pk): "none"})
    atina = make_user(Role.PARTNER_CASEWORKER, "atina")
    with pytest.raises(DomainError, match="not sent to your organisation"):
        services.answers_save(actor=atina, questionnaire=sent["astra"], answers={})
    assert not Answer.objects.exists()


@pytest.mark.parametrize(("question", "value", "message"), [
    ("cases", "about ten", "a number"),
    ("financial", "maybe", "yes or no"),
])
def test_a_bad_answer_writes_nothing_of_the_submission(sent, questions, make_user, question, value,
                                                      message):
    prosecutor = make_user(Role.PROSECUTOR, "hppo-novi-sad")
    answers = {str(questions["training"].pk): "Two courses", str(questions[question].pk): value}
    with pytest.raises(DomainError, match=message):
        services.answers_save(actor=prosecutor, questionnaire=sent["hppo-novi-sad"],
                              answers=answers, submit=True)
    sent["hppo-novi-sad"].refresh_from_db()
    assert not Answer.objects.exists() and sent["hppo-novi-sad"].received_on is None


def test_submitted_answers_are_final_and_foreign_questions_refused(sent, questions, make_user):
    astra = make_user(Role.PARTNER_CASEWORKER, "astra")
    with pytest.raises(DomainError, match="not in this questionnaire"):
        services.answers_save(actor=astra, questionnaire=sent["astra"],
                              answers={str(questions["financial"].pk): "yes"})
    services.answers_save(actor=astra, questionnaire=sent["astra"],
                          answers={str(questions["training"].pk): "One"}, submit=True)
    with pytest.raises(DomainError, match="already submitted"):
        services.answers_save(actor=astra, questionnaire=sent["astra"],
                              answers={str(questions["training"].pk): "Two"})
    assert Answer.objects.get().value == "One"


def test_the_export_lists_every_answer_by_question_and_by_stakeholder(campaign, sent, questions,
                                                                     rapporteur, make_user):
    services.answers_save(actor=make_user(Role.PARTNER_CASEWORKER, "astra"),
                          questionnaire=sent["astra"],
                          answers={str(questions["training"].pk): "One", str(questions["cases"].pk): "0"})
    services.answers_save(actor=make_user(Role.PROSECUTOR, "hppo-novi-sad"),
                          questionnaire=sent["hppo-novi-sad"],
                          answers={str(questions["training"].pk): "Three"})
    rows = selectors.answers_table(user=rapporteur, campaign=campaign)
    assert [(r["question"], r["stakeholder"], r["answer"]) for r in rows] == [
        ("1.1", "astra", "0"), ("3.1", "astra", "One"), ("3.1", "hppo-novi-sad", "Three")]
    book = load_workbook(io.BytesIO(reports.answers_xlsx(rows, user=rapporteur, campaign=campaign)))
    assert book.sheetnames == ["by question", "by stakeholder"]
    exported = AuditEntry.objects.get(action="monitoring.export")
    assert exported.actor_id == rapporteur.pk and exported.details["what"] == "answers"
    assert [r[3] for r in book["by stakeholder"].iter_rows(min_row=2, values_only=True)] == [
        "astra", "astra", "hppo-novi-sad"]
    with pytest.raises(AccessDenied):
        selectors.answers_table(user=make_user(Role.COORDINATOR_ANALYST), campaign=campaign)


@pytest.mark.parametrize(("change", "field"), [
    ({"unit": "sport"}, "unit"),
    ({"answer_type": "essay"}, "answer_type"),
    ({"audience": "bakery"}, "audience"),
    ({"prefill_key": "weather"}, "prefill"),
    ({"prefill_key": "convictions", "answer_type": "text"}, "prefill"),
    ({"number": "1.1"}, "number"),
    ({"number": " "}, "number"),
    ({"text": ""}, "text"),
])
def test_bad_questions_are_refused(campaign, questions, rapporteur, change, field):
    args = {"unit": "investigation", "number": "9.9", "text": "Q?", "answer_type": "number",
            **change}
    with pytest.raises(DomainError) as refused:
        services.question_add(actor=rapporteur, campaign=campaign, **args)
    assert field in refused.value.fields
    assert Question.objects.count() == 3


def test_bad_campaigns_and_sendings_are_refused(campaign, rapporteur, org, make_user):
    today = timezone.localdate()
    with pytest.raises(DomainError, match="already a campaign"):
        services.campaign_create(actor=rapporteur, year=campaign.year, title="x", due_on=today)
    for change, field in [({"kind": "secret"}, "kind"), ({"legal_basis": "whim"}, "legal_basis"),
                          ({"organisations": []}, "organisations"),
                          ({"sent_on": today + datetime.timedelta(days=1)}, "sent_on")]:
        args = {"organisations": [org("astra")], "kind": "general", "legal_basis": "request", **change}
        with pytest.raises(DomainError) as refused:
            services.questionnaires_send(actor=rapporteur, campaign=campaign, **args)
        assert field in refused.value.fields
    assert not campaign.questionnaires.exists()
    with pytest.raises(AccessDenied):
        services.campaign_create(actor=make_user(Role.COORDINATOR_ANALYST), year=2020, title="x",
                                 due_on=today)
    assert Campaign.objects.count() == 1


def test_every_prefill_counts_for_the_organisation_and_year(campaign, make_user, org):
    from atis.monitoring import prefill

    for key in prefill.PREFILLS:
        assert prefill.figure(key, org("hppo-novi-sad"), campaign.year) == 0
    police = make_user(Role.POLICE_OFFICER, "pu-novi-sad")
    justice.case_open(actor=police, opened_on=timezone.localdate(), offences=["art388_1"],
                      prosecutor_office=org("hppo-novi-sad"))
    this_year = timezone.localdate().year
    assert prefill.figure("criminal_reports", org("pu-novi-sad"), this_year) == 1
    assert prefill.figure("criminal_reports", org("hppo-novi-sad"), this_year) == 1
    assert prefill.figure("criminal_reports", Organisation.objects.get(code="astra"), this_year) == 0
    assert prefill.figure("no-such-figure", org("astra"), this_year) is None
