"""`atis db grant-app-role ROLE`: give the application's database role what serving needs
and no more (docs/admin-guide.md, "Database roles"). Run it as the owner role (with
ATIS_DATABASE_OWNER_URL set, `atis db` connects as the owner) after every `atis migrate`."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

# Tables the application may only append to (and read); the head may move forward, which
# the PostgreSQL triggers check. TRUNCATE is granted on nothing.
# An entry is inserted unsealed; the sealer sets its chain columns once (triggers again).
APPEND_ONLY = {"audit_auditentry": "SELECT, INSERT, UPDATE (seq, prev_hash, hash, key_id)",
               "audit_audithead": "SELECT, INSERT, UPDATE"}
READ_ONLY = {"django_migrations": "SELECT"}
DOMAIN = "SELECT, INSERT, UPDATE, DELETE"


class Command(BaseCommand):
    help = ("Database role tools (PostgreSQL). `atis db grant-app-role ROLE`, run as the "
            "owner role, grants the application role SELECT/INSERT/UPDATE/DELETE on the "
            "domain tables, only SELECT, INSERT and UPDATE of the chain columns on audit "
            "entries, SELECT, INSERT and UPDATE on the audit head, and the sequences; never "
            "TRUNCATE or ownership.")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["grant-app-role"])
        parser.add_argument("role", help="the application's login role (it must exist)")

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("database roles exist on PostgreSQL only", returncode=1)
        role = options["role"]
        statements = self.grant_statements(role)
        with transaction.atomic(), connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
        self.stdout.write(f"granted the application role {role} access to "
                          f"{len(connection.introspection.table_names())} tables")

    def grant_statements(self, role: str) -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper, rolname = current_user FROM pg_roles "
                           "WHERE rolname = %s", [role])
            row = cursor.fetchone()
            if row is None:
                raise CommandError(f"role {role} does not exist (create it first: "
                                   f"CREATE ROLE {role} LOGIN PASSWORD '...')", returncode=1)
            if row[0] or row[1]:
                raise CommandError(f"role {role} is a superuser or the role running this "
                                   "command; the application role must be neither",
                                   returncode=1)
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                           "AND tableowner = %s", [role])
            owned = [r[0] for r in cursor.fetchall()]
            if owned:
                raise CommandError(f"role {role} owns {len(owned)} tables (for example "
                                   f"{owned[0]}); run migrations as a separate owner role",
                                   returncode=1)
            cursor.execute("SELECT current_database(), current_schema()")
            database, schema = cursor.fetchone()
        quote = connection.ops.quote_name
        who, schema_q = quote(role), quote(schema)
        statements = [f"GRANT CONNECT ON DATABASE {quote(database)} TO {who}",
                      f"GRANT USAGE ON SCHEMA {schema_q} TO {who}"]
        for table in connection.introspection.table_names():
            privileges = APPEND_ONLY.get(table) or READ_ONLY.get(table) or DOMAIN
            statements += [f"REVOKE ALL ON TABLE {quote(table)} FROM {who}",
                           f"GRANT {privileges} ON TABLE {quote(table)} TO {who}"]
        statements += [
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema_q} TO {who}",
            # Tables later migrations create start with the domain grants; run this command
            # again after each migration all the same (it is idempotent).
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema_q} GRANT {DOMAIN} ON TABLES TO {who}",
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema_q} GRANT USAGE, SELECT ON SEQUENCES "
            f"TO {who}",
        ]
        return statements
