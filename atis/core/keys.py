"""Key management: field-key rotation that cannot lose data, key check values (canaries),
and the proof by reading every value back.

Rotation re-encrypts row by row inside short transactions: each batch of rows is read
again under a row lock (`SELECT … FOR UPDATE` on PostgreSQL; SQLite serialises writers)
and each row is written with a compare-and-swap `UPDATE … WHERE col = <the ciphertext just
read>`, so an edit committed while the rotation runs is never overwritten. Rows already in
the current format under the active key are skipped, so an interrupted rotation continues
where it stopped when run again. At the end every value is read back (`key_status`).
"""

import hmac
import secrets
from collections import Counter
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Q
from django.db.models.functions import Cast
from django.utils import timezone

from atis import config
from atis.core import crypto
from atis.core.fields import ROW_KEY, binds_by_row_key, encrypted_fields

BATCH = 500
CANARY_TEXT = "atis key check value"
# The modules that keep blind indexes: each has `reindex(batch, progress) -> ReindexReport`.
REINDEXERS = ["atis.people.reindex"]


@dataclass
class KeyReport:
    values: int = 0
    by_key: Counter = field(default_factory=Counter)
    legacy: int = 0  # values still bound to their column only (format v1)
    unreadable: list[str] = field(default_factory=list)

    def not_current(self, active: str) -> int:
        """Values a finished rotation must have moved: under another key, or in v1."""
        return sum(n for k, n in self.by_key.items() if k != active) + self.legacy


@dataclass
class RotationReport:
    rows: int = 0
    values: int = 0
    conflicts: int = 0  # rows edited between our read and write (retried)
    unreadable: list[str] = field(default_factory=list)


def encrypted_models():
    return [(m, encrypted_fields(m)) for m in apps.get_models() if encrypted_fields(m)]


def _raw(f) -> str:
    return f"_raw_{f.attname}"


def _with_raw(qs, fields):
    return qs.annotate(**{_raw(f): Cast(f.attname, models.TextField()) for f in fields})


def _binding(f, pk, row_key):
    return f.binding_for(pk=pk, row_key=row_key)


def _rows(qs, model, fields):
    """(pk, row key or None, [raw value per field]) for each row of `qs`."""
    by_row_key = binds_by_row_key(model)
    columns = ["pk", *([ROW_KEY] if by_row_key else []), *(_raw(f) for f in fields)]
    for row in qs.values_list(*columns).iterator(chunk_size=2000):
        if by_row_key:
            yield row[0], row[1], list(row[2:])
        else:
            yield row[0], None, list(row[1:])


def key_status() -> KeyReport:
    """Count stored values per key id and decrypt each one with its row's binding."""
    report, cipher = KeyReport(), crypto.cipher()
    for model, fields in encrypted_models():
        qs = _with_raw(model._default_manager.order_by("pk"), fields)
        for pk, row_key, raws in _rows(qs, model, fields):
            for f, raw in zip(fields, raws, strict=True):
                if raw is None:
                    continue
                report.values += 1
                try:
                    prefix, key_id, _token = crypto.split(raw)
                    report.by_key[key_id] += 1
                    report.legacy += prefix == crypto.LEGACY_PREFIX
                    cipher.decrypt(raw, _binding(f, pk, row_key))
                except crypto.UndecryptableValue:
                    report.unreadable.append(f"{model._meta.label_lower}.{f.name} pk={pk}")
    return report


def _stale(fields, active: str) -> Q:
    current = f"{crypto.PREFIX}:{active}:"
    return reduce(or_, [Q(**{f"{_raw(f)}__isnull": False}) & ~Q(**{f"{_raw(f)}__startswith": current})
                        for f in fields])


def _compare_and_swap(model, pk, changes: dict) -> bool:
    """UPDATE one row's columns from old to new ciphertext only if each still holds the
    old one; True when the row was written."""
    quote = connection.ops.quote_name
    sets = ", ".join(f"{quote(f.column)} = %s" for f in changes)
    checks = " AND ".join(f"{quote(f.column)} = %s" for f in changes)
    # Only quoted table and column names from the model's metadata enter the text.
    sql = (f"UPDATE {quote(model._meta.db_table)} SET {sets} "  # noqa: S608
           f"WHERE {quote(model._meta.pk.column)} = %s AND {checks}")
    params = [new for _old, new in changes.values()]
    params += [model._meta.pk.get_db_prep_value(pk, connection)]
    params += [old for old, _new in changes.values()]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount == 1


def reencrypt_model(model, fields, report: RotationReport, batch: int = BATCH) -> None:
    cipher = crypto.cipher()
    active = cipher.active.key_id
    last, skip = None, set()
    while True:
        candidates = _with_raw(model._default_manager.order_by("pk"), fields).filter(
            _stale(fields, active))
        if last is not None:
            candidates = candidates.filter(pk__gt=last)
        pks = list(candidates.values_list("pk", flat=True)[:batch])
        if not pks:
            return
        with transaction.atomic():
            locked = _with_raw(model._default_manager.select_for_update().filter(pk__in=pks)
                               .order_by("pk"), fields)
            for pk, row_key, raws in _rows(locked, model, fields):
                changes = {}
                for f, raw in zip(fields, raws, strict=True):
                    if raw is None or cipher.is_current(raw):
                        continue
                    binding = _binding(f, pk, row_key)
                    try:
                        changes[f] = (raw, cipher.encrypt(cipher.decrypt(raw, binding), binding))
                    except crypto.UndecryptableValue:
                        label = f"{model._meta.label_lower}.{f.name} pk={pk}"
                        if label not in skip:
                            skip.add(label)
                            report.unreadable.append(label)
                if not changes:
                    continue
                if _compare_and_swap(model, pk, changes):
                    report.rows += 1
                    report.values += len(changes)
                else:
                    report.conflicts += 1
        last = pks[-1]


def reencrypt_all(batch: int = BATCH, passes: int = 3) -> RotationReport:
    """Rewrite every value not yet under the active key (in the current format). A row
    edited between our read and our write is left as the editor wrote it and taken up by
    the next pass."""
    report = RotationReport()
    for _ in range(passes):
        conflicts = report.conflicts
        for model, fields in encrypted_models():
            reencrypt_model(model, fields, report, batch)
        if report.conflicts == conflicts:
            break
    return report


def use_keys(keys: list[config.FieldKey]) -> None:
    settings.FIELD_KEYS = keys
    crypto.cipher.cache_clear()


def new_key() -> config.FieldKey:
    return config.FieldKey(config.new_key_id(), secrets.token_bytes(config.KEY_BYTES))


# -- key check values -------------------------------------------------------------------


def _canary_binding(key_id: str) -> crypto.Binding:
    return crypto.Binding("core.keycanary", "check_value", f"kid={key_id}")


def field_check_value(key: config.FieldKey) -> str:
    return crypto.FieldCipher([key]).encrypt(CANARY_TEXT, _canary_binding(key.key_id))


def field_key_matches(key: config.FieldKey, check_value: str) -> bool:
    try:
        return crypto.FieldCipher([key]).decrypt(check_value, _canary_binding(key.key_id)) \
            == CANARY_TEXT
    except crypto.UndecryptableValue:
        return False


def blind_check_value(key: config.FieldKey) -> str:
    return crypto.blind_index("canary", CANARY_TEXT, key)


def blind_key_matches(key: config.FieldKey, check_value: str) -> bool:
    return hmac.compare_digest(blind_check_value(key), check_value)


def configured_keys() -> dict[str, list[config.FieldKey]]:
    return {"field": list(settings.FIELD_KEYS), "blind": crypto.blind_keys()}


CHECK_VALUE = {"field": field_check_value, "blind": blind_check_value}
MATCHES = {"field": field_key_matches, "blind": blind_key_matches}


def ensure_canaries() -> int:
    """Store a check value for every configured key that has none yet (a key's first
    use); a retired key configured again is un-retired. Returns how many were created."""
    from atis.core.models import KeyCanary

    created = 0
    for kind, keys in configured_keys().items():
        known = {c.key_id: c for c in KeyCanary.objects.filter(kind=kind)}
        for key in keys:
            canary = known.get(key.key_id)
            if canary is None:
                _obj, new = KeyCanary.objects.get_or_create(
                    kind=kind, key_id=key.key_id,
                    defaults={"check_value": CHECK_VALUE[kind](key)})
                created += new
            elif canary.retired_at is not None and key == keys[0]:
                KeyCanary.objects.filter(pk=canary.pk).update(retired_at=None)
    return created


def retire_canaries(kind: str, keep: str) -> list[str]:
    """Mark every key of `kind` but `keep` as no longer holding values (after a rotation or
    re-index proved it); returns the key ids retired."""
    from atis.core.models import KeyCanary

    qs = KeyCanary.objects.filter(kind=kind, retired_at__isnull=True).exclude(key_id=keep)
    retired = sorted(qs.values_list("key_id", flat=True))
    qs.update(retired_at=timezone.now())
    return retired


def key_problems() -> list[str]:
    """One line per configured key that does not match its check value (a wrong key under
    a known id) and per key id still holding values that is not configured (a missing key).
    Reads only; empty when all is well."""
    from atis.core.models import KeyCanary

    setting = {"field": "ATIS_FIELD_KEYS", "blind": "ATIS_BLIND_INDEX_KEY"}
    problems = []
    configured = configured_keys()
    for canary in KeyCanary.objects.order_by("kind", "key_id"):
        keys = {k.key_id: k for k in configured.get(canary.kind, [])}
        key = keys.get(canary.key_id)
        if key is None:
            if canary.retired_at is None:
                problems.append(f"{setting[canary.kind]} lacks key {canary.key_id!r}, under "
                                "which values are stored (missing key)")
        elif not MATCHES[canary.kind](key, canary.check_value):
            problems.append(f"{setting[canary.kind]} key {canary.key_id!r} is not the key "
                            "that wrote this database's values (wrong key)")
    return problems
