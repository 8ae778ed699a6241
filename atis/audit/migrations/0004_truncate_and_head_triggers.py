"""On PostgreSQL the database also refuses TRUNCATE of the audit tables, deleting the chain
head, and any change of the head other than moving it forward to the newest entry.

TRUNCATE is allowed in one case only: Django's test flush (TransactionTestCase, live
server), which sets the transaction-local `atis.allow_audit_truncate` (see
atis/audit/pg_flush_backend), and only in a database whose name starts with `test_`, the
names Django gives test databases. Anyone could set the variable, but a production
database is not named so, and renaming it takes the owner role that could drop the
triggers anyway. SQLite has no triggers for this: there the keyed chain and the signed
checkpoints find the damage."""

from django.db import migrations

CREATE = r"""
CREATE OR REPLACE FUNCTION audit_refuse_truncate() RETURNS trigger AS $$
BEGIN
    IF current_setting('atis.allow_audit_truncate', true) = 'on'
            AND current_database() LIKE 'test\_%' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit tables are append-only (TRUNCATE of % refused)', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_entry_no_truncate
    BEFORE TRUNCATE ON audit_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate();
CREATE TRIGGER audit_head_no_truncate
    BEFORE TRUNCATE ON audit_audithead
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate();

CREATE OR REPLACE FUNCTION audit_head_forward_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'audit head is append-only (DELETE refused)';
    END IF;
    IF NEW.id <> 1 OR (TG_OP = 'UPDATE' AND NEW.id <> OLD.id) THEN
        RAISE EXCEPTION 'audit head is append-only (there is one head, id 1)';
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.seq < OLD.seq THEN
        RAISE EXCEPTION 'audit head is append-only (moving it back from % to % refused)',
            OLD.seq, NEW.seq;
    END IF;
    IF NEW.seq = 0 THEN
        IF NEW.hash <> repeat('0', 64) THEN
            RAISE EXCEPTION 'audit head is append-only (an empty chain has the genesis hash)';
        END IF;
    ELSIF NOT EXISTS (SELECT 1 FROM audit_auditentry WHERE seq = NEW.seq AND hash = NEW.hash) THEN
        RAISE EXCEPTION 'audit head is append-only (it must name an existing entry)';
    END IF;
    IF EXISTS (SELECT 1 FROM audit_auditentry WHERE seq > NEW.seq) THEN
        RAISE EXCEPTION 'audit head is append-only (it must name the newest entry)';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_head_forward_only
    BEFORE INSERT OR UPDATE OR DELETE ON audit_audithead
    FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only();
"""
DROP = """
DROP TRIGGER IF EXISTS audit_head_forward_only ON audit_audithead;
DROP FUNCTION IF EXISTS audit_head_forward_only();
DROP TRIGGER IF EXISTS audit_head_no_truncate ON audit_audithead;
DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_refuse_truncate();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_entry_key_id")]
    operations = [migrations.RunPython(forwards, backwards)]
