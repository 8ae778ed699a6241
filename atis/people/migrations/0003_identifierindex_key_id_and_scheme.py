"""Blind-index rows name the key and the folding they were made with (see
atis.people.reindex). Existing rows were made under the configured blind-index key with
the Serbian-only folding (scheme 1)."""

from django.conf import settings
from django.db import migrations, models


def name_the_key(apps, schema_editor):
    index = apps.get_model("people", "IdentifierIndex")
    index.objects.update(key_id=settings.BLIND_INDEX_KEYS[0].key_id)


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0002_delete_pseudonymcounter"),
    ]

    operations = [
        migrations.AddField(
            model_name="identifierindex",
            name="key_id",
            field=models.CharField(default="b0", max_length=16),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="identifierindex",
            name="scheme",
            field=models.PositiveSmallIntegerField(default=1),
        ),
        migrations.RunPython(name_the_key, migrations.RunPython.noop),
    ]
