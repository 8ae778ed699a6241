"""The data set the role × endpoint matrix runs against: one user per role (the
organisations of conftest.DEFAULT_ORG) and one record of each kind a URL can name, built
through the services so that every role stands in its ordinary relationship to it:

- the person is in the caseworker's caseload, a resident of the Shelter, shares a plan
  task (and, by consent, their identity) with the partner (Atina), and is a damaged party
  in the criminal case of the Novi Sad police, prosecutor's office and higher court;
- the reports were submitted by the reporter; the police alert was sent to the police;
- the memo goes from the hotline's organisation to the police; every organisation of a
  role has a questionnaire of its own (`own_questionnaire`).

So a role refused or hidden in the matrix is refused by its role, not by a missing
relationship (the object-level rules have their own tests).
"""

import datetime

from django.utils import timezone

from atis.core.models import Organisation
from atis.core.roles import Role

ROLES = tuple(Role)


def _org(code):
    return Organisation.objects.get(code=code)


def build_world(make_user_fn) -> dict:
    """Create the data set; returns the users by role and the objects by key."""
    from atis.coordination import services as coordination
    from atis.identification import services as identification
    from atis.imports import services as imports
    from atis.imports import workbook
    from atis.intake import services as intake
    from atis.justice import services as justice
    from atis.monitoring import loaders
    from atis.monitoring import reports as monitoring_reports
    from atis.monitoring import services as monitoring
    from atis.monitoring.models import Activity, Recommendation
    from atis.protection import services as protection
    from atis.statistics import services as statistics

    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    users = {role: make_user_fn(role, username=f"matrix-{role}") for role in ROLES}
    caseworker, manager = users[Role.CENTRE_CASEWORKER], users[Role.CENTRE_MANAGER]
    police, prosecutor = users[Role.POLICE_OFFICER], users[Role.PROSECUTOR]
    coordinator, rapporteur = users[Role.COORDINATOR_ANALYST], users[Role.RAPPORTEUR]
    objects: dict = {}

    # Intake and identification: the reporter's report, accepted by the caseworker.
    persons = [{"sex": "female", "birth_year": today.year - 30, "citizenships": ["UA"],
                "identity": {"given_name": "Mila", "family_name": "Ilić"}}]
    accepted = intake.report_submit(actor=users[Role.REPORTER], channel="phone",
                                    source_type="school", suspected_forms=["sexual"],
                                    persons=persons)
    [procedure] = identification.report_accept(actor=caseworker, report=accepted)
    person = procedure.person
    objects["report"] = intake.report_submit(
        actor=users[Role.REPORTER], channel="phone", source_type="school",
        suspected_forms=["labour"], persons=[{"sex": "male", "birth_year": today.year - 25}])
    police_alert = procedure.alerts.get(recipient="police")
    identification.alert_mark_sent(actor=caseworker, alert=police_alert,
                                   organisation=_org("pu-novi-sad"))
    police_alert.refresh_from_db()
    objects["alert"] = police_alert
    objects["procedure"] = procedure
    objects["person"] = person
    # A second procedure awaiting the manager's approval of a proposal.
    proposed = intake.report_submit(actor=users[Role.REPORTER], channel="phone",
                                    source_type="school", suspected_forms=["sexual"],
                                    persons=[{"sex": "female", "birth_year": today.year - 28}])
    [pending] = identification.report_accept(actor=caseworker, report=proposed)
    objects["decision"] = identification.decision_propose(
        actor=caseworker, procedure=pending, outcome="not_identified", reason="other")
    objects["decision_procedure"] = pending

    # Protection: consent and a plan task for Atina, a Shelter stay, a residence status.
    atina = _org("atina")
    objects["consent"] = protection.consent_record(
        actor=caseworker, person=person, organisation=atina, area="psychological_support",
        share_identity=True)
    plan = protection.plan_create(actor=caseworker, person=person, tasks=[
        {"area": "psychological_support", "goal": "Counselling", "organisation": atina,
         "due_on": today + 20 * day}])
    objects["plan"] = plan
    objects["task"] = plan.tasks.get()
    objects["stay"] = protection.stay_admit(actor=caseworker, person=person,
                                            shelter=_org("shelter"))
    objects["residence"] = protection.residence_status_record(
        actor=caseworker, person=person, kind="voluntary_return", country="UA")

    # Justice: the case, its defendant and damaged party, a release (notification and
    # risk assessment for the Centre), a legal assistance request.
    case = justice.case_open(actor=police, opened_on=today - 60 * day, offences=["art388_1"],
                             prosecutor_office=_org("hppo-novi-sad"),
                             courts=[_org("higher-court-novi-sad")])
    defendant = justice.defendant_add(actor=police, case=case, sex="male", birth_year=1980,
                                      citizenship="RS", role="exploiter")
    justice.damaged_party_add(actor=police, case=case, person=person.pseudonym)
    justice.event_record(actor=police, case=case, kind="detention_ordered", defendant=defendant,
                         on=today - 50 * day)
    justice.event_record(actor=police, case=case, kind="detention_ended", defendant=defendant,
                         on=today - day)
    objects["case"] = case
    from atis.justice.models import Notification, RiskAssessment

    objects["notification"] = Notification.objects.filter(
        organisation__code="centre").first() or Notification.objects.first()
    objects["risk"] = RiskAssessment.objects.filter(organisation__code="centre").first()
    objects["legal_assistance"] = justice.legal_assistance_record(
        actor=prosecutor, direction="outbound", type="general", country="AT", case=case)

    # Coordination.
    group = coordination.group_create(actor=coordinator, name="Matrix group", kind="national",
                                      convenor=_org("national-coordinator"))
    objects["group"] = group
    objects["meeting"] = coordination.meeting_record(
        actor=manager, group=group, organisations=[_org("centre"), _org("pu-novi-sad")],
        held_on=today, cases=[person.pseudonym], minutes="Minutes")
    objects["memo"] = coordination.memo_send(
        actor=users[Role.HOTLINE_OPERATOR], recipient=_org("pu-novi-sad"), kind="request",
        sent_on=today, subject="Matrix memo", due_on=today + 10 * day)

    # Monitoring: a plan in force with an activity of the Centre, a recommendation, a
    # campaign with a question and a questionnaire for every role's organisation.
    header = ["objective_code", "objective_title", "measure_code", "measure_title",
              "activity_code", "activity_title", "responsible", "indicator"]
    content = monitoring_reports.xlsx_bytes({"activities": [
        header, ["1", "Protection", "1.1", "Identification", "1.1.1", "Faster decisions",
                 "centre;pu-novi-sad;hppo-novi-sad", "Median days"]]})
    document = loaders.action_plan_import(
        actor=coordinator, code="matrix-plan", title="Matrix plan",
        starts_on=datetime.date(today.year - 1, 1, 1),
        ends_on=datetime.date(today.year + 1, 12, 31), content=content)
    objects["document"] = document
    objects["activity"] = Activity.objects.get(measure__objective__document=document)
    source = monitoring.recommendation_source_create(
        actor=rapporteur, code="matrix-report", kind=_first_choice("RecommendationSource", "Kind"),
        title="Matrix report", period_year=today.year - 1)
    objects["source"] = source
    objects["recommendation"] = monitoring.recommendation_add(
        actor=rapporteur, source=source, number="1", unit=Recommendation.Unit.values[0],
        text="Do better")
    campaign = monitoring.campaign_create(actor=rapporteur, year=today.year - 1,
                                          title="Matrix questionnaire", due_on=today + 30 * day)
    monitoring.question_add(actor=rapporteur, campaign=campaign,
                            unit=Recommendation.Unit.values[0], number="1", text="How many?")
    organisations = [users[role].organisation for role in ROLES
                     if role not in (Role.RAPPORTEUR, Role.ADMIN)]
    monitoring.questionnaires_send(actor=rapporteur, campaign=campaign,
                                   organisations=list({o.pk: o for o in organisations}.values()),
                                   kind=_first_choice("Questionnaire", "Kind"),
                                   legal_basis=_first_choice("Questionnaire", "LegalBasis"))
    objects["campaign"] = campaign
    objects["questionnaires"] = {q.organisation_id: q for q in campaign.questionnaires.all()}
    objects["questionnaire"] = campaign.questionnaires.get(organisation=_org("centre"))

    # Imports: one finished run of the manager's.
    objects["import"] = imports.import_file(
        actor=manager, filename="matrix.xlsx", source="legacy",
        content=workbook.build_xlsx({"persons": [
            {"source_reference": "M-1", "sex": "female", "birth_year": 1990,
             "citizenships": ["RS"], "given_name": "Olena", "family_name": "Kovalenko"}]}))
    # The statistics of the data set's year, published with the anonymised dataset.
    statistics.publish(manager, year=today.year - 1, include_dataset=True)
    # An API token of the reporter's (the owner and administrators may revoke it).
    from knox.models import AuthToken

    objects["token"] = AuthToken.objects.create(user=users[Role.REPORTER])[0]
    # The administration pages: a user (the reporter), an organisation, and a request of
    # the administrator's that waits for a second administrator.
    from atis.core import services as core_services
    from atis.core.models import AdminRequest

    objects["user"] = users[Role.REPORTER]
    objects["organisation"] = _org("atina")
    objects["admin_request"] = core_services.admin_request_create(
        actor=users[Role.ADMIN], kind=AdminRequest.Kind.RESET_MFA, target=users[Role.REPORTER])
    return {"users": users, "objects": objects, "year": today.year - 1}


def _first_choice(model: str, choices: str) -> str:
    from django.apps import apps

    for app in ("monitoring",):
        klass = apps.get_model(app, model)
        return getattr(klass, choices).values[0]
    raise LookupError(model)
