"""Tampering as an insider with database access would do it."""

import contextlib

from django.db import connection


@contextlib.contextmanager
def triggers_disabled():
    """What an insider with the owner or a superuser role does first: switch the audit
    tables' triggers off (PostgreSQL; SQLite has none)."""
    if connection.vendor != "postgresql":
        yield
        return
    tables = ("audit_auditentry", "audit_audithead")
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
