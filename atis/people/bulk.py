"""Writing many persons at once as plain rows, without model instances: for the bulk
load (`services.persons_bulk_create`) and the legacy import (`services.persons_import`).

The persons' ids are reserved first (from the table's sequence on PostgreSQL; on SQLite,
which serialises writers, after the highest id while the caller's transaction holds the
write lock), so the identities are encrypted and bound to their rows, a column at a time,
before anything is inserted. The rows then go in with COPY on PostgreSQL and one
executemany per table on SQLite. The values stored are those `save()` would store: the
model path reads them back, and `atis keys rotate` / `reindex` treat them like any other.
Call inside a transaction.
"""

import uuid

from django.core.exceptions import FieldError
from django.db import connection, transaction
from django.db.models import NOT_PROVIDED
from django.utils import timezone

from atis.core import crypto
from atis.core.fields import encrypted_fields
from atis.people.identifiers import FOLD_SCHEME, IDENTITY_FIELDS, index_values
from atis.people.models import CaseAssignment, IdentifierIndex, Person, PersonIdentity


def reserve_ids(model, count: int) -> list[int]:
    """`count` primary keys for new rows of `model`, no one else's (see the module's
    docstring for SQLite: the caller must already have written in its transaction)."""
    table, pk = model._meta.db_table, model._meta.pk.column
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) "
                           "FROM generate_series(1, %s)", [table, pk, count])
            return sorted(row[0] for row in cursor.fetchall())
        # Only quoted names from the model's metadata enter the text.
        cursor.execute(f"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "  # noqa: S608
                       f"coalesce((SELECT max({quote(pk)}) FROM {quote(table)}), 0))", [table])
        first = cursor.fetchone()[0] + 1
    return list(range(first, first + count))


def _default(field, now):
    """The one value a column not given takes in every row of a batch."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        value = now
    elif field.has_default() and not field.unique:
        value = field.get_default()
    elif field.null:
        return None
    else:
        raise FieldError(f"{field.model._meta.label}.{field.name} needs a value per row")
    return field.get_db_prep_save(value, connection)


def insert(model, names: list[str], rows: list[tuple], now=None) -> None:
    """Insert `rows`, each the values of the fields `names` as the database takes them,
    into `model`'s table; other columns take their default (or NULL)."""
    if not rows:
        return
    meta, quote = model._meta, connection.ops.quote_name
    given = [meta.get_field(name) for name in names]
    rest = [f for f in meta.concrete_fields if f not in given and not f.primary_key
            and f.db_default is NOT_PROVIDED]
    extra = tuple(_default(f, now or timezone.now()) for f in rest)
    table = quote(meta.db_table)
    columns = ", ".join(quote(f.column) for f in given + rest)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row + extra)
        else:
            marks = ", ".join(["%s"] * (len(given) + len(rest)))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})",  # noqa: S608
                               [row + extra for row in rows])


def write(rows: list[dict], pseudonyms: list[str], *, created_by=None, assign_to=None,
          assign_count: int = 0, assigned_by=None) -> list[int]:
    """Insert one person per row, with identity, blind indexes, citizenships and languages;
    the first `assign_count` are assigned to `assign_to`. Each row: {"sex", "birth_year",
    "first_known_on", "citizenships": [country id], "languages": [language id],
    "identity": {field: value}}. Returns the persons' ids, in the order of `rows`. Runs
    inside a transaction that has already written (the pseudonyms' counter), which on
    SQLite holds the write lock the ids are reserved under."""
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError("bulk.write runs inside a transaction")
    now = timezone.now()
    at = Person._meta.get_field("created_at").get_db_prep_save(now, connection)
    ids = reserve_ids(Person, len(rows))
    adapt_date = connection.ops.adapt_datefield_value
    user = created_by.pk if created_by is not None else None
    org = created_by.organisation.pk if created_by is not None else None
    insert(Person, ["id", "pseudonym", "sex", "birth_year", "first_known_on", "created_at",
                    "created_by", "created_by_organisation"],
           [(pk, name, row["sex"], row.get("birth_year"), adapt_date(row["first_known_on"]), at,
             user, org) for pk, name, row in zip(ids, pseudonyms, rows, strict=True)], now)
    identities = [row.get("identity") or {} for row in rows]
    unknown = set().union(*identities) - set(IDENTITY_FIELDS)
    if unknown:
        raise FieldError(f"unknown identity fields: {', '.join(sorted(unknown))}")
    fields = encrypted_fields(PersonIdentity)
    columns = [f.seal_many([(pk, identity.get(f.name))
                            for pk, identity in zip(ids, identities, strict=True)])
               for f in fields]
    insert(PersonIdentity, ["person", *(f.name for f in fields)],
           list(zip(ids, *columns, strict=True)), now)
    key = crypto.blind_keys()[0]
    insert(IdentifierIndex, ["person", "kind", "digest", "key_id", "scheme"],
           [(pk, str(kind), crypto.blind_index(kind, value, key), key.key_id, FOLD_SCHEME)
            for pk, identity in zip(ids, identities, strict=True)
            for kind, value in index_values(identity)], now)
    for m2m, target in ((Person.citizenships, "country"), (Person.languages, "language")):
        insert(m2m.through, ["person", target],
               [(pk, other) for pk, row in zip(ids, rows, strict=True)
                for other in row.get(m2m.field.name, ())], now)
    if assign_to is not None:
        by = assigned_by.pk if assigned_by is not None else None
        # A row key per row (a column left out would take one default for the batch).
        row_key = CaseAssignment._meta.get_field("row_key")
        insert(CaseAssignment, ["person", "user", "assigned_by", "assigned_at", "row_key"],
               [(pk, assign_to.pk, by, at, row_key.get_db_prep_save(uuid.uuid4(), connection))
                for pk in ids[:assign_count]], now)
    return ids
