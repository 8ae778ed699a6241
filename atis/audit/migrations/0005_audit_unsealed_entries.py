"""Entries are written unsealed and chained by one sealer (atis/audit/services.py), so
writers no longer queue on the chain's head.

On PostgreSQL the append-only trigger now also covers INSERT: an entry is inserted
unsealed (no `seq`, `prev_hash` or `hash`); an unsealed entry may be updated once, by the
sealer, which sets those three and `key_id` and nothing else; a sealed entry never
changes; DELETE stays refused. The application role may update those four columns only
(`atis db grant-app-role`)."""

from django.db import migrations, models

CREATE = """
CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.seq IS NOT NULL OR NEW.prev_hash IS NOT NULL OR NEW.hash IS NOT NULL THEN
            RAISE EXCEPTION 'audit entries are append-only (INSERT of a sealed entry refused: '
                'entries are written unsealed)';
        END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.seq IS NULL AND OLD.prev_hash IS NULL AND OLD.hash IS NULL
            AND NEW.seq IS NOT NULL AND NEW.prev_hash IS NOT NULL AND NEW.hash IS NOT NULL
            AND NEW.key_id <> ''
            AND to_jsonb(NEW) - 'seq' - 'prev_hash' - 'hash' - 'key_id'
                = to_jsonb(OLD) - 'seq' - 'prev_hash' - 'hash' - 'key_id' THEN
        RETURN NEW;  -- the sealer, sealing an unsealed entry
    END IF;
    RAISE EXCEPTION 'audit entries are append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_auditentry;
CREATE TRIGGER audit_entry_append_only
    BEFORE INSERT OR UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();
"""
PREVIOUS = """
CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit entries are append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_auditentry;
CREATE TRIGGER audit_entry_append_only
    BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PREVIOUS, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0004_truncate_and_head_triggers"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditentry",
            name="hash",
            field=models.CharField(max_length=64, null=True),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="prev_hash",
            field=models.CharField(max_length=64, null=True),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="seq",
            field=models.BigIntegerField(null=True, unique=True, verbose_name="sequence"),
        ),
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(condition=models.Q(("seq__isnull", True)), fields=["id"],
                               name="audit_entry_unsealed"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
