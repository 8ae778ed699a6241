"""What an insider with write access to the database can do to the trail, case by case:
each is reported by `verify` and by `atis audit verify` (exit status 1, one line), on both
databases. Where PostgreSQL's triggers would refuse the change, the insider switches them
off first (owner or superuser); the chain, its key and the checkpoints still tell."""

import hashlib
import hmac

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from atis.audit import services
from atis.audit.models import AuditEntry, AuditHead
from atis.audit.tests.tampering import triggers_disabled


@pytest.fixture
def chain(db):
    """After the `base` entries already there (reference data loads write some): five
    entries, a signed checkpoint of them (which appends entry base+6), then two more.
    Returns `base`."""
    base = AuditEntry.objects.count()
    for n in range(5):
        services.record("tester", "test.event", None, case=f"V-2026-000{n}", n=n)
    services.checkpoint()
    for n in range(5, 7):
        services.record("tester", "test.event", None, case=f"V-2026-000{n}", n=n)
    services.seal()
    assert AuditEntry.objects.count() == base + 8
    return base


def _entries():
    return AuditEntry.objects.order_by("seq")


def edit(b):
    AuditEntry.objects.filter(seq=b + 3).update(reason="nothing happened")


def delete_middle(b):
    AuditEntry.objects.filter(seq=b + 4).delete()


def swap(b):
    with transaction.atomic():
        AuditEntry.objects.filter(seq=b + 2).update(seq=-1)
        AuditEntry.objects.filter(seq=b + 3).update(seq=b + 2)
        AuditEntry.objects.filter(seq=-1).update(seq=b + 3)


def delete_last(b):
    AuditEntry.objects.filter(seq=b + 8).delete()


def delete_tail_and_rewind_head(b):
    """Remove everything from entry b+4 on and make the head say the chain ends at b+3: the
    head and the chain agree; only the checkpoint of entry b+5 remembers more."""
    AuditEntry.objects.filter(seq__gte=b + 4).delete()
    third = AuditEntry.objects.get(seq=b + 3)
    AuditHead.objects.filter(pk=1).update(seq=third.seq, hash=third.hash)


def truncate(b):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE audit_auditentry, audit_audithead")
        else:  # SQLite has no TRUNCATE; this is its equivalent
            cursor.execute("DELETE FROM audit_auditentry")
            cursor.execute("DELETE FROM audit_audithead")


def _recompute(b, mac):
    """Rewrite entry b+3 and reseal the whole chain with `mac`, head included."""
    AuditEntry.objects.filter(seq=b + 3).update(reason="forged")
    prev = services.GENESIS
    for entry in _entries():
        entry.prev_hash = prev
        values = {name: getattr(entry, name) for name in services._HASHED}
        entry.hash = mac(services._canonical(values))
        AuditEntry.objects.filter(pk=entry.pk).update(prev_hash=entry.prev_hash, hash=entry.hash)
        prev = entry.hash
    AuditHead.objects.filter(pk=1).update(hash=prev)


def recompute_with_plain_sha256(b):
    _recompute(b, lambda data: hashlib.sha256(data).hexdigest())


def recompute_with_a_wrong_key(b):
    _recompute(b, lambda data: hmac.new(b"guessed" * 5, data, hashlib.sha256).hexdigest())


CASES = {  # tamper(b) -> (the entry reported, what is said), for the chain's `base` b
    edit: lambda b: (b + 3, f"entry {b + 3} was altered"),
    delete_middle: lambda b: (b + 4, f"entry {b + 4} is missing"),
    swap: lambda b: (b + 2, f"entry {b + 2} does not follow entry {b + 1}"),
    delete_last: lambda b: (b + 8, "entries removed from the end"),
    delete_tail_and_rewind_head: lambda b: (
        b + 4, f"entries removed from the end (checkpoint {b + 5})"),
    truncate: lambda b: (1, f"entries removed from the end (checkpoint {b + 5})"),
    recompute_with_plain_sha256: lambda b: (
        1, "entry 1 was altered or sealed without the audit key"),
    recompute_with_a_wrong_key: lambda b: (
        1, "entry 1 was altered or sealed without the audit key"),
}


def test_the_untouched_chain_verifies_against_its_checkpoint(chain, capsys):
    result = services.verify()
    assert result.ok and result.checked == chain + 8 and result.checkpoints == 1
    call_command("audit", "verify")
    assert capsys.readouterr().out.strip() == (f"audit chain intact: {chain + 8} entries "
                                               "verified, 1 checkpoints matched")


@pytest.mark.parametrize("tamper", list(CASES), ids=lambda f: f.__name__)
def test_tampering_is_reported(chain, tamper):
    broken_seq, problem = CASES[tamper](chain)
    assert services.verify().ok
    with triggers_disabled():
        tamper(chain)
    result = services.verify()
    assert not result.ok
    assert result.broken_seq == broken_seq and problem in result.problem
    with pytest.raises(CommandError) as exc:
        call_command("audit", "verify")
    message = str(exc.value)
    assert exc.value.returncode == 1 and "\n" not in message
    assert message.startswith(f"audit chain broken at entry {broken_seq}: ") and problem in message


def test_without_a_checkpoint_a_rewound_tail_needs_the_head(db):
    """The limit of the head row alone: it lives in the database. Entries appended after
    the last checkpoint are protected by the triggers and roles only (hence the schedule)."""
    for n in range(3):
        services.record("tester", "test.event", None, n=n)
    services.seal()
    with triggers_disabled():
        AuditEntry.objects.order_by("-seq")[0].delete()
    assert "entries removed from the end" in services.verify().problem
