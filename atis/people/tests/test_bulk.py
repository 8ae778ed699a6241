"""The bulk path (`persons_bulk_create`, `persons_import`) stores what the model path
stores: values the model opens, blind indexes look-ups find, rows rotation and re-indexing
treat like any other; and each batch has one audit entry naming its persons."""

import datetime

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings

from atis.audit.models import AuditEntry
from atis.config import FieldKey
from atis.core import keys
from atis.core.errors import DomainError
from atis.people import selectors, services
from atis.people.identifiers import index_rows
from atis.people.models import CaseAssignment, IdentifierIndex, Person, PersonIdentity

IDENTITY_FIELDS = ("given_name", "family_name", "aliases", "date_of_birth", "place_of_birth",
                   "documents", "phones", "addresses")
NEW = FieldKey("knew", b"n" * 32)
BLIND_NEW = FieldKey("bnew", b"q" * 32)


def identity(n: int) -> dict:
    return {"given_name": f"Јелена{n}", "family_name": "Đorđević", "aliases": [f"Jeca {n}"],
            "date_of_birth": datetime.date(2001, 2, 3 + n % 20), "place_of_birth": "Niš",
            "documents": [{"type": "passport", "number": f"P-{n:05d}", "country": "RS"}],
            "phones": [f"+381 64 {n:07d}"], "addresses": []}


def load(n: int, **kwargs) -> int:
    return services.persons_bulk_create(actor_label="test", rows=[
        {"sex": "female", "birth_year": 2001, "citizenships": ["RS", "UA"], "identity": identity(k)}
        for k in range(n)], **kwargs)


def stored(n: int) -> dict:
    """identity(n) as the model reads it back (an empty list is stored as NULL)."""
    return {name: value if value != [] else None for name, value in identity(n).items()}


def read(person_id: int) -> dict:
    stored = PersonIdentity.objects.get(person_id=person_id)
    return {name: getattr(stored, name) for name in IDENTITY_FIELDS}


def test_bulk_rows_read_back_through_the_model_like_saved_ones(reference_data, make_person):
    early = make_person()
    load(5, batch_size=2)
    saved = make_person(identity={k: v for k, v in identity(3).items() if k != "documents"})
    for k, person in enumerate(Person.objects.exclude(pk__in=[early.pk, saved.pk]).order_by("pk")):
        assert read(person.pk) == stored(k)
        assert sorted(person.citizenships.values_list("code", flat=True)) == ["RS", "UA"]
        # The same blind-index rows the single path makes (digest, kind, key and scheme).
        made = {(r.kind, r.digest, r.key_id, r.scheme) for r in index_rows(person, identity(k))}
        assert set(person.identifier_index.values_list("kind", "digest", "key_id", "scheme")) == made
        assert early.pk < person.pk < saved.pk  # ids continue on both sides of the load
    # Empty values are stored as NULL, as `save()` stores them.
    assert PersonIdentity.objects.filter(addresses__isnull=True).count() == 7


def test_blind_index_look_ups_find_bulk_created_persons(reference_data):
    load(4)
    probe = identity(2)
    hits = selectors._match_identifiers(given_name="jelena2", family_name="Djordjevic",
                                        date_of_birth=probe["date_of_birth"],
                                        documents=probe["documents"], phones=probe["phones"])
    [(person_id, kinds)] = hits.items()
    assert kinds == {"name", "name_birth", "document", "phone"}
    assert Person.objects.get(pk=person_id).identity.given_name == "Јелена2"


def test_each_batch_has_one_audit_entry_naming_its_persons(reference_data):
    before = AuditEntry.objects.count()
    assert load(7, batch_size=3) == 7
    entries = list(AuditEntry.objects.filter(action="person.bulk_create").order_by("seq"))
    assert AuditEntry.objects.count() == before + 3 == before + len(entries)
    assert [e.details["count"] for e in entries] == [3, 3, 1]
    named = [pk for e in entries for first, last in e.details["ids"] for pk in range(first, last + 1)]
    assert sorted(named) == list(Person.objects.order_by("pk").values_list("pk", flat=True))
    for entry in entries:
        first, last = entry.details["pseudonyms"]
        ids = [pk for a, b in entry.details["ids"] for pk in range(a, b + 1)]
        assert (Person.objects.get(pk=ids[0]).pseudonym, Person.objects.get(pk=ids[-1]).pseudonym) \
            == (first, last)
        assert "Јелена" not in str(entry.details) and entry.actor_username == "test"
    call_command("audit", "verify")


def test_a_bad_row_writes_nothing_of_its_batch(reference_data):
    rows = [{"sex": "female", "identity": identity(k)} for k in range(4)] + [{"sex": "x"}]
    with pytest.raises(DomainError, match="Row 5"):
        services.persons_bulk_create(actor_label="test", rows=rows, batch_size=3)
    # The first batch is written and audited; the second, holding the bad row, is not.
    assert Person.objects.count() == PersonIdentity.objects.count() == 3
    assert AuditEntry.objects.filter(action="person.bulk_create").count() == 1
    # Inside the caller's transaction (demo data) the whole load goes with it.
    with pytest.raises(DomainError), transaction.atomic():
        services.persons_bulk_create(actor_label="test", rows=rows, batch_size=3)
    assert Person.objects.count() == 3 and IdentifierIndex.objects.filter(
        person__in=Person.objects.all()).count() == IdentifierIndex.objects.count()


def test_assignments_go_to_the_first_share_of_each_batch(reference_data, make_user):
    from atis.core.roles import Role

    caseworker = make_user(Role.CENTRE_CASEWORKER)
    load(8, batch_size=4, assign_to=caseworker, assign_share=0.5)
    assigned = CaseAssignment.objects.filter(user=caseworker, active=True)
    assert assigned.count() == 4
    assert selectors.person_list(user=caseworker).count() == 4


def test_rotation_status_and_reindex_work_on_bulk_created_rows(reference_data, make_user):
    from atis.core.roles import Role

    load(5, batch_size=2)
    manager = make_user(Role.CENTRE_MANAGER)
    before = {p: read(p) for p in Person.objects.values_list("pk", flat=True)}
    status = keys.key_status()
    assert status.values == 5 * 7 and not status.unreadable and keys.key_problems() == []
    old_blind = settings.BLIND_INDEX_KEYS[0]
    with override_settings(FIELD_KEYS=[NEW, *settings.FIELD_KEYS],
                           BLIND_INDEX_KEYS=[BLIND_NEW, old_blind]):
        call_command("keys", "rotate")
        call_command("keys", "reindex", "--batch", "2")
        with override_settings(FIELD_KEYS=[NEW], BLIND_INDEX_KEYS=[BLIND_NEW]):
            assert {p: read(p) for p in before} == before
            assert set(keys.key_status().by_key) == {"knew"}
            assert set(IdentifierIndex.objects.values_list("key_id", flat=True)) == {"bnew"}
            assert keys.key_problems() == []
            found = selectors.likely_duplicates(user=manager, given_name="Jelena1",
                                                family_name="Đorđević")
            assert len(found) == 1 and found[0][0].identity.given_name == "Јелена1"


@pytest.mark.postgresql
def test_ids_come_from_the_sequence_on_postgresql(reference_data):
    load(3)
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_value FROM pg_sequences WHERE sequencename = "
                       "(SELECT split_part(pg_get_serial_sequence('people_person', 'id'), '.', 2))")
        assert cursor.fetchone()[0] == Person.objects.order_by("-pk").first().pk
