"""Put a generated history into ATIS through the legacy import: the history written as the
template describes it (`atis.imports.template`: one sheet per record kind, cells in the
documented formats), as an XLSX workbook made here with openpyxl, then the engine's commit.

The template holds one decision per identification procedure and no medical examinations,
protection plans, legal assistance requests or memos; `importable()` is the part of a
history it can carry, which is what the import test counts."""

import dataclasses
import datetime
import io

from atis.imports import template
from atis.statistics.tests.history.generator import (
    ORG_TYPE,
    Decision,
    History,
    Procedure,
    one,
)

SHELTER = one("shelter")
FIRST_STAY_DAYS = 182


def importable(history: History) -> History:
    """The history as the template can carry it: each procedure with its decision in effect
    at the end (none if its last one awaits approval), Shelter stays without examinations,
    and no plans, legal assistance or memos."""
    reports = []
    for report in history.reports:
        procedures = []
        for procedure in report.procedures:
            last = procedure.decisions[-1:] if procedure.decisions else []
            procedures.append(Procedure(procedure.person, [d for d in last if d.approved_at]))
        reports.append(dataclasses.replace(report, procedures=procedures))
    stays = [dataclasses.replace(s, examinations=[]) for s in history.stays]
    return dataclasses.replace(history, reports=reports, stays=stays, plans=[],
                               legal_assistance=[], memos=[])


def cell(value):
    """A value in the template's cell format."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return template.SEPARATOR.join(str(cell(v)) for v in value) or None
    return value


def forms(decision: Decision) -> list[str]:
    return [f"{form}{template.SUBTYPE_SEPARATOR}{subtype}" if subtype else form
            for form, subtype in decision.forms]


def sheets(history: History) -> dict[str, list[dict]]:
    """The rows of each sheet, keyed by the template's column names."""
    rows = {sheet.name: [] for sheet in template.SHEETS}
    for person in history.persons:
        rows["persons"].append({
            "source_reference": person.key, "sex": person.sex, "date_of_birth": person.date_of_birth,
            "birth_year": None if person.date_of_birth else person.birth_year,
            "given_name": person.given_name, "family_name": person.family_name,
            "citizenships": person.citizenships})
    for report in history.reports:
        rows["reports"].append({
            "source_reference": report.ref, "received_at": report.received_at,
            "channel": report.channel, "source_type": report.source_type,
            "source_organisation": report.source_organisation,
            "persons": [p.key for p in report.persons], "suspected_forms": report.suspected_forms,
            "triage_outcome": report.triage, "triaged_at": report.triaged_at,
            "dismissal_reason": report.dismissal_reason})
        for procedure in report.procedures:
            row = {"source_reference": f"{report.ref}/{procedure.person.key}", "report": report.ref,
                   "person": procedure.person.key, "opened_at": report.triaged_at}
            for d in procedure.decisions:
                row.update({
                    "outcome": d.outcome, "decided_at": d.decided_at, "approved_at": d.approved_at,
                    "reason": d.reason, "forms": forms(d), "recruitment_methods": d.recruitment_methods,
                    "recruitment_online": d.recruitment_online,
                    "exploiter_relations": d.exploiter_relations, "control_methods": d.control_methods,
                    "origin_country": d.origin_country, "exploitation_country": d.exploitation_country,
                    "exploitation_municipality": d.exploitation_municipality,
                    "exploitation_began_on": d.exploitation_began_on,
                    "identified_where": d.identified_where, "mixed_migration": d.mixed_migration,
                    "child_school_attendance": d.child_school_attendance,
                    "child_in_institutional_care": d.child_in_institutional_care,
                    "child_parent_complicit": d.child_parent_complicit,
                    "person_informed_at": d.informed_at,
                    "person_informed_how": "in_person" if d.informed_at else None})
            rows["identifications"].append(row)
    for n, service in enumerate(history.services, start=1):
        rows["services"].append({"source_reference": f"S{n:05d}", "person": service.person.key,
                                 "service": service.service, "delivered_on": service.delivered_on,
                                 "provider": service.provider})
    for n, stay in enumerate(history.stays, start=1):
        phases = dict(stay.phases)
        rows["shelter_stays"].append({
            "source_reference": f"H{n:04d}", "person": stay.person.key, "shelter": SHELTER,
            "admitted_on": stay.admitted_on, "recovery_on": phases.get("recovery"),
            "preparation_on": phases.get("preparation"), "left_on": stay.left_on,
            "extended": bool(stay.left_on and (stay.left_on - stay.admitted_on).days > FIRST_STAY_DAYS),
            "departure_reason": stay.departure_reason or None})
    for case in history.cases:
        rows["criminal_cases"].append({
            "source_reference": case.key, "opened_on": case.opened_on, "offences": case.offences,
            "police_administration": case.police_administration or None,
            "prosecutor_office": case.prosecutor_office})
        for defendant in case.defendants:
            rows["defendants"].append({
                "source_reference": defendant.key, "case": case.key, "sex": defendant.sex,
                "birth_year": defendant.birth_year, "citizenship": defendant.citizenship or None,
                "role": defendant.role})
            for n, e in enumerate(defendant.events, start=1):
                rows["events"].append({
                    "source_reference": f"{defendant.key}/{n}", "case": case.key, "kind": e.kind,
                    "on": e.on, "defendant": defendant.key, "court": e.court or None,
                    "sentence_months": e.sentence_months, "fine": e.fine, "outcome": e.outcome or None,
                    "recorded_by_organisation": e.recorded_by})
        for person in case.damaged_parties:
            rows["damaged_parties"].append({"source_reference": f"{case.key}/{person.key}",
                                            "case": case.key, "person": person.key})
        for n, (person, e) in enumerate(case.victim_events, start=1):
            rows["events"].append({
                "source_reference": f"{case.key}/V{n}", "case": case.key, "kind": e.kind, "on": e.on,
                "damaged_party": f"{case.key}/{person.key}", "recorded_by_organisation": e.recorded_by})
    assert all(ORG_TYPE[r["recorded_by_organisation"]] for r in rows["events"])
    return rows


def workbook(history: History) -> bytes:
    """An XLSX workbook in the template's shape: a sheet per record kind, the header in row 1."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for sheet in template.SHEETS:
        worksheet = book.create_sheet(sheet.name)
        names = [c.name for c in sheet.columns]
        worksheet.append(names)
        for row in sheets(history)[sheet.name]:
            unknown = set(row) - set(names)
            assert not unknown, (sheet.name, unknown)
            worksheet.append([cell(row.get(name)) for name in names])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
