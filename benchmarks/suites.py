"""The benchmark suites, by capability. Each takes the backend name and the scale and
returns harness.Row objects."""

import datetime
import random
import time

from benchmarks.harness import Row, peak_mb, timed


def people(*, backend: str, scale: int, log) -> list[Row]:
    """Bulk creation of `scale` persons with encrypted identities, then blind-index
    look-up latency at that size (issue #2: look-up p95 ≤ 5 ms, 1M persons ≤ 10 min)."""
    from atis.core import services as core_services
    from atis.core.roles import Role
    from atis.people import selectors, services
    from atis.people.demo import person_row
    from atis.reference.services import reference_load

    reference_load()
    core_services.organisations_load()
    manager = core_services.user_create(
        actor=None, username="bench-manager", password="Bench-password-2026",
        organisation=core_services.Organisation.objects.get(code="centre"),
        role=Role.CENTRE_MANAGER)
    rng, today = random.Random(2), datetime.date.today()
    sample = []

    def rows():
        for n in range(scale):
            row = person_row(rng, today)
            if n % max(1, scale // 1000) == 0:
                sample.append(row["identity"])
            yield row

    start = time.perf_counter()
    services.persons_bulk_create(actor_label="bench", rows=rows(), batch_size=5000)
    elapsed_ms = (time.perf_counter() - start) * 1000
    log(f"{backend}: {scale} persons in {elapsed_ms / 1000:.0f} s")
    result = [Row("create persons (bulk, encrypted)", backend, scale, elapsed_ms, elapsed_ms,
                  peak_mb(), f"{scale / (elapsed_ms / 1000):,.0f} persons/s")]

    repeat = min(len(sample) * 3, 1000)
    probes = iter(sample * 6)

    def lookup():
        identity = next(probes)
        assert selectors._match_identifiers(given_name=identity["given_name"],
                                            family_name=identity["family_name"],
                                            date_of_birth=identity["date_of_birth"])

    def duplicate_check():
        identity = next(probes)
        assert selectors.likely_duplicates(
            user=manager, given_name=identity["given_name"], family_name=identity["family_name"],
            date_of_birth=identity["date_of_birth"])

    median, p95 = timed(lookup, repeat)
    result.append(Row("blind-index look-up", backend, scale, median, p95, peak_mb(),
                      "name + date of birth"))
    median, p95 = timed(duplicate_check, repeat)
    result.append(Row("duplicate check (access + audit entry)", backend, scale, median, p95,
                      peak_mb(), "one committed audit write each"))
    return result


SUITES = {"people": people}
