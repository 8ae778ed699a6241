"""Bulk appends (the legacy import's) write the very entries `record()` would, chained."""

from django.core.management import call_command

from atis.audit import services
from atis.audit.models import AuditEntry


def test_bulk_entries_chain_on_and_verify(db, make_person, capsys):
    services.record("tester", "test.before", None)
    persons = [make_person() for _ in range(3)]
    appended = services.record_many("importer", "test.bulk", (
        (p, p.pseudonym, {"n": n}) for n, p in enumerate(persons)), batch_size=2)
    services.record("tester", "test.after", None)
    assert appended == 3
    services.seal()
    bulk = list(AuditEntry.objects.filter(action="test.bulk").order_by("seq"))
    assert [e.case_ref for e in bulk] == [p.pseudonym for p in persons]
    assert [e.object_id for e in bulk] == [str(p.pk) for p in persons]
    assert all(e.hash == services.entry_hash(e) for e in bulk)
    assert services.verify().ok
    call_command("audit", "verify")
    assert "audit chain intact" in capsys.readouterr().out


def test_a_tampered_bulk_entry_breaks_the_chain(db):
    services.record_many("importer", "test.bulk", ((None, "", {"n": n}) for n in range(4)))
    services.seal()
    entry = AuditEntry.objects.get(details__n=2)
    entry.details = {"n": 3}  # what an edit of the stored row would change
    assert services.entry_hash(entry) != entry.hash


def test_nothing_to_append_leaves_the_head_alone(db):
    services.record("tester", "test.one", None)
    before = services.verify().checked
    assert services.record_many("importer", "test.bulk", []) == 0
    assert services.verify().ok and services.verify().checked == before
