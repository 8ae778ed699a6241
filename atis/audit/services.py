"""Writing to and verifying the audit trail.

`record()` is the one way an entry is written: every service calls it inside its own
transaction, so an action and its audit entry commit or roll back together.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

from django.db import connection, transaction
from django.utils import timezone

from atis.audit.context import client_ip
from atis.audit.models import AuditEntry, AuditHead

GENESIS = "0" * 64
_HASHED = ("seq", "at", "actor_id", "actor_username", "organisation_id", "role", "action",
           "object_type", "object_id", "case_ref", "reason", "details", "ip", "prev_hash")


def entry_hash(entry: AuditEntry) -> str:
    return _digest({name: getattr(entry, name) for name in _HASHED})


def _digest(values: dict) -> str:
    payload = {name: values[name] for name in _HASHED}
    payload["at"] = values["at"].astimezone(UTC).isoformat(timespec="microseconds")
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def _actor_fields(actor) -> dict:
    if actor is None:
        return {"actor_id": None, "actor_username": "system", "organisation_id": None, "role": ""}
    if isinstance(actor, str):
        return {"actor_id": None, "actor_username": actor[:150], "organisation_id": None,
                "role": ""}
    membership = getattr(actor, "membership", None)
    return {"actor_id": actor.pk, "actor_username": actor.get_username(),
            "organisation_id": membership.organisation_id if membership else None,
            "role": membership.role if membership else ""}


def _case_ref(obj, case) -> str:
    case = case if case is not None else obj
    return str(getattr(case, "audit_case_ref", case if isinstance(case, str) else "") or "")


def _plain(value):
    if isinstance(value, bool | int | str) or value is None:
        return value
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def record(actor, action: str, obj=None, *, case=None, reason: str = "", **details) -> AuditEntry:
    """Append one entry. `actor` is a User, a label such as "cli:root", or None (system);
    `case` (a Person or a pseudonym) names the case concerned; `details` must hold codes
    and counts, never personal data."""
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        entry = AuditEntry(
            seq=head.seq + 1, at=timezone.now(), action=action,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            case_ref=_case_ref(obj, case), reason=reason or "",
            details=_plain(details), ip=client_ip.get(), prev_hash=head.hash,
            **_actor_fields(actor),
        )
        entry.hash = entry_hash(entry)
        entry.save(force_insert=True)
        head.seq, head.hash = entry.seq, entry.hash
        head.save(update_fields=["seq", "hash"])
    return entry


def record_many(actor, action: str, entries, *, batch_size: int = 5000) -> int:
    """Append one entry per (obj, case, details) of `entries`, the very entries `record()`
    would write, chained in order under a single lock of the head: for bulk loads such as
    the legacy import, where a call per record would be too slow (rows are inserted with
    executemany, without model instances). Returns the number appended."""
    fields = [f for f in AuditEntry._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(AuditEntry._meta.db_table)} "  # noqa: S608 (names from the model)
           f"({', '.join(quote(f.column) for f in fields)}) VALUES ({', '.join(['%s'] * len(fields))})")
    details_field = AuditEntry._meta.get_field("details")
    with transaction.atomic(), connection.cursor() as cursor:
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        first, at = head.seq, timezone.now()
        common = {"at": at, "action": action, "reason": "", "ip": client_ip.get(), **_actor_fields(actor)}
        prepared_at = AuditEntry._meta.get_field("at").get_db_prep_save(at, connection)
        rows = []
        for obj, case, details in entries:
            values = {**common, "seq": head.seq + 1, "prev_hash": head.hash,
                      "object_type": obj._meta.label_lower if obj is not None else "",
                      "object_id": str(obj.pk) if obj is not None else "",
                      "case_ref": _case_ref(obj, case), "details": _plain(details)}
            values["hash"] = _digest(values)
            head.seq, head.hash = values["seq"], values["hash"]
            values["at"] = prepared_at
            values["details"] = details_field.get_db_prep_save(values["details"], connection)
            rows.append([values[f.attname] for f in fields])
            if len(rows) >= batch_size:
                cursor.executemany(sql, rows)
                rows = []
        if rows:
            cursor.executemany(sql, rows)
        head.save(update_fields=["seq", "hash"])
    return head.seq - first


@dataclass
class Verification:
    checked: int
    broken_seq: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def verify(*, chunk_size: int = 5000) -> Verification:
    """Walk the whole chain; stop at the first entry that was edited, deleted, inserted
    or reordered."""
    expected_seq, prev_hash, checked = 1, GENESIS, 0
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=chunk_size):
        if entry.seq != expected_seq:
            return Verification(checked, expected_seq,
                                f"entry {expected_seq} is missing (the next entry is {entry.seq})")
        if entry.prev_hash != prev_hash:
            return Verification(checked, entry.seq,
                                f"entry {entry.seq} does not follow entry {entry.seq - 1} "
                                "(deleted, inserted or reordered)")
        if entry_hash(entry) != entry.hash:
            return Verification(checked, entry.seq, f"entry {entry.seq} was altered")
        prev_hash, expected_seq, checked = entry.hash, expected_seq + 1, checked + 1
    head = AuditHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    if (head_seq, head_hash) != (checked, prev_hash):
        return Verification(checked, checked + 1,
                            f"the chain ends at entry {checked} but its head records entry "
                            f"{head_seq} (entries removed from the end)")
    return Verification(checked)
