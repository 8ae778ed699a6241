"""PostgreSQL: a finer sample of the blind-index digests for the query planner.

With the default statistics target, a name shared by thousands of persons among millions of
digests is estimated at a few dozen rows, and the planner reads every row of it (bitmap
scan, then sort) to keep the first 200 by person id. With a most-common-values list of
1,000 the common names are counted as they are, and it reads the first 200 straight off
the (digest, person) index (the duplicate warning, `people.selectors._match_identifiers`).
ANALYZE here so a database already loaded plans so at once."""

from django.db import migrations

FORWARDS = ("ALTER TABLE people_identifierindex ALTER COLUMN digest SET STATISTICS 1000",
            "ANALYZE people_identifierindex")
BACKWARDS = ("ALTER TABLE people_identifierindex ALTER COLUMN digest SET STATISTICS -1",)


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement, params=None)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0005_views_person_newest_index"),
    ]

    operations = [
        migrations.RunPython(_run(FORWARDS), _run(BACKWARDS)),
    ]
