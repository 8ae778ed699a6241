"""Bind encrypted values to their row: a row key per row (see atis.core.fields)."""

from django.db import migrations

from atis.core.migration_ops import add_row_keys


class Migration(migrations.Migration):

    dependencies = [
        ("justice", "0002_effective_dates"),
    ]

    operations = add_row_keys("justice", ["defendant", "impunityflag", "riskassessment"])
