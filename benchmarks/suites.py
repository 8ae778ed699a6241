"""The benchmark suites, in the order they run. Each is `suite(*, backend, scale, data, log)
-> list[harness.Row]`, where `data` is the one dataset (benchmarks.dataset.Dataset) the
worker built for the backend; suites that write run after those that only read."""

NAMES = ["people", "pages", "statistics", "duckdb", "concurrency", "imports", "load", "growth"]


def people(**kwargs):
    from benchmarks import people

    return people.people(**kwargs)


def pages(**kwargs):
    from benchmarks import pages

    return pages.pages(**kwargs)


def statistics(**kwargs):
    from benchmarks import statistics_suite

    return statistics_suite.annual_report(**kwargs)


def growth(**kwargs):
    from benchmarks import statistics_suite

    return statistics_suite.growth(**kwargs)


def duckdb(*, backend, scale, data, log):
    from benchmarks import duckdb_peer

    return duckdb_peer.compare(backend=backend, data=data, log=log)


def concurrency(**kwargs):
    from benchmarks import concurrency
    from benchmarks.harness import smoke

    # The smoke test: fewer clients and requests, the 8 clients of the target kept.
    return concurrency.concurrency(**kwargs, **({"clients": (1, 3, 8), "requests": 4}
                                                if smoke() else {}))


def imports(**kwargs):
    from benchmarks import legacy_import

    return legacy_import.legacy_import(**kwargs)


def load(**kwargs):
    from benchmarks import load

    return load.load(**kwargs)


def suite(name: str):
    """The suite function of that name."""
    if name not in NAMES:
        raise SystemExit(f"unknown benchmark suite {name!r}: choose among {', '.join(NAMES)}")
    return globals()[name]
