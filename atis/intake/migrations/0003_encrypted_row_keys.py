"""Bind encrypted values to their row: a row key per row (see atis.core.fields)."""

from django.db import migrations

from atis.core.migration_ops import add_row_keys


class Migration(migrations.Migration):

    dependencies = [
        ("intake", "0002_report_dates_and_external_reference"),
    ]

    operations = add_row_keys("intake", ["hotlinecall", "report"])
