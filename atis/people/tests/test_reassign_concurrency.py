"""Two managers transferring the same case at the same moment take turns: the case never
ends up with two active assignments, and the history shows both transfers in order.
PostgreSQL only: SQLite's in-memory test database has one writer."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from atis.core import chronology
from atis.core.errors import DomainError
from atis.core.roles import Role
from atis.people import services
from atis.people.models import CaseAssignment

pytestmark = pytest.mark.postgresql


def _at_once(calls):
    """Each call on its own thread and connection, released together; the results (or
    the DomainError raised) in order."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        try:
            barrier.wait(timeout=30)
            return call()
        except DomainError as exc:
            return exc
        finally:
            connection.close()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


@pytest.fixture
def slow_check(monkeypatch):
    """Widen the window between reading the current assignments and writing the new one,
    where two transfers without a lock would both end the same assignment."""
    real = chronology.happened_at

    def slow(*args, **kwargs):
        time.sleep(0.3)
        return real(*args, **kwargs)

    monkeypatch.setattr(chronology, "happened_at", slow)


def test_two_managers_transferring_one_case_at_once_leave_one_assignment(
        transactional_db, make_user, make_person, slow_check):
    holder = make_user(Role.CENTRE_CASEWORKER)
    first, second = make_user(Role.CENTRE_CASEWORKER), make_user(Role.CENTRE_CASEWORKER)
    managers = make_user(Role.CENTRE_MANAGER), make_user(Role.CENTRE_MANAGER)
    person = make_person(actor=holder)

    results = _at_once([
        lambda: services.case_reassign(actor=managers[0], person=person, user=first,
                                       reason="Workload"),
        lambda: services.case_reassign(actor=managers[1], person=person, user=second,
                                       reason="Specialism")])

    assert not [r for r in results if isinstance(r, Exception)], results
    assert CaseAssignment.objects.filter(person=person, active=True).count() == 1
    rows = list(CaseAssignment.objects.filter(person=person).order_by("pk"))
    assert [r.user for r in rows][0] == holder and len(rows) == 3
    # The later transfer ended the earlier one's assignment, not the holder's again.
    earlier, later = rows[1], rows[2]
    assert earlier.ended_by == later.assigned_by and not earlier.active and later.active
    assert rows[0].ended_by == earlier.assigned_by


def test_two_managers_transferring_to_the_same_caseworker_at_once(
        transactional_db, make_user, make_person, slow_check):
    holder, taker = make_user(Role.CENTRE_CASEWORKER), make_user(Role.CENTRE_CASEWORKER)
    managers = make_user(Role.CENTRE_MANAGER), make_user(Role.CENTRE_MANAGER)
    person = make_person(actor=holder)

    results = _at_once([
        lambda manager=manager: services.case_reassign(actor=manager, person=person,
                                                       user=taker, reason="Workload")
        for manager in managers])

    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(refused) == 1 and "user" in refused[0].fields
    assert list(CaseAssignment.objects.filter(person=person, active=True)
                .values_list("user", flat=True)) == [taker.pk]
    assert CaseAssignment.objects.filter(person=person).count() == 2
