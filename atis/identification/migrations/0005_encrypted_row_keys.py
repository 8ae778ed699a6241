"""Bind encrypted values to their row: a row key per row (see atis.core.fields)."""

from django.db import migrations

from atis.core.migration_ops import add_row_keys


class Migration(migrations.Migration):

    dependencies = [
        ("identification", "0004_effective_dates_and_superseded_proposals"),
    ]

    operations = add_row_keys("identification", ["decision", "interview", "procedurenote"])
