"""Entries are sealed with an HMAC under an audit key that is not in the database.

Entries written before this migration carry a plain SHA-256 chain. They are checked here,
as they stood, and only if the whole chain is intact re-sealed under the first key of
ATIS_AUDIT_KEYS (a broken chain stops the migration: investigate it first, with the
previous release's `atis audit verify`). The hashing is frozen in this file, so later
changes to atis/audit/services.py cannot change what this migration does."""

import hashlib
import hmac
import json
from datetime import UTC

from django.conf import settings
from django.db import migrations, models

GENESIS = "0" * 64
LEGACY = ("seq", "at", "actor_id", "actor_username", "organisation_id", "role", "action",
          "object_type", "object_id", "case_ref", "reason", "details", "ip", "prev_hash")
KEYED = (*LEGACY, "key_id")
TRIGGER = "audit_entry_append_only"


def _canonical(entry, names) -> bytes:
    payload = {name: getattr(entry, name) for name in names}
    payload["at"] = entry.at.astimezone(UTC).isoformat(timespec="microseconds")
    return json.dumps(payload, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=True).encode("ascii")


def reseal(apps, schema_editor):
    Entry = apps.get_model("audit", "AuditEntry")
    Head = apps.get_model("audit", "AuditHead")
    entries = Entry.objects.order_by("seq")
    if not entries.exists():
        return
    prev, expected = GENESIS, 1
    for entry in entries.iterator(chunk_size=2000):
        digest = hashlib.sha256(_canonical(entry, LEGACY)).hexdigest()
        if entry.seq != expected or entry.prev_hash != prev or entry.hash != digest:
            raise RuntimeError(f"the audit chain is broken at entry {expected}; it is not "
                               "re-sealed under the audit key (investigate it first)")
        prev, expected = entry.hash, expected + 1
    head = Head.objects.filter(pk=1).first()
    if head is None or (head.seq, head.hash) != (expected - 1, prev):
        raise RuntimeError("the audit head does not match the chain's end; the chain is not "
                           "re-sealed under the audit key (investigate it first)")
    signing = settings.AUDIT_KEYS[0]
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute(f"ALTER TABLE audit_auditentry DISABLE TRIGGER {TRIGGER}")
    prev = GENESIS
    for start in range(1, expected, 2000):  # in seq ranges: no cursor open while updating
        batch = list(entries.filter(seq__gte=start, seq__lt=start + 2000))
        for entry in batch:
            entry.prev_hash, entry.key_id = prev, signing.key_id
            entry.hash = hmac.new(signing.key, _canonical(entry, KEYED),
                                  hashlib.sha256).hexdigest()
            prev = entry.hash
        Entry.objects.bulk_update(batch, ["prev_hash", "key_id", "hash"])
    if postgres:
        schema_editor.execute(f"ALTER TABLE audit_auditentry ENABLE TRIGGER {TRIGGER}")
    Head.objects.filter(pk=1).update(hash=prev)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_append_only_trigger'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditentry',
            name='key_id',
            field=models.CharField(default='', max_length=16, verbose_name='key id'),
        ),
        migrations.RunPython(reseal, migrations.RunPython.noop),
    ]
