"""Writing to and verifying the audit trail.

`record()` is the one way an entry is written: every service calls it inside its own
transaction, so an action and its audit entry commit or roll back together.

Each entry's `hash` is an HMAC-SHA256, under the audit key named by its `key_id`, of every
other column and the previous entry's hash. The keys (ATIS_AUDIT_KEYS) are never stored
in the database, so someone who can write to it cannot recompute the chain after an edit.
The head row says where the chain ends; signed checkpoints written outside the database
(`checkpoint()`) say where it ended before, so removing the newest entries, or all of
them, is found too.
"""

import contextlib
import dataclasses
import hashlib
import hmac
import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from atis.audit.context import client_ip
from atis.audit.models import AuditEntry, AuditHead

GENESIS = "0" * 64
_HASHED = ("seq", "at", "actor_id", "actor_username", "organisation_id", "role", "action",
           "object_type", "object_id", "case_ref", "reason", "details", "ip", "prev_hash",
           "key_id")
CHECKPOINT_ACTION = "audit.checkpoint"
_CHECKPOINT_DOMAIN = b"atis-audit-checkpoint-v1\n"  # a checkpoint MAC is never an entry MAC


def _keys() -> dict[str, bytes]:
    return {k.key_id: k.key for k in settings.AUDIT_KEYS}


def signing_key_id() -> str:
    return settings.AUDIT_KEYS[0].key_id


def _canonical(values: dict) -> bytes:
    payload = {name: values[name] for name in _HASHED}
    payload["at"] = values["at"].astimezone(UTC).isoformat(timespec="microseconds")
    return json.dumps(payload, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=True).encode("ascii")


def _digest(values: dict) -> str | None:
    """The entry's MAC under the key it names, or None when that key is not configured."""
    key = _keys().get(values["key_id"])
    if key is None:
        return None
    return hmac.new(key, _canonical(values), hashlib.sha256).hexdigest()


def entry_hash(entry: AuditEntry) -> str | None:
    return _digest({name: getattr(entry, name) for name in _HASHED})


def _same(a: str, b: str) -> bool:
    """Constant-time comparison that also takes text no one expected (a forged file)."""
    return hmac.compare_digest(a.encode("utf-8"), str(b).encode("utf-8"))


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
            key_id=signing_key_id(), **_actor_fields(actor),
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
        common = {"at": at, "action": action, "reason": "", "ip": client_ip.get(),
                  "key_id": signing_key_id(), **_actor_fields(actor)}
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
    head_seq: int = 0
    head_hash: str = GENESIS
    checkpoints: int = 0

    @property
    def ok(self) -> bool:
        return not self.problem


@dataclass(frozen=True)
class Checkpoint:
    """A signed statement that the chain once ended at `seq` with `hash`."""

    seq: int
    hash: str
    at: str
    key_id: str
    signature: str = ""
    source: str = field(default="", compare=False)

    def payload(self) -> bytes:
        body = {"seq": self.seq, "hash": self.hash, "at": self.at, "key_id": self.key_id}
        return _CHECKPOINT_DOMAIN + json.dumps(body, sort_keys=True,
                                               separators=(",", ":")).encode("ascii")

    def expected_signature(self) -> str | None:
        key = _keys().get(self.key_id)
        return None if key is None else hmac.new(key, self.payload(), hashlib.sha256).hexdigest()

    def to_json(self) -> str:
        return json.dumps({"seq": self.seq, "hash": self.hash, "at": self.at,
                           "key_id": self.key_id, "signature": self.signature}, sort_keys=True)

    def witness_line(self) -> str:
        return (f"atis-audit-checkpoint seq={self.seq} hash={self.hash} at={self.at} "
                f"key={self.key_id} signature={self.signature}")


class CheckpointError(Exception):
    """A checkpoint file that cannot be read or written; the message names the file."""


def checkpoint_dir() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_DIR)


def load_checkpoints(directory: Path | None = None) -> tuple[list[Checkpoint], list[str]]:
    """Every `*.json` checkpoint in `directory`, and one problem line per file that is not
    a well-formed checkpoint."""
    directory = Path(directory) if directory is not None else checkpoint_dir()
    found, problems = [], []
    if not directory.is_dir():
        return found, problems
    for path in sorted(directory.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            found.append(Checkpoint(seq=int(data["seq"]), hash=str(data["hash"]),
                                    at=str(data["at"]), key_id=str(data["key_id"]),
                                    signature=str(data["signature"]), source=path.name))
        except (OSError, ValueError, KeyError, TypeError):
            problems.append(f"checkpoint {path.name} is not a readable checkpoint")
    return found, problems


@contextlib.contextmanager
def _one_snapshot():
    """Run the reads inside one database snapshot, so a chain being appended to while it is
    walked is seen as it stood at one moment (the head and the entries agree)."""
    if connection.in_atomic_block:  # the caller's transaction is the snapshot
        yield
        return
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield
        return
    # SQLite: a deferred (read) transaction keeps one WAL snapshot and blocks no writer;
    # `atomic()` would start BEGIN IMMEDIATE and take the write lock.
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("BEGIN")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("COMMIT")


def verify(*, chunk_size: int = 5000, checkpoints: Path | None = None) -> Verification:
    """Walk the whole chain in one snapshot; stop at the first entry that was edited,
    deleted, inserted, reordered or sealed without the audit key, and compare the chain
    with the head row and with every signed checkpoint (of `checkpoints`, by default the
    configured directory)."""
    # Checkpoints are read before the snapshot is taken: each names an entry committed
    # before it was written, so none can be ahead of the snapshot unless entries went.
    marks, problems = load_checkpoints(checkpoints)
    if problems:
        return Verification(0, None, problems[0])
    by_seq: dict[int, list[Checkpoint]] = {}
    for mark in marks:
        expected = mark.expected_signature()
        if expected is None:
            return Verification(0, None, f"checkpoint {mark.source} is signed with key "
                                         f"{mark.key_id!r}, which is not in ATIS_AUDIT_KEYS")
        if not _same(expected, mark.signature):
            return Verification(0, None, f"checkpoint {mark.source} has a bad signature "
                                         "(forged or altered)")
        by_seq.setdefault(mark.seq, []).append(mark)
    with _one_snapshot():
        head = AuditHead.objects.filter(pk=1).first()
        result = _walk(by_seq, chunk_size)
    if not result.ok:
        return result
    checked, prev_hash = result.checked, result.head_hash
    beyond = [m for m in marks if m.seq > checked]
    if beyond:
        mark = max(beyond, key=lambda m: m.seq)
        return Verification(checked, checked + 1,
                            f"the chain ends at entry {checked} but checkpoint {mark.source} "
                            f"records entry {mark.seq}: entries removed from the end "
                            f"(checkpoint {mark.seq})")
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    if (head_seq, head_hash) != (checked, prev_hash):
        return Verification(checked, checked + 1,
                            f"the chain ends at entry {checked} but its head records entry "
                            f"{head_seq} (entries removed from the end)")
    return Verification(checked, head_seq=checked, head_hash=prev_hash, checkpoints=len(marks))


def _walk(by_seq: dict[int, list[Checkpoint]], chunk_size: int) -> Verification:
    expected_seq, prev_hash, checked = 1, GENESIS, 0
    keys = _keys()
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=chunk_size):
        if entry.seq != expected_seq:
            return Verification(checked, expected_seq,
                                f"entry {expected_seq} is missing (the next entry is {entry.seq})")
        if entry.prev_hash != prev_hash:
            return Verification(checked, entry.seq,
                                f"entry {entry.seq} does not follow entry {entry.seq - 1} "
                                "(deleted, inserted or reordered)")
        if entry.key_id not in keys:
            return Verification(checked, entry.seq,
                                f"entry {entry.seq} is sealed with key {entry.key_id!r}, which "
                                "is not in ATIS_AUDIT_KEYS (forged, or a key was removed)")
        if not _same(entry_hash(entry), entry.hash):
            return Verification(checked, entry.seq,
                                f"entry {entry.seq} was altered or sealed without the audit key")
        for mark in by_seq.get(entry.seq, ()):
            if not _same(mark.hash, entry.hash):
                return Verification(checked, entry.seq,
                                    f"entry {entry.seq} differs from checkpoint {mark.source}: "
                                    "the chain was rewritten")
        prev_hash, expected_seq, checked = entry.hash, expected_seq + 1, checked + 1
    return Verification(checked, head_seq=checked, head_hash=prev_hash)


def checkpoint(actor="system", *, directory: Path | None = None) -> tuple[Checkpoint, Path]:
    """Verify the chain, then write its end, signed under the audit key, to a new file in
    the checkpoint directory (never overwriting one) and append an `audit.checkpoint`
    entry. Refuses to vouch for a chain that does not verify."""
    directory = Path(directory) if directory is not None else checkpoint_dir()
    result = verify(checkpoints=directory)
    if not result.ok:
        raise CheckpointError(f"no checkpoint taken: {result.problem}")
    now = datetime.now(UTC)
    mark = Checkpoint(seq=result.head_seq, hash=result.head_hash,
                      at=now.isoformat(timespec="seconds").replace("+00:00", "Z"),
                      key_id=signing_key_id())
    mark = dataclasses.replace(mark, signature=mark.expected_signature())
    path = directory / f"{mark.seq:012d}-{now:%Y%m%dT%H%M%S%fZ}.json"
    _write_new(path, mark.to_json() + "\n")
    record(actor, CHECKPOINT_ACTION, None, checkpoint_seq=mark.seq, file=path.name)
    return mark, path


def _write_new(path: Path, text: str) -> None:
    """Write `text` to `path` atomically (readers see all or nothing) and never replace an
    existing file: the content goes to a temporary file that is then hard-linked in."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
    except OSError as exc:
        raise CheckpointError(f"cannot write to {path.parent}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise CheckpointError(f"checkpoint {path.name} already exists") from None
    finally:
        tmp.unlink(missing_ok=True)
