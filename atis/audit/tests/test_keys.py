"""Entries are sealed with an HMAC under a key outside the database; the key rotates."""

import json

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from atis import config
from atis.audit import services
from atis.audit.models import AuditEntry
from atis.config import FieldKey

OLD = FieldKey("kold", b"o" * 32)
NEW = FieldKey("knew", b"n" * 32)


def test_entries_name_the_signing_key_and_need_it(db, settings):
    entry = services.record("tester", "test.event", None, n=1)
    assert entry.key_id == "" and entry.hash is None  # written unsealed
    services.seal()
    entry.refresh_from_db()
    assert entry.key_id == settings.AUDIT_KEYS[0].key_id
    assert services.entry_hash(entry) == entry.hash
    settings.AUDIT_KEYS = [FieldKey(entry.key_id, b"w" * 32)]  # the same id, another key
    assert services.entry_hash(entry) != entry.hash
    result = services.verify()
    assert not result.ok and "sealed without the audit key" in result.problem


def test_rotation_adds_the_new_key_first_and_keeps_the_old_for_verification(db, settings):
    first = settings.AUDIT_KEYS[0]  # the reference data loads wrote entries under it
    settings.AUDIT_KEYS = [OLD, first]
    services.record("tester", "test.before", None)
    services.seal()  # entries are sealed under the key configured when they are sealed
    settings.AUDIT_KEYS = [NEW, OLD, first]
    services.record("tester", "test.after", None)
    services.seal()
    assert AuditEntry.objects.get(action="test.before").key_id == "kold"
    assert AuditEntry.objects.get(action="test.after").key_id == "knew"
    assert services.verify().ok
    settings.AUDIT_KEYS = [NEW, first]  # the old key dropped too early
    result = services.verify()
    assert not result.ok and "'kold', which is not in ATIS_AUDIT_KEYS" in result.problem
    with pytest.raises(CommandError, match="not in ATIS_AUDIT_KEYS"):
        call_command("audit", "verify")


@time_machine.travel("2026-03-04 10:00:00+00:00", tick=False)
def test_bulk_entries_are_the_very_entries_record_writes(db):
    one = services.record("tester", "test.same", None, case="V-2026-0001", n=1)
    services.record_many("tester", "test.same", [(None, "V-2026-0001", {"n": 1})])
    services.seal()
    one.refresh_from_db()
    bulk = AuditEntry.objects.get(seq=one.seq + 1)
    skip = {"id", "seq", "prev_hash", "hash"}
    columns = [f.attname for f in AuditEntry._meta.concrete_fields if f.attname not in skip]
    assert {c: getattr(bulk, c) for c in columns} == {
        c: getattr(AuditEntry.objects.get(pk=one.pk), c) for c in columns}
    assert bulk.prev_hash == one.hash and services.entry_hash(bulk) == bulk.hash
    assert services.verify().ok


def test_audit_keys_are_required_and_parsed_like_field_keys(monkeypatch):
    monkeypatch.setenv("ATIS_AUDIT_KEYS", "ka:" + "C" * 43 + "=,kb:" + "D" * 43 + "=")
    assert [k.key_id for k in config.audit_keys()] == ["ka", "kb"]
    monkeypatch.setenv("ATIS_AUDIT_KEYS", "ka:c2hvcnQ=")
    with pytest.raises(config.SettingsError, match="ATIS_AUDIT_KEYS"):
        config.audit_keys()


def test_a_development_key_file_without_an_audit_key_gets_one(tmp_path, monkeypatch):
    keys_file = tmp_path / "dev-keys.json"
    old = {"secret_key": "s" * 50, "field_keys": "k1:" + "A" * 43 + "=",
           "blind_index_key": "B" * 43 + "="}
    keys_file.write_text(json.dumps(old))
    monkeypatch.setattr(config, "DEV_KEY_FILE", keys_file)
    monkeypatch.setattr(config, "VAR_DIR", tmp_path)
    monkeypatch.setenv("ATIS_DEBUG", "1")
    monkeypatch.delenv("ATIS_AUDIT_KEYS")
    keys = config.audit_keys()
    data = json.loads(keys_file.read_text())
    assert {k: data[k] for k in old} == old  # the other keys untouched
    assert config.parse_field_keys(data["audit_keys"]) == keys
    assert config.audit_keys() == keys  # generated once
