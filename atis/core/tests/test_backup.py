"""`atis backup` and `atis restore`: a backup restored into an empty database has every
table's rows as they were, an audit chain that verifies and identities that decrypt with
the keys it carried; it is unreadable without the operator's identity, and a restore
refuses a database that is not empty."""

import datetime
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from atis.audit import services as audit
from atis.core.roles import Role

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.django_db(transaction=True)


def run_atis(database_url: str, *args: str, env_file: Path | None = None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATIS_")}
    env.update({"DJANGO_SETTINGS_MODULE": "atis.settings", "ATIS_DATABASE_URL": database_url,
                "ATIS_ENV_FILE": str(env_file) if env_file else "", "ATIS_ALLOWED_HOSTS": "localhost",
                "ATIS_AUDIT_CHECKPOINT_DIR": tempfile.mkdtemp(prefix="atis-test-checkpoints-")})
    return subprocess.run([sys.executable, "-m", "atis.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def _plain(value):
    """A value as both connections read it: moments in UTC whatever zone object they carry,
    JSON as its canonical text (Django reads jsonb as text, psycopg as objects)."""
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.astimezone(datetime.UTC)
    if isinstance(value, str) and value[:1] in "{[":
        try:
            value = json.loads(value)
        except ValueError:
            return value
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True)
    return value


def rows(cursor, tables) -> dict:
    found = {}
    for table in tables:
        cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (introspected names)
        found[table] = sorted(repr(tuple(map(_plain, row))) for row in cursor.fetchall())
    return found


@pytest.fixture
def empty_database(tmp_path):
    """(URL of a new empty database of the suite's engine, a cursor factory on it)."""
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        # Read with the converters Django registered, as the suite's own connection reads.
        yield f"sqlite:///{path}", lambda: sqlite3.connect(
            path, detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES).cursor()
        return
    db = connection.settings_dict
    name = f"atis_restore_{uuid.uuid4().hex[:8]}"
    server = f"postgresql://{db['USER']}@{db['HOST']}:{db['PORT']}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        with psycopg.connect(f"{server}/{name}", autocommit=True) as restored:
            yield f"{server}/{name}", restored.cursor
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restores_every_row_the_audit_chain_and_the_identities(
        tmp_path, make_person, make_user, empty_database):
    caseworker = make_user(Role.CENTRE_CASEWORKER)
    person = make_person(actor=caseworker, identity={"given_name": "Milica",
                                                     "family_name": "Đorđević"})
    audit.seal()
    identity = tmp_path / "identity.txt"
    call_command("backup", "--new-identity", str(identity))
    recipient = identity.read_text().split("public key: ")[1].split()[0]
    archive = tmp_path / "atis.backup"
    call_command("backup", str(archive), "--recipient", recipient)
    assert b"Milica" not in archive.read_bytes() and b"SQLite format" not in archive.read_bytes()
    assert oct(archive.stat().st_mode & 0o777) == "0o600"

    url, cursor_on = empty_database
    keys = tmp_path / "keys.env"
    restored = run_atis(url, "restore", str(archive), "--identity", str(identity),
                        "--keys-to", str(keys))
    assert restored.returncode == 0, restored.stderr
    assert "restored" in restored.stdout and "Milica" not in restored.stdout

    tables = connection.introspection.table_names()
    with connection.cursor() as original:
        before = rows(original, tables)
    after = rows(cursor_on(), tables)
    assert after == before

    # The restored database serves with the keys the backup carried.
    verified = run_atis(url, "audit", "verify", env_file=keys)
    assert verified.returncode == 0, verified.stderr
    name = run_atis(url, "shell", "--no-imports", "-c", (
        "from atis.people.models import PersonIdentity; "
        f"print(PersonIdentity.objects.get(person__pseudonym='{person.pseudonym}').given_name)"),
        env_file=keys)
    assert name.stdout.strip() == "Milica", name.stderr

    # A database that is not empty (this one, now) is refused, and nothing is written.
    again = run_atis(url, "restore", str(archive), "--identity", str(identity),
                     "--keys-to", str(tmp_path / "keys-again.env"))
    assert again.returncode == 2
    assert again.stderr.strip().endswith("the database is not empty: restore into a new, "
                                         "empty database")
    assert not (tmp_path / "keys-again.env").exists()


def test_a_backup_needs_a_recipient_and_the_right_identity(tmp_path, empty_database):
    with pytest.raises(CommandError, match="name at least one recipient"):
        call_command("backup", str(tmp_path / "none.backup"))
    with pytest.raises(CommandError, match="not an age public key"):
        call_command("backup", str(tmp_path / "bad.backup"), "--recipient", "ssh-rsa AAAA")
    call_command("backup", "--new-identity", str(tmp_path / "mine.txt"))
    call_command("backup", "--new-identity", str(tmp_path / "other.txt"))
    recipient = (tmp_path / "mine.txt").read_text().split("public key: ")[1].split()[0]
    call_command("backup", str(tmp_path / "atis.backup"), "--recipient", recipient)
    url, _cursor_on = empty_database
    wrong = run_atis(url, "restore", str(tmp_path / "atis.backup"), "--identity",
                     str(tmp_path / "other.txt"), "--keys-to", str(tmp_path / "keys.env"))
    assert wrong.returncode == 2
    assert wrong.stderr.strip().endswith("the backup cannot be decrypted with this identity")
    assert not (tmp_path / "keys.env").exists()
