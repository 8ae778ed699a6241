"""The concurrency benchmark runs end to end (a smoke test, no timing asserted): clients
post and read reports at once, the audit trail is sealed, verifies and holds exactly the
entries the requests wrote (asserted by the benchmark itself). PostgreSQL: the in-memory
SQLite test database has one connection."""

from types import SimpleNamespace

import pytest

from atis.core.roles import Role
from benchmarks.concurrency import TARGET, concurrency


@pytest.fixture
def data(transactional_db, make_user):
    """What the benchmark reads of the Dataset (benchmarks/dataset.py): two users."""
    return SimpleNamespace(users={"reporter": make_user(Role.REPORTER, "pu-novi-sad"),
                                  "caseworker": make_user(Role.CENTRE_CASEWORKER)})


@pytest.mark.postgresql
def test_concurrent_clients_leave_a_sealed_verified_trail(data):
    lines = []
    rows = concurrency(backend="postgresql", scale=0, data=data, log=lines.append,
                       clients=(1, 3, 8), requests=4)
    assert [r.operation for r in rows] == [
        f"POST report + audited GET, {n} concurrent clients" for n in (1, 3, 8)]
    assert [r.target for r in rows] == ["", "", TARGET]
    assert rows[0].ok is None and rows[2].ok in (True, False)
    assert all(r.p95_ms >= r.median_ms > 0 and "req/s" in r.note for r in rows)
    assert lines[-1].startswith("postgresql: sealed and verified ")
