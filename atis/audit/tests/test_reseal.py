"""Migration 0003 re-seals a chain written before the audit key existed, only if intact."""

import hashlib
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from atis.audit import services
from atis.audit.models import AuditEntry, AuditHead
from atis.audit.tests.tampering import triggers_disabled

migration = importlib.import_module("atis.audit.migrations.0003_entry_key_id")


def _legacy_chain(n=4):
    """Replace the trail by `n` entries as the release before the audit key wrote them."""
    AuditEntry.objects.all().delete()
    prev = services.GENESIS
    for seq in range(1, n + 1):
        entry = AuditEntry(seq=seq, at=timezone.now(), actor_username="legacy",
                           action="legacy.event", details={"n": seq}, prev_hash=prev)
        entry.hash = hashlib.sha256(migration._canonical(entry, migration.LEGACY)).hexdigest()
        entry.save()
        prev = entry.hash
    AuditHead.objects.filter(pk=1).update(seq=n, hash=prev)


def _reseal():
    """What `migrate` runs (the schema editor is only used for its connection and SQL)."""
    def execute(sql):
        with connection.cursor() as cursor:
            cursor.execute(sql)

    migration.reseal(apps, SimpleNamespace(connection=connection, execute=execute))


def test_an_intact_legacy_chain_is_resealed_under_the_audit_key(db, settings):
    with triggers_disabled():
        _legacy_chain()
        assert not services.verify().ok  # plain SHA-256: not accepted as it is
        _reseal()
    assert set(AuditEntry.objects.values_list("key_id", flat=True)) == {
        settings.AUDIT_KEYS[0].key_id}
    result = services.verify()
    assert result.ok and result.checked == 4


def test_a_broken_legacy_chain_is_not_resealed(db):
    with triggers_disabled():
        _legacy_chain()
        AuditEntry.objects.filter(seq=3).update(reason="forged")
        with pytest.raises(RuntimeError, match="broken at entry 3"):
            _reseal()
    assert set(AuditEntry.objects.values_list("key_id", flat=True)) == {""}


def test_verify_outside_a_transaction_reads_one_snapshot_and_leaves_none_open(
        transactional_db):
    services.record("tester", "test.event", None)
    assert not connection.in_atomic_block
    assert services.verify().ok
    assert connection.get_autocommit() and not connection.in_atomic_block
    services.record("tester", "test.after", None)  # the connection writes on as before
    assert services.verify().ok
