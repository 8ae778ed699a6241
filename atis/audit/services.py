"""Writing to and verifying the audit trail.

`record()` is the one way an entry is written: every service calls it inside its own
transaction, so an action and its audit entry commit or roll back together.

Each entry's `hash` is an HMAC-SHA256, under the audit key named by its `key_id`, of every
other column and the previous entry's hash. The keys (ATIS_AUDIT_KEYS) are never stored
in the database, so someone who can write to it cannot recompute the chain after an edit.
The head row says where the chain ends; signed checkpoints written outside the database
(`checkpoint()`) say where it ended before, so removing the newest entries, or all of
them, is found too.

Writers take no shared lock. An entry is inserted unsealed: numbered by its id (insertion
order), with `seq`, `prev_hash` and `hash` empty. `seal()` chains the committed unsealed
entries in id order onto the head, one sealer at a time (on PostgreSQL an advisory lock,
tried, never waited for; the head row is written by the sealer only). On SQLite it runs
inside every transaction that wrote entries (writers take turns there anyway); on
PostgreSQL after its commit, at most once every AUDIT_SEAL_INTERVAL seconds (default 1) in
a process, so that under load one seal chains a second's entries, not one seal per
request. What a skipped commit left, the next seal takes: any process's next write,
`atis audit seal` (scheduled every few seconds), or the start of `verify()` and
`checkpoint()`. An entry committed late, with a lower id than entries already sealed, is
sealed after them: chain order is seal order, and `verify()` walks `seq`. On PostgreSQL
the triggers let an unsealed entry be sealed once and change nothing else (migration
0005); `verify()` reports entries left unsealed longer than SEAL_GRACE (a sealer that
stopped).
"""

import contextlib
import dataclasses
import hashlib
import hmac
import json
import math
import os
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
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
SEAL_GRACE = timedelta(seconds=60)  # an entry unsealed for longer: the sealer has stopped
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


def _seal_inline() -> bool:
    """Whether writers seal their own entries in their transaction: on SQLite, whose writers
    take turns anyway (and by the AUDIT_SEAL_INLINE setting, which the test suite uses)."""
    inline = getattr(settings, "AUDIT_SEAL_INLINE", None)
    return connection.vendor != "postgresql" if inline is None else inline


def _sealing_follows() -> None:
    """Seal what the current transaction wrote: now (inline), or once it has committed."""
    if _seal_inline():
        seal(max_rounds=1)
    elif not any(func is _seal_committed for _sids, func, _robust in connection.run_on_commit):
        transaction.on_commit(_seal_committed, robust=True)


SEAL_INTERVAL = 1.0  # seconds: after a commit, a process seals at most this often
_last_seal = -math.inf  # time.monotonic() when this process last began a seal after a commit


def _seal_committed() -> None:
    """Seal after a commit, unless this process began such a seal less than
    AUDIT_SEAL_INTERVAL seconds ago (that seal or the next one chains these entries)."""
    global _last_seal
    now = time.monotonic()
    if now - _last_seal < getattr(settings, "AUDIT_SEAL_INTERVAL", SEAL_INTERVAL):
        return
    _last_seal = now
    seal(max_rounds=2)


def record(actor, action: str, obj=None, *, case=None, reason: str = "", **details) -> AuditEntry:
    """Append one entry, unsealed (see the module docstring). `actor` is a User, a label
    such as "cli:root", or None (system); `case` (a Person or a pseudonym) names the case
    concerned; `details` must hold codes and counts, never personal data. Inside the
    caller's transaction it takes no savepoint: if the entry cannot be written, the action
    cannot commit either."""
    with transaction.atomic(savepoint=False):
        entry = AuditEntry.objects.create(
            at=timezone.now(), action=action,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            case_ref=_case_ref(obj, case), reason=reason or "",
            details=_plain(details), ip=client_ip.get(), **_actor_fields(actor),
        )
        _sealing_follows()
    return entry


_INSERTED = [f for f in AuditEntry._meta.concrete_fields
             if not f.primary_key and f.attname not in ("seq", "prev_hash", "hash")]


def record_many(actor, action: str, entries, *, batch_size: int = 1000) -> int:
    """Append one entry per (obj, case, details) of `entries`, the very entries `record()`
    would write, with multi-row INSERTs (no model instances): for a request's personal
    reads and for bulk loads. Returns the number appended."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in _INSERTED)
    one_row = f"({', '.join(['%s'] * len(_INSERTED))})"
    # At most 2000 rows a statement: well within PostgreSQL's 65535 parameters.
    batch_size = max(1, min(batch_size, 2000,
                            connection.ops.bulk_batch_size(_INSERTED, [None] * batch_size)))
    at = timezone.now()
    common = {"at": AuditEntry._meta.get_field("at").get_db_prep_save(at, connection),
              "action": action, "reason": "", "ip": client_ip.get(), "key_id": "",
              **_actor_fields(actor)}
    details_field = AuditEntry._meta.get_field("details")
    appended = 0
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        batch = []

        def flush():
            cursor.execute(f"INSERT INTO {quote(AuditEntry._meta.db_table)} "  # noqa: S608
                           f"({columns}) VALUES {', '.join([one_row] * len(batch))}",
                           [value for row in batch for value in row])
            batch.clear()

        for obj, case, details in entries:
            values = {**common, "object_type": obj._meta.label_lower if obj is not None else "",
                      "object_id": str(obj.pk) if obj is not None else "",
                      "case_ref": _case_ref(obj, case),
                      "details": details_field.get_db_prep_save(_plain(details), connection)}
            batch.append([values[f.attname] for f in _INSERTED])
            appended += 1
            if len(batch) >= batch_size:
                flush()
        if batch:
            flush()
        if appended:
            _sealing_follows()
    return appended


# A PostgreSQL advisory lock only the sealer takes ("atisseal"); writers never take it.
_SEALER_LOCK = 0x6174697373656164


def _unsealed():
    return AuditEntry.objects.filter(seq__isnull=True, prev_hash__isnull=True,
                                     hash__isnull=True)


def seal(*, max_rounds: int | None = 100, batch_size: int = 1000) -> int:
    """Chain the committed unsealed entries, in id order, onto the end of the chain; return
    how many. One sealer at a time (on PostgreSQL the advisory lock, tried, never waited
    for: if another sealer holds it, return at once, it will see these entries). A round
    seals up to ten batches in one transaction; after it, with the lock released, another
    round follows while unsealed entries remain (at most `max_rounds`, None: no limit), so
    entries committed while a sealer was finishing are never left behind by both."""
    sealed, rounds = 0, 0
    while max_rounds is None or rounds < max_rounds:
        rounds += 1
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_SEALER_LOCK])
                    if not cursor.fetchone()[0]:
                        return sealed
            sealed += _seal_round(batch_size)
        if not _unsealed().exists():
            break
    return sealed


def _seal_round(batch_size: int) -> int:
    key_id, key = signing_key_id(), _keys()[signing_key_id()]
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    head, sealed = None, 0
    for _ in range(10):
        batch = list(_unsealed().order_by("id")[:batch_size])
        if batch and head is None:
            head = AuditHead.objects.filter(pk=1).first() or AuditHead.objects.create(pk=1)
        rows = []
        for entry in batch:
            entry.seq, entry.prev_hash, entry.key_id = head.seq + 1, head.hash, key_id
            values = {name: getattr(entry, name) for name in _HASHED}
            entry.hash = hmac.new(key, _canonical(values), hashlib.sha256).hexdigest()
            head.seq, head.hash = entry.seq, entry.hash
            rows.append([entry.seq, entry.prev_hash, entry.hash, entry.key_id, entry.pk])
        if rows:
            with connection.cursor() as cursor:
                cursor.executemany(f"UPDATE {table} SET seq = %s, prev_hash = %s, "  # noqa: S608
                                   "hash = %s, key_id = %s WHERE id = %s", rows)
            sealed += len(rows)
        if len(batch) < batch_size:
            break
    if sealed:
        head.save(update_fields=["seq", "hash"])
    return sealed


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
    seal()
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
        stale = AuditEntry.objects.filter(seq__isnull=True, at__lt=timezone.now() - SEAL_GRACE
                                          ).order_by("id").first()
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
    if stale is not None:
        return Verification(checked, None,
                            f"entry id {stale.pk} (at {stale.at:%Y-%m-%d %H:%M:%S}) and perhaps "
                            f"others are not sealed after {SEAL_GRACE.seconds} s: the sealer "
                            "does not run (`atis audit seal`)")
    return Verification(checked, head_seq=checked, head_hash=prev_hash, checkpoints=len(marks))


def _walk(by_seq: dict[int, list[Checkpoint]], chunk_size: int) -> Verification:
    expected_seq, prev_hash, checked = 1, GENESIS, 0
    keys = _keys()
    sealed = AuditEntry.objects.filter(seq__isnull=False).order_by("seq")
    for entry in sealed.iterator(chunk_size=chunk_size):
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
