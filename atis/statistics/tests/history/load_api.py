"""Put a generated history into ATIS through the REST API, each step with the date it
happened (the API contract for effective dates), as the organisation that knows it: the
reporting organisations submit, the Centre triages, alerts, decides and protects, the
Shelter's staff record stays, the police, prosecutors and courts record the proceedings.
Users are made directly (they are not the point); everything else goes through /api/v1/."""

import datetime

from atis.core.roles import Role
from atis.statistics.tests.history.generator import (
    CENTRE,
    ORG_TYPE,
    SOURCES,
    Case,
    Decision,
    History,
    Procedure,
    Report,
    Stay,
    codes,
    one,
    organisations,
)

ROLE_OF_TYPE = {CENTRE: Role.CENTRE_MANAGER, "police_administration": Role.POLICE_OFFICER,
                "prosecutor_office": Role.PROSECUTOR, "court": Role.COURT_STAFF,
                "social_work_centre": Role.PARTNER_CASEWORKER, "association": Role.PARTNER_CASEWORKER,
                "employment_service": Role.PARTNER_CASEWORKER, "labour_inspection": Role.REPORTER,
                "coordinator_office": Role.COORDINATOR_ANALYST}
SHELTER = one("shelter")
FIRST_STAY_DAYS = 182


def iso(value: datetime.date | datetime.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


class ApiLoader:
    def __init__(self, make_user, api_client_for):
        self.make_user, self.api_client_for = make_user, api_client_for
        self.clients: dict[tuple[str, str], object] = {}
        self.pseudonyms: dict[str, str] = {}  # person key → pseudonym
        self.usernames: dict[tuple[str, str], str] = {}
        self.centre = one(CENTRE)
        self.manager = self.client(Role.CENTRE_MANAGER, self.centre)
        self.caseworker = self.client(Role.CENTRE_CASEWORKER, self.centre)
        self.shelter_staff = self.client(Role.SHELTER_STAFF, SHELTER)

    def client(self, role: str, organisation: str):
        if (role, organisation) not in self.clients:
            user = self.make_user(role, organisation)
            self.usernames[role, organisation] = user.username
            self.clients[role, organisation] = self.api_client_for(user)
        return self.clients[role, organisation]

    def of(self, organisation: str, org_type: str):
        return self.client(ROLE_OF_TYPE[org_type], organisation)

    def post(self, client, url: str, data: dict | None = None, status=(200, 201)) -> dict:
        response = client.post(f"/api/v1/{url}", data or {}, format="json")
        assert response.status_code in status, (url, data, response.status_code, response.content[:2000])
        return response.json()

    def get(self, client, url: str) -> dict:
        response = client.get(f"/api/v1/{url}")
        assert response.status_code == 200, (url, response.status_code, response.content[:2000])
        return response.json()

    # --- reports and identification ---------------------------------------------------------

    def reporter(self, report: Report):
        if report.on_record or report.source_type not in SOURCES:
            return self.manager
        role, _org_type, _prefix = SOURCES[report.source_type]
        return self.client(role, report.source_organisation)

    def person_fields(self, person) -> dict:
        if person.key in self.pseudonyms:
            return {"pseudonym": self.pseudonyms[person.key]}
        identity = {"given_name": person.given_name, "family_name": person.family_name}
        fields = {"sex": person.sex, "citizenships": person.citizenships, "identity": identity}
        if person.date_of_birth:
            identity["date_of_birth"] = iso(person.date_of_birth)
        elif person.birth_year:
            fields["birth_year"] = person.birth_year
        return fields

    def report(self, report: Report) -> None:
        client = self.reporter(report)
        body = {"received_at": iso(report.received_at), "channel": report.channel,
                "source_type": report.source_type, "external_reference": report.ref,
                "suspected_forms": report.suspected_forms,
                "persons": [self.person_fields(p) for p in report.persons]}
        if client is self.manager and report.source_organisation != self.centre:
            body["source_organisation"] = report.source_organisation
        reference = self.post(client, "reports/", body)["reference"]
        if report.triage == "dismissed":
            self.post(self.manager, f"reports/{reference}/dismiss/",
                      {"reason": report.dismissal_reason, "dismissed_at": iso(report.triaged_at)})
        elif report.triage == "accepted":
            body = {"accepted_at": iso(report.triaged_at)}
            if report.lead == "caseworker":
                body["lead_caseworker"] = self.usernames[Role.CENTRE_CASEWORKER, self.centre]
            procedures = self.post(self.manager, f"reports/{reference}/accept/", body)["procedures"]
            for pk, procedure in zip(procedures, report.procedures, strict=True):
                detail = self.get(self.manager, f"identifications/{pk}/")
                # Procedures open in the order of the report's persons.
                assert self.pseudonyms.setdefault(procedure.person.key, detail["pseudonym"]) == \
                    detail["pseudonym"]
                self.alerts(report, detail["alerts"])
                self.decisions(report, procedure, pk)

    def alerts(self, report: Report, alerts: list[dict]) -> None:
        to = {"police": report.police, "prosecutor": report.prosecutor,
              "social_work": report.social_work,
              "labour_inspection": one("labour_inspection"),
              "foreigners_administration": one("ministry", "mup-foreigners")}
        sent_at = report.triaged_at + datetime.timedelta(hours=2)
        for alert in alerts:
            self.post(self.manager, f"alerts/{alert['id']}/sent/",
                      {"organisation": to[alert["recipient"]], "sent_at": iso(sent_at)})

    def decisions(self, report: Report, procedure: Procedure, pk: int) -> None:
        lead = self.manager if report.lead == "manager" else self.caseworker
        for n, decision in enumerate(procedure.decisions):
            if n and procedure.decisions[n - 1].outcome == "suspended" and decision.outcome != "terminated":
                self.post(lead, f"identifications/{pk}/resume/")
            body = self.decision_body(procedure, decision)
            if decision.by_manager:
                body["approved_at"] = iso(decision.approved_at)
                made = self.post(self.manager, f"identifications/{pk}/decisions/", body)
            else:
                made = self.post(self.caseworker, f"identifications/{pk}/decisions/", body)
                if decision.approved_at:
                    self.post(self.manager, f"decisions/{made['id']}/approve/",
                              {"approved_at": iso(decision.approved_at)})
            if decision.informed_at:
                self.post(self.manager, f"decisions/{made['id']}/informed/",
                          {"how": codes("informed_how")[0], "informed_at": iso(decision.informed_at)})

    def decision_body(self, procedure: Procedure, d: Decision) -> dict:
        body = {"outcome": d.outcome, "decided_at": iso(d.decided_at),
                "person": self.pseudonyms[procedure.person.key]}
        if d.reason:
            body["reason"] = d.reason
        if d.outcome != "identified":
            return body
        body.update({
            "forms": [{"form": f, "subtype": s} for f, s in d.forms],
            "recruitment_methods": d.recruitment_methods, "recruitment_online": d.recruitment_online,
            "exploitation_began_on": iso(d.exploitation_began_on),
            "origin_country": d.origin_country or "", "exploitation_country": d.exploitation_country or "",
            "exploitation_municipality": d.exploitation_municipality,
            "identified_where": d.identified_where, "mixed_migration": d.mixed_migration,
            "child_school_attendance": d.child_school_attendance,
            "child_in_institutional_care": d.child_in_institutional_care,
            "child_parent_complicit": d.child_parent_complicit,
            "exploiter_relations": d.exploiter_relations, "control_methods": d.control_methods})
        return body

    # --- protection --------------------------------------------------------------------------------

    def protection(self, history: History) -> None:
        for service in history.services:
            self.post(self.manager, f"protection/{self.pseudonyms[service.person.key]}/services/",
                      {"service": service.service, "delivered_on": iso(service.delivered_on),
                       "provider": service.provider})
        for plan in history.plans:
            pseudonym = self.pseudonyms[plan.person.key]
            made = self.post(self.manager, f"protection/{pseudonym}/plans/", {
                "started_on": iso(plan.started_on), "social_work_centre": plan.social_work_centre,
                "tasks": [{"area": plan.area, "goal": "Support", "organisation": self.centre,
                           "due_on": iso(plan.started_on + datetime.timedelta(days=30))}]})
            if plan.closed_on:
                self.post(self.manager, f"plans/{made['id']}/close/",
                          {"reason": plan.closure_reason, "closed_on": iso(plan.closed_on)})
        for stay in history.stays:
            self.stay(stay)

    def stay(self, stay: Stay) -> None:
        made = self.post(self.manager, "shelter/stays/", {
            "person": self.pseudonyms[stay.person.key], "shelter": SHELTER,
            "admitted_on": iso(stay.admitted_on)})
        for phase, on in stay.phases:
            self.post(self.shelter_staff, f"shelter/stays/{made['id']}/phase/",
                      {"phase": phase, "on": iso(on)})
        for examination, on in stay.examinations:
            self.post(self.shelter_staff, f"shelter/stays/{made['id']}/examinations/",
                      {"examination": examination, "on": iso(on)})
        if stay.left_on:
            if (stay.left_on - stay.admitted_on).days > FIRST_STAY_DAYS:
                self.post(self.manager, f"shelter/stays/{made['id']}/extend/",
                          {"months": 6, "reason": "Assessed need"})
            self.post(self.shelter_staff, f"shelter/stays/{made['id']}/leave/",
                      {"left_on": iso(stay.left_on), "reason": stay.departure_reason})

    # --- justice and cooperation -------------------------------------------------------------------

    def case(self, case: Case) -> None:
        if case.opener == "police":
            opener = self.of(case.police_administration, "police_administration")
            body = {"prosecutor_office": case.prosecutor_office}
        else:
            opener = self.of(case.prosecutor_office, "prosecutor_office")
            body = {}
        made = self.post(opener, "cases/new/", {"opened_on": iso(case.opened_on),
                                                "offences": case.offences, **body})
        pk, pseudonyms = made["id"], {}
        for defendant in case.defendants:
            added = self.post(opener, f"cases/{pk}/defendants/", {
                "sex": defendant.sex, "birth_year": defendant.birth_year,
                "citizenship": defendant.citizenship, "role": defendant.role})
            pseudonyms[defendant.key] = added["pseudonym"]
        for person in case.damaged_parties:
            self.post(opener, f"cases/{pk}/damaged-parties/", {"person": self.pseudonyms[person.key]})
        for defendant in case.defendants:
            for event in defendant.events:
                body = {"kind": event.kind, "on": iso(event.on), "defendant": pseudonyms[defendant.key]}
                body.update({k: v for k, v in (("court", event.court), ("fine", event.fine),
                                               ("sentence_months", event.sentence_months),
                                               ("outcome", event.outcome)) if v})
                recorder = self.of(event.recorded_by, ORG_TYPE[event.recorded_by])
                self.post(recorder, f"cases/{pk}/events/", body)
        for person, event in case.victim_events:
            self.post(self.of(event.recorded_by, "prosecutor_office"), f"cases/{pk}/events/",
                      {"kind": event.kind, "on": iso(event.on), "damaged_party": self.pseudonyms[person.key]})

    def cooperation(self, history: History) -> None:
        prosecutor = self.of(organisations("prosecutor_office", "ppo-")[0], "prosecutor_office")
        for request in history.legal_assistance:
            made = self.post(prosecutor, "legal-assistance/new/", {
                "direction": request.direction, "type": request.type, "country": request.country,
                "requested_on": iso(request.requested_on)})
            if request.outcome_on:
                self.post(prosecutor, f"legal-assistance/{made['id']}/outcome/",
                          {"outcome": request.outcome, "on": iso(request.outcome_on)})
        for memo in history.memos:
            sender = self.of(memo.sender, ORG_TYPE[memo.sender])
            made = self.post(sender, "memos/new/", {"recipient": memo.recipient, "kind": memo.kind,
                                                    "sent_on": iso(memo.sent_on)})
            if memo.responded_on:
                self.post(sender, f"memos/{made['id']}/response/",
                          {"response": memo.response, "responded_on": iso(memo.responded_on)})

    def load(self, history: History) -> None:
        for report in history.reports:
            self.report(report)
        self.protection(history)
        for case in history.cases:
            self.case(case)
        self.cooperation(history)
