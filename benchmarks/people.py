"""Persons at scale (issue #2): the bulk creation of the dataset's persons with encrypted
identities and blind indexes (≤ 10 min at 1,000,000), the whole dataset's build, and the
blind-index look-up (p95 ≤ 5 ms)."""

import datetime
import os
import random

from benchmarks.harness import Row, duration, heap_peak_mb, judged, timed

BATCH = 5000


def people(*, backend: str, scale: int, data, log) -> list[Row]:
    from atis.people import selectors, services
    from atis.people.demo import person_row

    seconds = data.persons_seconds
    limit_s = 600 * scale / 1_000_000
    rng = random.Random(7)

    def one_batch():
        services.persons_bulk_create(actor_label="bench-peak", batch_size=BATCH, rows=(
            person_row(rng, datetime.date.today()) for _ in range(BATCH)))

    rows = [Row("create persons (bulk, encrypted)", backend, scale, seconds * 1000, seconds * 1000,
                heap_peak_mb(one_batch), f"{scale / seconds:,.0f} persons/s; {seconds * 1e6 / scale:,.0f} "
                f"µs each; peak: one more batch of {BATCH:,}",
                f"≤ {duration(limit_s * 1000)} (10 min at 1M)", seconds <= limit_s)]
    total = sum(data.counts.values())
    build = data.build_seconds
    at_1m = build * 1_000_000 / scale
    rate = total / max(build - seconds, 1e-3)
    load = os.getloadavg()[0]
    rows.append(Row("dataset build (persons + every other row)", backend, scale, build * 1000,
                    build * 1000, None, f"{total:,} other rows; {rate:,.0f} rows/s after the "
                    f"persons; ≈ {at_1m / 60:,.1f} min at 1M if linear; "
                    f"{data.build_cpu_seconds:,.0f} s CPU here; load average {load:.1f}"))

    probes = iter(data.probes * (1 + 1000 // max(1, len(data.probes))))

    def lookup():
        identity = next(probes)
        assert selectors._match_identifiers(given_name=identity["given_name"],
                                            family_name=identity["family_name"],
                                            date_of_birth=identity["date_of_birth"])

    median, p95, n = timed(lookup, min(len(data.probes), 1000))
    rows.append(judged("blind-index look-up", backend, scale, median, p95, heap_peak_mb(lookup),
                       p95_ms=5, note=f"name + date of birth; n={n}"))
    return rows
