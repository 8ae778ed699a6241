"""PostgreSQL holds the line itself: triggers refuse TRUNCATE and any rewind of the head,
the application role cannot rewrite or drop what it may only append to, and `verify`
reads one snapshot while the application writes."""

import threading
import uuid

import psycopg
import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, connections, transaction

from atis.audit import services
from atis.audit.models import AuditEntry, AuditHead

pytestmark = pytest.mark.postgresql


@pytest.fixture
def chain(db):
    for n in range(3):
        services.record("tester", "test.event", None, n=n)
    services.seal()
    return AuditHead.objects.get(pk=1)


def _refused(statement, match="append-only"):
    with pytest.raises(DatabaseError, match=match), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute(statement)


@pytest.mark.parametrize("statement", [
    "TRUNCATE audit_auditentry", "TRUNCATE audit_audithead",
    "TRUNCATE audit_auditentry, audit_audithead",
    "DELETE FROM audit_audithead",
    "UPDATE audit_audithead SET seq = seq - 1",
    "UPDATE audit_audithead SET seq = 0, hash = repeat('0', 64)",
    "UPDATE audit_audithead SET hash = repeat('f', 64)",
    "INSERT INTO audit_audithead (id, seq, hash) VALUES (2, 0, repeat('0', 64))",
])
def test_the_database_refuses_truncate_and_rewinding_the_head(chain, statement):
    _refused(statement)
    assert services.verify().ok and AuditHead.objects.get(pk=1).seq == chain.seq


def test_the_head_cannot_skip_to_an_entry_that_is_not_the_newest(chain):
    second = AuditEntry.objects.get(seq=chain.seq - 1)
    _refused(f"UPDATE audit_audithead SET seq = {second.seq}, hash = '{second.hash}'")


def test_the_test_flush_mark_does_not_open_truncate_in_a_plain_transaction_without_it(chain):
    """Without the transaction-local mark (which only the suite's flush sets), TRUNCATE is
    refused even here; with it, in a `test_` database, it is what the flush relies on."""
    assert connection.settings_dict["NAME"].startswith("test_")
    _refused("TRUNCATE audit_auditentry, audit_audithead")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL atis.allow_audit_truncate = 'on'")
        cursor.execute("TRUNCATE audit_auditentry, audit_audithead")
        cursor.execute("SELECT count(*) FROM audit_auditentry")
        assert cursor.fetchone() == (0,)
        transaction.set_rollback(True)
    assert services.verify().ok and AuditEntry.objects.count() == chain.seq


def test_verify_is_consistent_while_the_application_writes(transactional_db):
    services.record("tester", "test.start", None)
    stop, errors = threading.Event(), []

    def writer(n):
        try:
            while not stop.is_set():
                services.record("tester", "test.concurrent", None, writer=n)
        except Exception as exc:  # noqa: BLE001 (reported by the test)
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    try:
        results = []
        while len(results) < 20:
            results.append(services.verify(chunk_size=7))
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert not errors
    assert [r.problem for r in results if not r.ok] == []
    assert results[-1].checked > results[0].checked  # the writers did write meanwhile
    assert services.verify().ok


@pytest.fixture
def app_role(transactional_db):
    role = f"atis_app_{uuid.uuid4().hex[:10]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} LOGIN")
    yield role
    with connection.cursor() as cursor:
        cursor.execute(f"DROP OWNED BY {role}")
        cursor.execute(f"DROP ROLE {role}")


def _as(role):
    params = connection.get_connection_params()
    return psycopg.connect(dbname=params["dbname"], host=params.get("host") or "127.0.0.1",
                           port=params.get("port") or 5432, user=role)


def test_the_application_role_appends_but_cannot_rewrite(app_role, capsys):
    services.record("tester", "test.before", None)
    call_command("db", "grant-app-role", app_role)
    assert f"granted the application role {app_role}" in capsys.readouterr().out
    with _as(app_role) as conn:
        for statement, error in [
            ("UPDATE audit_auditentry SET reason = 'x'", "permission denied"),
            ("DELETE FROM audit_auditentry", "permission denied"),
            ("TRUNCATE audit_auditentry", "permission denied"),
            ("DELETE FROM audit_audithead", "permission denied"),
            ("TRUNCATE audit_audithead", "permission denied"),
            ("DROP TRIGGER audit_entry_append_only ON audit_auditentry", "must be owner"),
            ("ALTER TABLE audit_auditentry DISABLE TRIGGER USER", "must be owner"),
            ("DROP TABLE audit_auditentry", "must be owner"),
        ]:
            with pytest.raises(psycopg.Error, match=error):
                conn.execute(statement)
            conn.rollback()
        head_seq, head_hash = conn.execute(
            "SELECT seq, hash FROM audit_audithead WHERE id = 1").fetchone()
        columns = ("at, actor_username, role, action, object_type, object_id, case_ref, "
                   "reason, details, ip")
        unsealed = "now(), 'app', '', 'test.app', '', '', '', '', '{}', ''"
        for statement in [  # what the role may do to the chain columns, the triggers limit
            f"UPDATE audit_auditentry SET hash = repeat('e', 64) WHERE seq = {head_seq}",
            f"UPDATE audit_auditentry SET seq = NULL, prev_hash = NULL, hash = NULL, "
            f"key_id = '' WHERE seq = {head_seq}",
            f"INSERT INTO audit_auditentry ({columns}, seq, prev_hash, hash, key_id) VALUES "
            f"({unsealed}, {head_seq + 1}, '{head_hash}', repeat('e', 64), 'k')",
        ]:
            with pytest.raises(psycopg.Error, match="append-only"):
                conn.execute(statement)
            conn.rollback()
        # What the application does: insert an entry unsealed, seal it, move the head, use
        # domain tables.
        [entry_id] = conn.execute(f"INSERT INTO audit_auditentry ({columns}, key_id) VALUES "
                                  f"({unsealed}, '') RETURNING id").fetchone()
        conn.execute("UPDATE audit_auditentry SET seq = %s, prev_hash = %s, hash = %s, "
                     "key_id = 'k' WHERE id = %s", [head_seq + 1, head_hash, "e" * 64, entry_id])
        with pytest.raises(psycopg.Error, match="append-only"):  # sealed once only
            conn.execute("UPDATE audit_auditentry SET hash = repeat('f', 64) WHERE id = %s",
                         [entry_id])
        conn.rollback()
        [entry_id] = conn.execute(f"INSERT INTO audit_auditentry ({columns}, key_id) VALUES "
                                  f"({unsealed}, '') RETURNING id").fetchone()
        conn.execute("UPDATE audit_auditentry SET seq = %s, prev_hash = %s, hash = %s, "
                     "key_id = 'k' WHERE id = %s", [head_seq + 1, head_hash, "e" * 64, entry_id])
        conn.execute("UPDATE audit_audithead SET seq = %s, hash = %s WHERE id = 1",
                     [head_seq + 1, "e" * 64])
        conn.execute("UPDATE core_organisation SET name_en = name_en")
        conn.execute("SELECT count(*) FROM core_organisation")
        conn.rollback()  # nothing of it stays
    assert services.verify().ok


def test_grant_refuses_a_superuser_or_the_owner(transactional_db):
    from django.core.management.base import CommandError

    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        owner = cursor.fetchone()[0]
    with pytest.raises(CommandError, match="superuser or the role running this command"):
        call_command("db", "grant-app-role", owner)
    with pytest.raises(CommandError, match="does not exist"):
        call_command("db", "grant-app-role", "atis_no_such_role")
