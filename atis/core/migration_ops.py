"""Helpers for the migrations that add `row_key` to models with encrypted fields.

A callable default in `AddField` is evaluated once for all existing rows, which would give
every old row the same key; so the column is added nullable, each row gets its own UUID,
and then the column becomes the final `RowKeyField`.
"""

import uuid

from django.db import migrations, models

from atis.core.fields import RowKeyField


def _fill(app_label: str, model_names: list[str]):
    def fill(apps, schema_editor):
        for name in model_names:
            model = apps.get_model(app_label, name)
            pending = model._base_manager.filter(row_key__isnull=True)
            for pk in list(pending.values_list("pk", flat=True)):
                model._base_manager.filter(pk=pk).update(row_key=uuid.uuid4())
    return fill


def add_row_keys(app_label: str, model_names: list[str]) -> list:
    """The operations giving each of `model_names` a distinct row key per existing row."""
    return [
        *[migrations.AddField(name, "row_key", models.UUIDField(null=True, editable=False))
          for name in model_names],
        migrations.RunPython(_fill(app_label, model_names), migrations.RunPython.noop),
        *[migrations.AlterField(name, "row_key", RowKeyField()) for name in model_names],
    ]
