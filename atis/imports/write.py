"""Writing the checked rows, in bulk and in dependency order, inside the caller's
transaction. Each record carries the dates from the file; the moments it was recorded are
now. Every record is mapped to its source reference and audited as imported.

History creates no work: no 24-hour alerts, notifications to reporters or the support
network, risk assessments or non-punishment flags are generated for imported records.
"""

import collections

from django.db import connection
from django.utils import timezone

from atis.audit import services as audit
from atis.core.services import sequence_next
from atis.core.signals import records_loaded
from atis.identification.models import Decision, DecisionForm, DecisionRecruitment, Procedure
from atis.imports.models import ImportedRecord, ImportRun
from atis.imports.validate import Checked
from atis.intake.models import Report, ReportPerson
from atis.justice.models import CaseOffence, CriminalCase, DamagedParty, Defendant, ProceedingEvent
from atis.people import services as people
from atis.protection.models import ServiceRecord, ShelterPhaseChange, ShelterStay

BATCH = 2000
STATUS = {"identified": Procedure.Status.IDENTIFIED, "not_identified": Procedure.Status.NOT_IDENTIFIED,
          "terminated": Procedure.Status.TERMINATED, "suspended": Procedure.Status.SUSPENDED,
          None: Procedure.Status.OPEN}


def _numbers(prefix: str, counter: str, years: list[int]) -> list[str]:
    """References PREFIX-YYYY-NNNN, one per entry of `years`, from each year's sequence."""
    wanted = collections.Counter(years)
    first = {year: sequence_next(f"{counter}:{year}", n) for year, n in sorted(wanted.items())}
    out = []
    for year in years:
        out.append(f"{prefix}-{year}-{first[year]:04d}")
        first[year] += 1
    return out


class Writer:
    def __init__(self, *, actor, run: ImportRun, checked: Checked, progress):
        self.actor, self.run, self.checked, self.progress = actor, run, checked, progress
        self.organisation = actor.organisation
        self.now = timezone.now()
        self.lookups = None
        self.pks: dict[str, dict[str, int]] = {}  # sheet → source reference → record id
        self.case_refs: dict[str, dict[str, str]] = {}  # sheet → source reference → pseudonym
        self.created: dict[str, int] = {}
        self.done, self.total = 0, checked.new_rows

    def pk(self, sheet: str, ref: str) -> int | None:
        if not ref:
            return None
        return self.pks[sheet].get(ref) or self.checked.known[sheet][ref]["pk"]

    def pseudonym(self, ref: str) -> str:
        known = self.checked.known["persons"].get(ref)
        return known["pseudonym"] if known else self.case_refs["persons"][ref]

    def write(self, lookups) -> dict[str, int]:
        self.lookups = lookups
        for sheet in ("persons", "reports", "identifications", "services", "shelter_stays",
                      "criminal_cases", "defendants", "damaged_parties", "events"):
            rows = self.checked.rows[sheet]
            self.pks[sheet], self.case_refs[sheet] = {}, {}
            objects = getattr(self, f"_{sheet}")(list(rows.values())) if rows else []
            for ref, obj in zip(rows, objects, strict=True):
                self.pks[sheet][ref] = obj.pk
            self.created[sheet] = len(objects)
            self._map_and_audit(sheet, list(rows), objects)
            self.done += len(objects)
            self.progress("writing", self.done, self.total)
        # Persons whose reports, identifications or services were written, and the cases
        # written or given events, defendants or damaged parties, past model signals.
        records_loaded.send(Writer, person_ids={
            self.pk("persons", row["person"]) for sheet in ("identifications", "services")
            for row in self.checked.rows[sheet].values()} | {
            self.pk("persons", ref) for row in self.checked.rows["reports"].values()
            for ref in row["persons"]}, case_ids={
            self.pk("criminal_cases", row["case"])
            for sheet in ("events", "defendants", "damaged_parties")
            for row in self.checked.rows[sheet].values()} | set(
                self.pks["criminal_cases"].values()))
        self._update_known()
        return self.created

    def _map_and_audit(self, sheet: str, refs: list[str], objects: list) -> None:
        source = self.checked.source
        # Plain values, one executemany: model instances would cost more than the insert.
        table = connection.ops.quote_name(ImportedRecord._meta.db_table)
        with connection.cursor() as cursor:
            for start in range(0, len(objects), BATCH):
                cursor.executemany(
                    f"INSERT INTO {table} (run_id, source, sheet, source_reference, object_id) "  # noqa: S608
                    "VALUES (%s, %s, %s, %s, %s)",
                    [(self.run.pk, source, sheet, ref, obj.pk) for ref, obj in
                     zip(refs[start:start + BATCH], objects[start:start + BATCH], strict=True)])
        details = {"run": self.run.pk, "sheet": sheet, "source": source,
                   "checksum": self.run.checksum}
        audit.record_many(self.actor, "import.record", (
            (obj, self.case_refs[sheet].get(ref, ""), details)
            for ref, obj in zip(refs, objects, strict=True)))

    def _org(self, code: str) -> int | None:
        return self.lookups.organisations[code][0] if code else None

    # --- the sheets ------------------------------------------------------------------------

    def _persons(self, rows: list[dict]) -> list:
        countries, languages = self.lookups.countries, self.lookups.languages
        persons = people.persons_import(actor=self.actor, rows=[
            {"sex": row["sex"], "birth_year": row["birth_year"], "first_known_on": row["first_known_on"],
             "citizenships": [countries[c] for c in row["citizenships"]],
             "languages": [languages[x] for x in row["languages"]], "identity": row["identity"]}
            for row in rows])
        for row, person in zip(rows, persons, strict=True):
            self.case_refs["persons"][row["source_reference"]] = person.pseudonym
        return persons

    def _reports(self, rows: list[dict]) -> list:
        years = [timezone.localtime(row["received_at"]).year for row in rows]
        countries = self.lookups.countries
        reports = Report.objects.bulk_create([Report(
            reference=reference, received_at=row["received_at"], channel=row["channel"],
            source_type=row["source_type"], source_organisation_id=self._org(row["source_organisation"]),
            narrative=row["narrative"], suspected_forms=row["suspected_forms"],
            exploitation_place=row["exploitation_place"],
            exploitation_country_id=countries.get(row["exploitation_country"]),
            status=row["triage_outcome"] or Report.Status.RECEIVED,
            triaged_at=row["triaged_at"], triaged_by=self.actor if row["triage_outcome"] else None,
            triage_recorded_at=self.now if row["triage_outcome"] else None,
            dismissal_reason=row["dismissal_reason"], referred_to_id=self._org(row["referred_to"]))
            for reference, row in zip(_numbers("R", "report", years), rows, strict=True)],
            batch_size=BATCH)
        ReportPerson.objects.bulk_create(
            [ReportPerson(report=report, person_id=self.pk("persons", ref))
             for report, row in zip(reports, rows, strict=True) for ref in row["persons"]],
            batch_size=BATCH)
        return reports

    def _identifications(self, rows: list[dict]) -> list:
        procedures = Procedure.objects.bulk_create([Procedure(
            person_id=self.pk("persons", row["person"]), report_id=self.pk("reports", row["report"]),
            status=STATUS[row["outcome"]], opened_at=row["opened_at"], opened_by=self.actor,
            lead_caseworker=self.actor, is_child=row["is_child"], is_foreign=row["is_foreign"],
            particular_urgency=row["is_child"] or row["is_foreign"], target_date=row["target_date"],
            closed_at=row["approved_at"] if row["outcome"] in ("identified", "not_identified",
                                                                 "terminated") else None)
            for row in rows], batch_size=BATCH)
        for row in rows:
            self.case_refs["identifications"][row["source_reference"]] = self.pseudonym(row["person"])
        decided = [(procedure, row) for procedure, row in zip(procedures, rows, strict=True)
                   if row["outcome"]]
        decisions = Decision.objects.bulk_create([self._decision(p, row) for p, row in decided],
                                                 batch_size=BATCH)
        DecisionForm.objects.bulk_create(
            [DecisionForm(decision=d, form=form, subtype=subtype)
             for d, (_p, row) in zip(decisions, decided, strict=True) for form, subtype in row["forms"]],
            batch_size=BATCH)
        DecisionRecruitment.objects.bulk_create(
            [DecisionRecruitment(decision=d, method=m)
             for d, (_p, row) in zip(decisions, decided, strict=True) for m in row["recruitment_methods"]],
            batch_size=BATCH)
        return procedures

    def _decision(self, procedure, row: dict) -> Decision:
        countries = self.lookups.countries
        identified = row["outcome"] == "identified"
        return Decision(
            procedure=procedure, outcome=row["outcome"], state=Decision.State.APPROVED,
            reason=row["reason"], decided_by=self.actor, decided_by_organisation=self.organisation,
            decided_at=row["decided_at"], recorded_at=self.now, approved_by=self.actor,
            approved_at=row["approved_at"], approval_recorded_at=self.now,
            recruitment_online=row["recruitment_online"],
            exploiter_relations=row["exploiter_relations"], control_methods=row["control_methods"],
            exploitation_began_on=row["exploitation_began_on"],
            exploitation_months=row["exploitation_months"],
            origin_country_id=countries.get(row["origin_country"]),
            exploitation_country_id=countries.get(row["exploitation_country"]),
            exploitation_municipality=row["exploitation_municipality"],
            exploitation_intended=bool(row["exploitation_intended"]),
            age_at_identification=row["age_at_identification"],
            age_at_exploitation_start=row["age_at_exploitation_start"] if identified else None,
            identified_where=row["identified_where"], mixed_migration=row["mixed_migration"],
            child_school_attendance=row["child_school_attendance"],
            child_in_institutional_care=row["child_in_institutional_care"],
            child_parent_complicit=row["child_parent_complicit"],
            person_informed_at=row["person_informed_at"],
            person_informed_how=row["person_informed_how"],
            complaint_right_explained=bool(row["complaint_right_explained"]))

    def _services(self, rows: list[dict]) -> list:
        for row in rows:
            self.case_refs["services"][row["source_reference"]] = self.pseudonym(row["person"])
        return ServiceRecord.objects.bulk_create([ServiceRecord(
            person_id=self.pk("persons", row["person"]), service=row["service"],
            delivered_on=row["delivered_on"], provider_id=self._org(row["provider"]),
            sessions=row["sessions"], recorded_by=self.actor) for row in rows], batch_size=BATCH)

    def _shelter_stays(self, rows: list[dict]) -> list:
        for row in rows:
            self.case_refs["shelter_stays"][row["source_reference"]] = self.pseudonym(row["person"])
        stays = ShelterStay.objects.bulk_create([ShelterStay(
            person_id=self.pk("persons", row["person"]), shelter_id=self._org(row["shelter"]),
            admitted_on=row["admitted_on"], ends_on=row["ends_on"], extended=bool(row["extended"]),
            phase=("preparation" if row["preparation_on"] else
                   "recovery" if row["recovery_on"] else "adaptation"),
            accompanying_children=row["accompanying_children"] or 0, pregnant=bool(row["pregnant"]),
            is_return=row["is_return"], left_on=row["left_on"],
            departure_reason=row["departure_reason"], recorded_by=self.actor) for row in rows],
            batch_size=BATCH)
        ShelterPhaseChange.objects.bulk_create(
            [ShelterPhaseChange(stay=stay, phase=phase, on=on)
             for stay, row in zip(stays, rows, strict=True)
             for phase, on in (("adaptation", row["admitted_on"]), ("recovery", row["recovery_on"]),
                               ("preparation", row["preparation_on"])) if on],
            batch_size=BATCH)
        return stays

    def _criminal_cases(self, rows: list[dict]) -> list:
        years = [row["opened_on"].year for row in rows]
        cases = CriminalCase.objects.bulk_create([CriminalCase(
            reference=reference, opened_on=row["opened_on"],
            police_administration_id=self._org(row["police_administration"]),
            prosecutor_office_id=self._org(row["prosecutor_office"]),
            police_number=row["police_number"], prosecution_number=row["prosecution_number"],
            court_number=row["court_number"], special_evidence=bool(row["special_evidence"]),
            financial_investigation=bool(row["financial_investigation"]),
            digital_evidence=bool(row["digital_evidence"]), created_by=self.actor)
            for reference, row in zip(_numbers("J", "case", years), rows, strict=True)],
            batch_size=BATCH)
        CaseOffence.objects.bulk_create(
            [CaseOffence(case=case, offence=o) for case, row in zip(cases, rows, strict=True)
             for o in row["offences"]], batch_size=BATCH)
        courts = CriminalCase.courts.through
        courts.objects.bulk_create(
            [courts(criminalcase_id=case.pk, organisation_id=self._org(code))
             for case, row in zip(cases, rows, strict=True)
             for code in sorted(set(row["courts"]) | row["event_courts"])], batch_size=BATCH)
        return cases

    def _defendants(self, rows: list[dict]) -> list:
        years = [self._case_year(row["case"]) for row in rows]
        states = self.checked.defendant_states
        countries = self.lookups.countries
        return Defendant.objects.bulk_create([Defendant(
            case_id=self.pk("criminal_cases", row["case"]), pseudonym=pseudonym, name=row["name"],
            sex=row["sex"] or "unknown", birth_year=row["birth_year"],
            citizenship_id=countries.get(row["citizenship"]), role=row["role"] or "unknown",
            person_id=self.pk("persons", row["person"]),
            stage=states[ref].stage if ref in states else Defendant.Stage.REPORTED,
            in_custody=states[ref].in_custody if ref in states else False)
            for pseudonym, (ref, row) in zip(_numbers("D", "defendant", years),
                                             self.checked.rows["defendants"].items(), strict=True)],
            batch_size=BATCH)

    def _case_year(self, ref: str) -> int:
        row = self.checked.rows["criminal_cases"].get(ref) or self.checked.known["criminal_cases"][ref]
        return row["opened_on"].year

    def _damaged_parties(self, rows: list[dict]) -> list:
        for row in rows:
            self.case_refs["damaged_parties"][row["source_reference"]] = self.pseudonym(row["person"])
        return DamagedParty.objects.bulk_create([DamagedParty(
            case_id=self.pk("criminal_cases", row["case"]), person_id=self.pk("persons", row["person"]),
            pvw_status=row["pvw_status"], proxy=bool(row["proxy"]), video_link=bool(row["video_link"]),
            separate_room=bool(row["separate_room"]), public_excluded=bool(row["public_excluded"]),
            times_heard=row["times_heard"] or 0, claim_route=row["claim_route"],
            compensation_claimed=row["compensation_claimed"],
            compensation_awarded=row["compensation_awarded"],
            compensation_paid=row["compensation_paid"]) for row in rows], batch_size=BATCH)

    def _events(self, rows: list[dict]) -> list:
        return ProceedingEvent.objects.bulk_create([ProceedingEvent(
            case_id=self.pk("criminal_cases", row["case"]),
            defendant_id=self.pk("defendants", row["defendant"]),
            damaged_party_id=self.pk("damaged_parties", row["damaged_party"]), kind=row["kind"],
            on=row["on"], court_id=self._org(row["court"]), sentence_months=row["sentence_months"],
            fine=row["fine"], confiscation=bool(row["confiscation"]), outcome=row["outcome"],
            reclassified_to=row["reclassified_to"], recorded_by=self.actor,
            recorded_by_organisation_id=self._org(row["recorded_by_organisation"]) or self.organisation.pk)
            for row in rows], batch_size=BATCH)

    def _update_known(self) -> None:
        """New events move records imported before: defendants' stage and custody, the
        damaged parties' status, the courts of the case."""
        known = self.checked.known
        for ref, state in self.checked.defendant_states.items():
            if ref in known["defendants"]:
                Defendant.objects.filter(pk=known["defendants"][ref]["pk"]).update(
                    stage=state.stage, in_custody=state.in_custody)
        for party in known["damaged_parties"].values():
            if party.get("pvw_changed"):
                DamagedParty.objects.filter(pk=party["pk"]).update(pvw_status=party["pvw_status"])
        courts = CriminalCase.courts.through
        courts.objects.bulk_create(
            [courts(criminalcase_id=case["pk"], organisation_id=self._org(code))
             for case in known["criminal_cases"].values() for code in sorted(case["event_courts"])],
            ignore_conflicts=True)
