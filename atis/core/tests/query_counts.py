"""Helpers of the query-count tests (issue 12): a page or list endpoint is read with N rows
and with 3N rows and must issue the same, exact number of SELECTs (exact per database:
PostgreSQL and SQLite differ by a few constant queries). Only SELECTs outside
the audit tables are counted, so how the audit trail writes its entries (one multi-row
insert per request, a sealing job) does not change these numbers."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

N = 3


def selects(client, url: str) -> int:
    """The SELECTs of one GET of `url` (which must answer 200)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_HOST="localhost")
    assert response.status_code == 200, (url, response.status_code)
    return sum(1 for q in queries.captured_queries if _is_select(q["sql"]) and "audit_" not in q["sql"])


def _is_select(sql: str) -> bool:
    """A SELECT, also when PostgreSQL reads it through a server-side cursor (`iterator()`)."""
    sql = sql.lstrip().upper()
    return sql.startswith("SELECT") or (sql.startswith("DECLARE") and " FOR SELECT" in sql)


def counts_stay(cases: dict[str, tuple], add) -> dict[str, int]:
    """`cases`: name → (user, url). The SELECTs of each with N and with 3N rows (`add(n)`
    adds n rows of everything the pages show), asserted equal; returns them by name."""
    clients = {}
    for user, _url in cases.values():
        if user.pk not in clients:
            clients[user.pk] = Client()
            clients[user.pk].force_login(user)

    def measure():
        return {name: selects(clients[user.pk], url() if callable(url) else url)
                for name, (user, url) in cases.items()}

    add(N)
    measure()  # warm: the first request of a process loads the cached code lists
    first = measure()
    add(2 * N)
    again = measure()
    grew = {name: (first[name], again[name]) for name in first if again[name] != first[name]}
    assert not grew, f"SELECTs (N rows, 3N rows) that grew: {grew}"
    return first
