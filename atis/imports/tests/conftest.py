"""Import files built from rows, and the Centre manager who imports them."""

import datetime

import pytest

from atis.core.roles import Role
from atis.imports import services, workbook


@pytest.fixture
def manager(make_user):
    return make_user(Role.CENTRE_MANAGER, username="importer")


def history() -> dict[str, list[dict]]:
    """A small history: two women, one identified in 2024 after a 2023 report, one report
    dismissed; a service, a Shelter stay and a criminal case with its proceedings."""
    return {
        "persons": [
            {"source_reference": "P-1", "sex": "female", "date_of_birth": datetime.date(2006, 5, 2),
             "given_name": "Mila", "family_name": "Ilić", "citizenships": ["RS"],
             "phones": ["+381 64 111 2233"]},
            {"source_reference": "P-2", "sex": "female", "birth_year": 1990, "citizenships": ["UA"],
             "given_name": "Olena", "family_name": "Kovalenko"},
        ],
        "reports": [
            {"source_reference": "R-1", "received_at": "2023-11-20T09:30", "channel": "phone",
             "source_type": "police_administration", "source_organisation": "pu-novi-sad",
             "persons": ["P-1"], "suspected_forms": ["sexual"], "triage_outcome": "accepted",
             "triaged_at": datetime.date(2023, 11, 21)},
            {"source_reference": "R-2", "received_at": datetime.date(2024, 2, 1), "channel": "email",
             "source_type": "association", "persons": ["P-2"], "triage_outcome": "dismissed",
             "dismissal_reason": "no_offence", "triaged_at": datetime.date(2024, 2, 3)},
        ],
        "identifications": [
            {"source_reference": "I-1", "report": "R-1", "person": "P-1", "outcome": "identified",
             "decided_at": datetime.date(2024, 1, 10), "approved_at": datetime.date(2024, 1, 12),
             "forms": [("sexual", "sexual_commercial"), ("labour", "")],
             "recruitment_methods": ["false_friendship"], "recruitment_online": True,
             "exploiter_relations": ["partner"], "control_methods": ["threats"],
             "origin_country": "RS", "exploitation_country": "RS",
             "exploitation_municipality": "Novi Sad", "exploitation_began_on": datetime.date(2023, 6, 1),
             "identified_where": "serbia", "child_school_attendance": False,
             "person_informed_at": datetime.date(2024, 1, 15), "person_informed_how": "in_person"},
        ],
        "services": [
            {"source_reference": "S-1", "person": "P-1", "service": "psychological_support",
             "delivered_on": datetime.date(2024, 2, 1), "provider": "atina", "sessions": 3},
        ],
        "shelter_stays": [
            {"source_reference": "H-1", "person": "P-1", "shelter": "shelter",
             "admitted_on": datetime.date(2024, 1, 20), "recovery_on": datetime.date(2024, 2, 20),
             "left_on": datetime.date(2024, 6, 1), "departure_reason": "family"},
        ],
        "criminal_cases": [
            {"source_reference": "C-1", "opened_on": datetime.date(2023, 12, 1), "offences": ["art388_1"],
             "police_administration": "pu-novi-sad", "prosecutor_office": "hppo-novi-sad"},
        ],
        "defendants": [
            {"source_reference": "D-1", "case": "C-1", "sex": "male", "birth_year": 1980,
             "citizenship": "RS", "role": "exploiter", "name": "Marko Marković"},
        ],
        "damaged_parties": [
            {"source_reference": "DP-1", "case": "C-1", "person": "P-1"},
        ],
        "events": [
            {"source_reference": "E-3", "case": "C-1", "defendant": "D-1", "kind": "detention_ended",
             "on": datetime.date(2024, 1, 30)},
            {"source_reference": "E-1", "case": "C-1", "defendant": "D-1", "kind": "detention_ordered",
             "on": datetime.date(2023, 12, 2)},
            {"source_reference": "E-2", "case": "C-1", "defendant": "D-1", "kind": "investigation_ordered",
             "on": datetime.date(2023, 12, 5)},
            {"source_reference": "E-4", "case": "C-1", "damaged_party": "DP-1", "kind": "pvw_granted",
             "on": datetime.date(2024, 2, 5)},
        ],
    }


@pytest.fixture
def rows():
    return history()


@pytest.fixture
def run_import(manager):
    """Import rows (or a file's bytes) as the manager; returns the finished run."""

    def run(sheets, *, dry_run=False, actor=None, source="legacy", filename="history.xlsx"):
        content = sheets if isinstance(sheets, bytes) else workbook.build_xlsx(sheets)
        return services.import_file(actor=actor or manager, content=content, filename=filename,
                                    source=source, dry_run=dry_run)

    return run
