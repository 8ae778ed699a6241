"""The audit chain detects every edit, deletion and reordering, on both databases."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from atis.audit import services
from atis.audit.models import AuditEntry
from atis.audit.tests.tampering import triggers_disabled as tampering_allowed


@pytest.fixture
def chain(db):
    for n in range(5):
        services.record("tester", "test.event", None, case=f"V-2026-000{n}", n=n)
    services.seal()
    return list(AuditEntry.objects.order_by("seq"))


def verify_cli():
    call_command("audit", "verify")


def test_intact_chain_verifies_with_the_number_checked(chain, capsys):
    result = services.verify()
    assert result.ok and result.checked == AuditEntry.objects.count()
    verify_cli()
    assert f"{result.checked} entries verified" in capsys.readouterr().out


def test_edited_entry_is_found(chain):
    target = chain[2]
    with tampering_allowed():
        AuditEntry.objects.filter(pk=target.pk).update(reason="nothing happened")
    result = services.verify()
    assert not result.ok and result.broken_seq == target.seq and "altered" in result.problem
    with pytest.raises(CommandError, match=f"broken at entry {target.seq}") as exc:
        verify_cli()
    assert exc.value.returncode == 1


def test_deleted_entry_is_found(chain):
    target = chain[1]
    with tampering_allowed():
        AuditEntry.objects.filter(pk=target.pk).delete()
    result = services.verify()
    assert result.broken_seq == target.seq and "missing" in result.problem


def test_deleted_last_entry_is_found(chain):
    last = AuditEntry.objects.order_by("-seq").first()
    with tampering_allowed():
        AuditEntry.objects.filter(pk=last.pk).delete()
    result = services.verify()
    assert not result.ok and "end" in result.problem


def test_reordered_entries_are_found(chain):
    a, b = chain[1], chain[2]
    with tampering_allowed(), transaction.atomic():
        AuditEntry.objects.filter(pk=a.pk).update(seq=-1)
        AuditEntry.objects.filter(pk=b.pk).update(seq=a.seq)
        AuditEntry.objects.filter(pk=a.pk).update(seq=b.seq)
    result = services.verify()
    assert not result.ok and result.broken_seq == a.seq


def test_rewritten_entry_with_recomputed_hash_still_breaks_the_link(chain):
    target = AuditEntry.objects.get(pk=chain[2].pk)
    target.reason = "forged"
    target.hash = services.entry_hash(target)
    with tampering_allowed():
        AuditEntry.objects.filter(pk=target.pk).update(reason=target.reason, hash=target.hash)
    result = services.verify()
    assert result.broken_seq == target.seq + 1 and "does not follow" in result.problem


def test_entry_holds_actor_case_and_details(chain):
    entry = chain[-1]
    assert entry.actor_username == "tester" and entry.case_ref == "V-2026-0004"
    assert entry.details == {"n": 4} and len(entry.hash) == 64


@pytest.mark.postgresql
@pytest.mark.parametrize("statement", ["UPDATE audit_auditentry SET reason = 'x'",
                                       "DELETE FROM audit_auditentry"])
def test_postgresql_refuses_to_rewrite_audit_rows(chain, statement):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute(statement)
    assert services.verify().ok
