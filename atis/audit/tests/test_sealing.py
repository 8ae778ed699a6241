"""Entries are written unsealed and chained by one sealer: after commit, at the start of
verify and checkpoint, and by `atis audit seal`. Writers never wait for one another."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import DatabaseError, connection, connections, transaction
from django.utils import timezone

from atis.audit import services
from atis.audit.models import AuditEntry, AuditHead
from atis.audit.tests.tampering import triggers_disabled


def _unsealed():
    return AuditEntry.objects.filter(seq__isnull=True)


def test_sealing_chains_in_id_order_and_is_idempotent(db, settings, capsys):
    settings.AUDIT_SEAL_INLINE = False  # on both databases: nothing seals until asked
    written = [services.record("tester", "test.event", None, n=n) for n in range(3)]
    assert _unsealed().count() == 3 and all(e.hash is None and e.seq is None for e in written)
    assert services.seal() == 3
    sealed = list(AuditEntry.objects.filter(pk__in=[e.pk for e in written]).order_by("seq"))
    assert [e.pk for e in sealed] == [e.pk for e in written]
    assert [e.seq for e in sealed] == list(range(sealed[0].seq, sealed[0].seq + 3))
    assert all(e.hash == services.entry_hash(e) and e.key_id == "ktaudit1" for e in sealed)
    head = AuditHead.objects.get(pk=1)
    assert (head.seq, head.hash) == (sealed[-1].seq, sealed[-1].hash)
    assert services.seal() == 0  # nothing left: the head stays
    assert (AuditHead.objects.get(pk=1).seq, AuditHead.objects.get(pk=1).hash) == (
        head.seq, head.hash)
    services.record("tester", "test.more", None)
    call_command("audit", "seal")
    assert capsys.readouterr().out.strip() == "sealed 1 audit entries"
    assert services.verify().ok


def test_verify_and_checkpoint_seal_first(db, settings):
    settings.AUDIT_SEAL_INLINE = False
    services.record("tester", "test.event", None)
    result = services.verify()
    assert result.ok and not _unsealed().exists()
    assert result.checked == AuditEntry.objects.count()
    services.record("tester", "test.event", None)
    mark, _path = services.checkpoint()
    assert mark.seq == AuditEntry.objects.get(action="test.event", seq__gt=result.checked).seq


def test_verify_reports_entries_a_stopped_sealer_left_unsealed(db, settings, monkeypatch):
    settings.AUDIT_SEAL_INLINE = False
    assert services.verify().ok
    monkeypatch.setattr(services, "seal", lambda **kwargs: 0)  # the sealer does not run
    services.record("tester", "test.fresh", None)
    assert services.verify().ok  # unsealed for seconds: normal
    with time_machine.travel(timezone.now() - timedelta(seconds=61), tick=False):
        old = services.record("tester", "test.stale", None)
    result = services.verify()
    assert not result.ok and result.broken_seq is None
    assert result.problem.startswith(f"entry id {old.pk} (at ")
    assert "not sealed after 60 s: the sealer does not run" in result.problem
    monkeypatch.undo()
    assert services.verify().ok  # sealed now, in the order written


def test_after_a_commit_a_process_seals_at_most_once_a_second(db, settings, monkeypatch):
    """Under load one seal a second per process chains every request's entries; what a
    commit left unsealed, the next seal takes, in the order written."""
    settings.AUDIT_SEAL_INLINE = False  # entries wait for the after-commit seal, called here
    services.seal()
    first = services.record("tester", "test.first", None)
    services._seal_committed()  # the first after-commit seal of this process: it seals
    assert not _unsealed().exists()
    second = services.record("tester", "test.second", None)
    services._seal_committed()  # a moment later: this process sealed within the second
    assert list(_unsealed().values_list("pk", flat=True)) == [second.pk]
    third = services.record("tester", "test.third", None)
    monkeypatch.setattr(services, "_last_seal", services._last_seal - services.SEAL_INTERVAL)
    services._seal_committed()  # a second on: it seals what the previous commit left too
    assert not _unsealed().exists()
    seqs = dict(AuditEntry.objects.filter(pk__in=[first.pk, second.pk, third.pk])
                .values_list("pk", "seq"))
    assert seqs[first.pk] < seqs[second.pk] < seqs[third.pk]
    fourth = services.record("tester", "test.fourth", None)
    services._seal_committed()
    assert _unsealed().get().pk == fourth.pk
    assert services.verify().ok and not _unsealed().exists()  # verify seals it


def test_an_entry_given_a_hash_but_no_place_in_the_chain_is_reported(db, settings):
    """The sealer leaves alone what it did not leave unsealed; verify still names it."""
    settings.AUDIT_SEAL_INLINE = False
    with time_machine.travel(timezone.now() - timedelta(seconds=61), tick=False):
        entry = services.record("tester", "test.event", None)
    with triggers_disabled():
        AuditEntry.objects.filter(pk=entry.pk).update(hash="e" * 64)
    result = services.verify()
    assert result.problem.startswith(f"entry id {entry.pk} (at ") and "not sealed" in result.problem
    assert AuditEntry.objects.get(pk=entry.pk).seq is None


def test_a_forged_sealed_entry_is_found(db):
    """An insider inserting an entry that looks sealed (PostgreSQL refuses the INSERT
    itself; with the triggers off, or on SQLite, the chain tells)."""
    services.record("tester", "test.event", None)
    head = services.verify()
    forged = {"at": timezone.now(), "actor_username": "forger", "action": "test.forged",
              "seq": head.head_seq + 1, "prev_hash": head.head_hash, "key_id": "ktaudit1",
              "hash": "e" * 64}
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError, match="INSERT of a sealed entry refused"), \
                transaction.atomic():
            AuditEntry.objects.create(**forged)
    with triggers_disabled():
        AuditEntry.objects.create(**forged)
        AuditHead.objects.filter(pk=1).update(seq=forged["seq"], hash=forged["hash"])
    result = services.verify()
    assert result.broken_seq == forged["seq"] and "sealed without the audit key" in result.problem


@pytest.mark.postgresql
@pytest.mark.parametrize("statement", [
    "UPDATE audit_auditentry SET reason = 'x' WHERE seq IS NULL",
    "UPDATE audit_auditentry SET seq = 1000000000, prev_hash = repeat('0', 64), "
    "hash = repeat('e', 64), key_id = 'k', reason = 'x' WHERE seq IS NULL",
    "UPDATE audit_auditentry SET seq = 1000000000 WHERE seq IS NULL",
    "DELETE FROM audit_auditentry WHERE seq IS NULL",
    "UPDATE audit_auditentry SET seq = NULL, prev_hash = NULL, hash = NULL, key_id = '' "
    "WHERE seq IS NOT NULL",
])
def test_postgresql_lets_only_the_sealing_of_an_unsealed_entry_through(db, statement):
    services.record("tester", "test.event", None)  # unsealed (the test never commits)
    assert _unsealed().exists()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute(statement)
    assert services.verify().ok and not _unsealed().exists()


def _in_thread(fn, *args):
    """Run `fn` on a thread with its own connection; returns (thread, outcome dict)."""
    outcome = {}

    def run():
        try:
            outcome["value"] = fn(*args)
        except Exception as exc:  # noqa: BLE001 (reported by the test)
            outcome["error"] = exc
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


@pytest.mark.postgresql
def test_writers_do_not_wait_for_an_open_transaction_that_wrote_an_entry(transactional_db,
                                                                          settings):
    """An entry committed late, with a lower id than entries already sealed, is sealed
    after them: chain order is seal order."""
    settings.AUDIT_SEAL_INTERVAL = 0  # every commit seals (the slow one right after the fast)
    wrote, release = threading.Event(), threading.Event()

    def slow_writer():
        with transaction.atomic():
            entry = services.record("tester", "test.slow", None)
            wrote.set()
            assert release.wait(30)
        return entry.pk

    slow, slow_outcome = _in_thread(slow_writer)
    assert wrote.wait(30)
    fast, fast_outcome = _in_thread(services.record, "tester", "test.fast", None)
    fast.join(10)
    assert not fast.is_alive(), "a writer waited for another writer's open transaction"
    fast_entry = AuditEntry.objects.get(pk=fast_outcome["value"].pk)
    assert fast_entry.seq is not None  # sealed after its commit, the slow one still open
    release.set()
    slow.join(30)
    assert "error" not in slow_outcome
    slow_entry = AuditEntry.objects.get(pk=slow_outcome["value"])
    assert slow_entry.pk < fast_entry.pk and slow_entry.seq > fast_entry.seq
    assert services.verify().ok


@pytest.mark.postgresql
def test_concurrent_writers_and_sealers_build_one_chain(transactional_db):
    threads, per_thread = 8, 15

    def writer(n):
        for i in range(per_thread):
            if i % 3:
                services.record("tester", "test.concurrent", None, writer=n, i=i)
            else:
                services.record_many("tester", "test.concurrent.bulk",
                                     [(None, "", {"writer": n, "i": i, "k": k}) for k in range(3)])
        return n

    started = AuditEntry.objects.count()
    running = [_in_thread(writer, n) for n in range(threads)]
    for thread, _outcome in running:
        thread.join(60)
    assert [outcome.get("error") for _thread, outcome in running] == [None] * threads
    call_command("audit", "seal")  # what the schedule runs: nothing stays unsealed
    assert not _unsealed().exists()
    expected = threads * (per_thread // 3 * 2 + per_thread // 3 * 3)
    assert AuditEntry.objects.count() - started == expected
    seqs = list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
    result = services.verify()
    assert result.ok and result.checked == len(seqs)
