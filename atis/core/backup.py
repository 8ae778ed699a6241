"""Backups that restore: one file holding a consistent copy of the database and the keys
that read it, encrypted with age (https://age-encryption.org) to recipients whose private
keys the operator keeps apart from the backups.

Inside the encryption, a tar of:

* `database.pgdump` (PostgreSQL: `pg_dump --format=custom` in one snapshot) or
  `database.sqlite3` (SQLite's online backup);
* `keys.json`: the settings whose keys read the data (field, blind-index, audit and
  signing keys);
* `manifest.json`: when, which engine, and the rows of each table in that same snapshot,
  which a restore must find again.

The backup is never written unencrypted outside a private temporary directory."""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection, transaction

from atis import config

FORMAT = 1
PG_DUMP = "database.pgdump"
SQLITE_COPY = "database.sqlite3"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why in one line."""


def _is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _pg_env() -> dict:
    db = connection.settings_dict
    env = {**os.environ, "PGHOST": db.get("HOST") or "", "PGPORT": str(db.get("PORT") or ""),
           "PGUSER": db.get("USER") or "", "PGDATABASE": db["NAME"]}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _quoted(table: str) -> str:
    return connection.ops.quote_name(table)


def _row_counts(cursor, tables) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {_quoted(table)}")  # noqa: S608 (introspected names)
        counts[table] = cursor.fetchone()[0]
    return counts


def _keys() -> dict[str, str]:
    return {"ATIS_SECRET_KEY": settings.SECRET_KEY,
            "ATIS_FIELD_KEYS": config.format_field_keys(settings.FIELD_KEYS),
            "ATIS_BLIND_INDEX_KEY": config.format_field_keys(settings.BLIND_INDEX_KEYS),
            "ATIS_AUDIT_KEYS": config.format_field_keys(settings.AUDIT_KEYS)}


def _dump_postgresql(target: Path) -> dict[str, int]:
    """pg_dump in the snapshot the counts are taken in, so they describe the same rows."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = _row_counts(cursor, connection.introspection.table_names(cursor))
        done = subprocess.run(  # noqa: S603 (fixed arguments)
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
             f"--snapshot={snapshot}", f"--file={target}"],
            env=_pg_env(), capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"pg_dump failed: {done.stderr.strip().splitlines()[-1]}")
    return counts


def _dump_sqlite(target: Path) -> dict[str, int]:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        tables = [row[0] for row in copy.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return _row_counts(copy.cursor(), tables)
    finally:
        copy.close()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def recipients_from(texts) -> list:
    from pyrage import RecipientError, x25519

    try:
        return [x25519.Recipient.from_str(text.strip()) for text in texts if text.strip()]
    except RecipientError:
        raise BackupError("a recipient is not an age public key (age1…)") from None


def backup(output: Path, recipients: list) -> dict:
    """Write the encrypted backup to `output` (which must not exist); returns the manifest."""
    from pyrage import encrypt_file

    if not recipients:
        raise BackupError("name at least one recipient (--recipient or ATIS_BACKUP_RECIPIENTS)")
    if output.exists():
        raise BackupError(f"{output} exists already")
    with tempfile.TemporaryDirectory(prefix="atis-backup-") as work:
        work = Path(work)
        name = PG_DUMP if _is_postgresql() else SQLITE_COPY
        counts = (_dump_postgresql if _is_postgresql() else _dump_sqlite)(work / name)
        manifest = {"format": FORMAT, "engine": connection.vendor, "database": name,
                    "sha256": _sha256(work / name),
                    "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
                    "tables": counts}
        (work / "manifest.json").write_text(json.dumps(manifest, indent=2))
        (work / "keys.json").write_text(json.dumps(_keys(), indent=2))
        with tarfile.open(work / "backup.tar", "w") as tar:
            for part in ("manifest.json", "keys.json", name):
                tar.add(work / part, arcname=part)
        encrypt_file(str(work / "backup.tar"), str(work / "backup.age"), recipients)
        shutil.move(work / "backup.age", output)
    output.chmod(0o600)
    return manifest


def _identity(path: Path):
    from pyrage import IdentityError, x25519

    try:
        lines = [line.strip() for line in path.read_text().splitlines()]
    except OSError:
        raise BackupError(f"{path} cannot be read") from None
    secret = next((line for line in lines if line.startswith("AGE-SECRET-KEY-")), None)
    try:
        return x25519.Identity.from_str(secret or "")
    except IdentityError:
        raise BackupError(f"{path} holds no age identity (AGE-SECRET-KEY-…)") from None


def _database_is_empty() -> bool:
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def _restore_postgresql(dump: Path) -> None:
    connection.close()
    done = subprocess.run(  # noqa: S603 (fixed arguments)
        ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
         f"--dbname={connection.settings_dict['NAME']}", str(dump)],
        env=_pg_env(), capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed: {done.stderr.strip().splitlines()[-1]}")


def _restore_sqlite(copy: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(copy)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def restore(source: Path, identity_file: Path, keys_to: Path) -> dict:
    """Restore the backup into the configured database, which must be empty; the keys go
    to `keys_to` (created, mode 0600). Raises BackupError when the rows found differ from
    the manifest's."""
    from pyrage import DecryptError, decrypt_file

    identity = _identity(identity_file)
    if keys_to.exists():
        raise BackupError(f"{keys_to} exists already")
    if not _database_is_empty():
        raise BackupError("the database is not empty: restore into a new, empty database")
    with tempfile.TemporaryDirectory(prefix="atis-restore-") as work:
        work = Path(work)
        try:
            decrypt_file(str(source), str(work / "backup.tar"), [identity])
        except (DecryptError, OSError):
            raise BackupError("the backup cannot be decrypted with this identity") from None
        with tarfile.open(work / "backup.tar") as tar:
            tar.extractall(work, filter="data")
        manifest = json.loads((work / "manifest.json").read_text())
        if manifest.get("format") != FORMAT or manifest.get("engine") != connection.vendor:
            raise BackupError(f"this is a backup of a {manifest.get('engine')} database; the "
                              f"configured database is {connection.vendor}")
        dump = work / manifest["database"]
        if _sha256(dump) != manifest["sha256"]:
            raise BackupError("the database copy in the backup is damaged (checksum)")
        (_restore_postgresql if _is_postgresql() else _restore_sqlite)(dump)
        fd = os.open(keys_to, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write("".join(f"{name}={value}\n" for name, value in
                             json.loads((work / "keys.json").read_text()).items()))
    try:
        with connection.cursor() as cursor:
            found = _row_counts(cursor, manifest["tables"])
    except DatabaseError:
        raise BackupError("the restored database lacks tables the backup has") from None
    if found != manifest["tables"]:
        differ = sorted(t for t in manifest["tables"] if found.get(t) != manifest["tables"][t])
        raise BackupError(f"the restored rows differ from the backup's in {', '.join(differ)}")
    return manifest
