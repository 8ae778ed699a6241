"""The blind-index look-up reads each tier off the index, bounded by the room left; its answer
is the one a full read of every matching row gives: the strongest tier first, each tier by
person id, and every kind each chosen person shares with the probe."""

import datetime
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from atis.people import selectors, services
from atis.people.identifiers import query_digests
from atis.people.models import IdentifierIndex

GIVEN, FAMILY = ["Ana", "Mila"], ["Ilić", "Савић"]
DAYS = [datetime.date(1990, 1, 1), datetime.date(1991, 2, 2)]
DOCUMENTS, PHONES = ["AB1", "AB2"], ["0601111111", "0602222222"]


def _identity(rng) -> dict:
    identity = {"given_name": rng.choice(GIVEN), "family_name": rng.choice(FAMILY)}
    if rng.random() < 0.7:
        identity["date_of_birth"] = rng.choice(DAYS)
    if rng.random() < 0.3:
        identity["documents"] = [{"type": "passport", "number": rng.choice(DOCUMENTS)}]
    if rng.random() < 0.4:
        identity["phones"] = [rng.choice(PHONES)]
    return identity


def _expected(probe: dict, limit: int) -> dict[int, set[str]]:
    """Every matching row read, then ranked as the look-up promises."""
    digests = query_digests(**probe)
    shared: dict[int, set[str]] = {}
    for person_id, digest in IdentifierIndex.objects.filter(
            digest__in=list(digests)).values_list("person_id", "digest"):
        shared.setdefault(person_id, set()).add(digests[digest])
    best = {pid: max(selectors.MATCH_STRENGTH[k] for k in kinds) for pid, kinds in shared.items()}
    chosen = sorted(shared, key=lambda pid: (-best[pid], pid))[:limit]
    return {pid: shared[pid] for pid in chosen}


@pytest.mark.parametrize("limit", [1, 3, 7, 200])
def test_look_up_equals_a_full_read_of_the_matching_rows(reference_data, monkeypatch, limit):
    rng = random.Random(limit)
    services.persons_bulk_create(actor_label="test", rows=(
        {"sex": "female", "citizenships": ["RS"], "identity": _identity(rng)}
        for _ in range(60)), batch_size=60)
    monkeypatch.setattr(selectors, "MATCH_LIMIT", limit)
    for _ in range(25):
        identity = _identity(rng)
        probe = {"given_name": identity["given_name"], "family_name": identity["family_name"],
                 "date_of_birth": identity.get("date_of_birth"),
                 "documents": identity.get("documents", []), "phones": identity.get("phones", [])}
        assert selectors._match_identifiers(**probe) == _expected(probe, limit), probe


def test_one_query_per_tier(reference_data):
    """Name and date of birth: the exact tier, then the name tier with the kinds of the
    persons already chosen (one UNION on PostgreSQL; its two parts on SQLite)."""
    day = datetime.date(1990, 6, 15)
    services.persons_bulk_create(actor_label="test", rows=(
        {"sex": "female", "identity": {"given_name": "Ana", "family_name": "Ilić",
                                       "date_of_birth": day + datetime.timedelta(days=n)}}
        for n in range(30)), batch_size=30)
    with CaptureQueriesContext(connection) as queries:
        hits = selectors._match_identifiers(given_name="Ana", family_name="Ilic",
                                            date_of_birth=day)
    assert len(hits) == 30 and sum(kinds == {"name", "name_birth"} for kinds in hits.values()) == 1
    union = connection.features.supports_slicing_ordering_in_compound
    assert len(queries) == (2 if union else 3)
