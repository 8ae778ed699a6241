"""Field-key rotation: re-encrypt every encrypted value under the active key, then prove
by reading every value back that nothing became unreadable."""

import secrets
from collections import Counter
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models.functions import Cast

from atis import config
from atis.core import crypto
from atis.core.fields import encrypted_fields

BATCH = 2000


@dataclass
class KeyReport:
    values: int = 0
    by_key: Counter = field(default_factory=Counter)
    unreadable: list[str] = field(default_factory=list)


def encrypted_models():
    return [(m, encrypted_fields(m)) for m in apps.get_models() if encrypted_fields(m)]


def _raw_values(model, field_name):
    return (model._default_manager.annotate(_raw=Cast(field_name, models.TextField()))
            .exclude(_raw__isnull=True).values_list("pk", "_raw").iterator(chunk_size=BATCH))


def key_status() -> KeyReport:
    """Count stored values per key id and try to decrypt each one."""
    report, cipher = KeyReport(), crypto.cipher()
    for model, fields in encrypted_models():
        for f in fields:
            for pk, raw in _raw_values(model, f.name):
                report.values += 1
                try:
                    report.by_key[crypto.key_id_of(raw)] += 1
                    cipher.decrypt(raw, f.aad)
                except crypto.UndecryptableValue:
                    report.unreadable.append(f"{model._meta.label_lower}.{f.name} pk={pk}")
    return report


def reencrypt_all() -> int:
    """Rewrite every row that holds an encrypted value under the active key."""
    rows = 0
    for model, fields in encrypted_models():
        names = [f.name for f in fields]
        last = None
        while True:
            qs = model._default_manager.order_by("pk").only("pk", *names)
            batch = list((qs.filter(pk__gt=last) if last is not None else qs)[:BATCH])
            if not batch:
                break
            with transaction.atomic():
                model._default_manager.bulk_update(batch, names)
            rows += len(batch)
            last = batch[-1].pk
    return rows


def use_keys(keys: list[config.FieldKey]) -> None:
    settings.FIELD_KEYS = keys
    crypto.cipher.cache_clear()


def new_key() -> config.FieldKey:
    return config.FieldKey(config.new_key_id(), secrets.token_bytes(config.KEY_BYTES))
