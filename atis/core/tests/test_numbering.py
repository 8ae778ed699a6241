"""Numbers (report references, pseudonyms, case numbers) stay unique and in their format
while many requests take them at once; on PostgreSQL no request waits for another's
counter (issue 12). SQLite keeps a row-locked counter (its writers take turns anyway)."""

import datetime
import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, transaction
from django.utils import timezone

from atis.core.models import Counter
from atis.core.roles import Role
from atis.core.services import sequence_next

pytestmark = pytest.mark.postgresql


def _threads(fn, n):
    """fn(i) on n threads at once, each on its own connection; the results in order."""
    barrier = threading.Barrier(n)

    def run(i):
        try:
            barrier.wait(timeout=30)
            return fn(i)
        finally:
            connection.close()

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(run, range(n)))


def test_a_number_waits_for_no_open_transaction_holding_another(transactional_db):
    with transaction.atomic():
        assert sequence_next("memo:2031") == 1  # the year's sequence is created once
    taken, release = threading.Event(), threading.Event()

    def holder():
        with transaction.atomic():
            number = sequence_next("memo:2031")
            taken.set()
            assert release.wait(30)
        return number

    with ThreadPoolExecutor(2) as pool:
        held = pool.submit(_own_connection, holder)
        assert taken.wait(30)
        mine = pool.submit(_own_connection, lambda: sequence_next("memo:2031"))
        assert mine.result(timeout=10) == 3  # no wait for the open transaction
        release.set()
        assert held.result(timeout=30) == 2


def _own_connection(fn):
    try:
        with transaction.atomic():
            return fn()
    finally:
        connection.close()


def test_numbers_are_unique_under_concurrency_blocks_stay_whole_rollbacks_leave_gaps(
        transactional_db):
    Counter.objects.create(key="case:2031", last=41)  # kept from before the sequences

    def take(i):
        numbers = []
        for n in range(12):
            with transaction.atomic():
                if i == 0 and n % 4 == 0:  # one client reserves blocks, as bulk loads do
                    first = sequence_next("case:2031", 25)
                    numbers.append(range(first, first + 25))
                else:
                    numbers.append([sequence_next("case:2031")])
                if n == 5:
                    transaction.set_rollback(True)  # its number is not taken again
        return numbers

    taken = [number for numbers in _threads(take, 8) for chunk in numbers for number in chunk]
    assert len(taken) == len(set(taken)) == 7 * 12 + 3 * 25 + 9
    assert min(taken) == 42  # continues the counter row
    with transaction.atomic():
        assert sequence_next("case:2031") == max(taken) + 1


def test_concurrent_reports_get_unique_references_in_their_format(transactional_db, make_user):
    from atis.intake import services as intake

    reporter = make_user(Role.REPORTER, "pu-novi-sad")
    received = timezone.make_aware(datetime.datetime(2025, 6, 1, 10, 0))

    def submit(i):
        report = intake.report_submit(
            actor=reporter, channel="phone", source_type="police_administration",
            suspected_forms=["sexual"], received_at=received,
            persons=[{"sex": "female", "birth_year": 1995, "citizenships": ["RS"],
                      "identity": {"given_name": "Mila", "family_name": f"Ilić{i}"}}])
        return report.reference, report.persons.get().person.pseudonym

    results = _threads(submit, 10)
    references = [ref for ref, _ in results]
    pseudonyms = [p for _, p in results]
    assert len(set(references)) == len(set(pseudonyms)) == 10
    assert all(re.fullmatch(r"R-2025-\d{4,}", ref) for ref in references)
    assert all(re.fullmatch(r"V-2025-\d{4,}", p) for p in pseudonyms)
