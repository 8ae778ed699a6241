"""On PostgreSQL, numbers (report references, pseudonyms, case numbers) come from one
database sequence per counter and year instead of a row-locked counter row, so concurrent
requests no longer queue on it (`core.services.sequence_next`).

`atis_number_take(counter, n)` returns the first of `n` consecutive numbers. It creates the
counter's sequence on first use (a new year), continuing from the counter row if one was
kept before this migration; it runs as the owner (SECURITY DEFINER), so the application
role needs no right to create objects. A single number takes a shared advisory lock, which
never waits for another single; a block of several (bulk loads) takes it exclusively, just
for the moment it moves the sequence on, so no single number lands inside the block."""

from django.db import migrations

CREATE = r"""
CREATE OR REPLACE FUNCTION atis_number_take(counter text, n integer) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, {schema} AS $$
DECLARE
    name text := 'atis_number_' || regexp_replace(lower(counter), '[^a-z0-9]+', '_', 'g');
    seq text := format('%I.%I', {schema_literal}, name);
    lock_key integer := hashtext(seq);
    start bigint;
    first bigint;
BEGIN
    IF n < 1 THEN
        RAISE EXCEPTION 'atis_number_take: n must be at least 1';
    END IF;
    IF to_regclass(seq) IS NULL THEN
        -- Once per counter: a second creator waits for the first one's transaction.
        PERFORM pg_advisory_xact_lock(1096043811, lock_key);
        SELECT coalesce(max(last), 0) + 1 INTO start FROM core_counter WHERE key = counter;
        EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %s START WITH %s', seq, start);
    END IF;
    IF n = 1 THEN
        PERFORM pg_advisory_xact_lock_shared(1096043812, lock_key);
        RETURN nextval(seq);
    END IF;
    PERFORM pg_advisory_lock(1096043812, lock_key);
    BEGIN
        first := nextval(seq);
        PERFORM setval(seq, first + n - 1);
    EXCEPTION WHEN OTHERS THEN
        PERFORM pg_advisory_unlock(1096043812, lock_key);
        RAISE;
    END;
    PERFORM pg_advisory_unlock(1096043812, lock_key);
    RETURN first;
END;
$$;
"""
DROP = "DROP FUNCTION IF EXISTS atis_number_take(text, integer);"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT quote_ident(current_schema()), quote_literal(current_schema())")
            schema, literal = cursor.fetchone()
        sql = CREATE.replace("{schema_literal}", literal).replace("{schema}", schema)
        schema_editor.execute(sql, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("core", "0006_key_canaries_and_row_key")]
    operations = [migrations.RunPython(forwards, backwards)]
