"""Issue 12 §4: concurrent clients mixing audited reads and writes, through the real API views
(access policy, serializers, audit middleware), each client on its own thread with its own
test client and database connection. No request may wait for another's lock: the POST p95
at 8 clients stays ≤ 100 ms. Afterwards the audit trail is sealed and verified, and it holds
exactly the entries the requests wrote. On PostgreSQL each row also says how many of the
busy database sessions were waiting for a lock (sampled), and every row the CPU time of a
POST: in-process clients share the GIL, so beyond the cores a served instance would use,
latency grows with the clients even when nothing waits for a lock."""

import threading
import time
import uuid

from benchmarks.harness import Row, peak_mb, percentile

CLIENTS = (1, 4, 8, 16)
REQUESTS = 24  # per client and round: alternately a POST and a GET of a report just posted
TARGET = "POST p95 ≤ 100 ms at 8 clients"


def _report_body(n: int) -> dict:
    return {"channel": "app_api", "source_type": "police_administration",
            "suspected_forms": ["labour"], "narrative": "Benchmark report via the API.",
            "persons": [{"sex": "female", "birth_year": 1999, "citizenships": ["RS"],
                         "identity": {"given_name": "Ana", "family_name": f"Conc{n}"}}]}


class _Client:
    """One client: a reporter posting reports and a caseworker reading them back."""

    def __init__(self, reporter, caseworker):
        from rest_framework.test import APIClient

        self.writer, self.reader = APIClient(), APIClient()
        self.writer.force_authenticate(reporter)
        self.reader.force_authenticate(caseworker)
        self.references: list[str] = []

    def post(self, n: int) -> None:
        response = self.writer.post("/api/v1/reports/", _report_body(n), format="json",
                                    HTTP_HOST="localhost", HTTP_IDEMPOTENCY_KEY=uuid.uuid4().hex)
        assert response.status_code == 201, response.content
        self.references.append(response.json()["reference"])

    def get(self) -> None:
        response = self.reader.get(f"/api/v1/reports/{self.references[-1]}/",
                                   HTTP_HOST="localhost")
        assert response.status_code == 200, response.content


def _entries() -> int:
    from atis.audit.models import AuditEntry

    return AuditEntry.objects.count()


def _calibrate(reporter, caseworker) -> tuple[int, int]:
    """The audit entries one POST and one GET write (they do not depend on the load)."""
    client = _Client(reporter, caseworker)
    before = _entries()
    client.post(0)
    after_post = _entries()
    client.get()
    return after_post - before, _entries() - after_post


class _LockWaits:
    """On PostgreSQL, samples (every 10 ms, on a connection of its own) how many of the
    database's active backends wait for a lock: the share that queues behind another."""

    def __init__(self):
        from django.db import connection

        self.on = connection.vendor == "postgresql"
        self.waiting = self.active = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.sample)

    def sample(self):
        from django.db import connection

        try:
            with connection.cursor() as cursor:
                while not self.stop.wait(0.01):
                    cursor.execute(
                        "SELECT count(*) FILTER (WHERE wait_event_type = 'Lock'), count(*) "
                        "FROM pg_stat_activity WHERE datname = current_database() "
                        "AND state = 'active' AND pid <> pg_backend_pid()")
                    waiting, active = cursor.fetchone()
                    self.waiting, self.active = self.waiting + waiting, self.active + active
        finally:
            connection.close()

    def __enter__(self):
        if self.on:
            self.thread.start()
        return self

    def __exit__(self, *exc):
        if self.on:
            self.stop.set()
            self.thread.join()

    def note(self) -> str:
        share = 100 * self.waiting / self.active if self.active else 0
        return f"; lock waits {share:.0f}% of busy backends" if self.on else ""


def _round(clients: int, requests: int, reporter, caseworker, counter) -> tuple:
    """Wall time, the POST and GET latencies (ms) of `clients` clients and the median CPU
    time of a POST in this process (ms: what the clients' threads share, one at a time,
    under the GIL); a client's error is raised."""
    from django.db import connection

    barrier = threading.Barrier(clients + 1)
    posts, gets, errors, cpu = [], [], [], []
    lock = threading.Lock()

    def run():
        try:
            client = _Client(reporter, caseworker)
            mine_post, mine_get = [], []
            barrier.wait(timeout=60)
            for i in range(requests):
                start, started_cpu = time.perf_counter(), time.thread_time()
                if i % 2 == 0:
                    with lock:
                        n = next(counter)
                    client.post(n)
                    mine_post.append((time.perf_counter() - start) * 1000)
                    cpu.append((time.thread_time() - started_cpu) * 1000)
                else:
                    client.get()
                    mine_get.append((time.perf_counter() - start) * 1000)
            with lock:
                posts.extend(mine_post)
                gets.extend(mine_get)
        except BaseException as exc:  # noqa: BLE001 (re-raised by the caller)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait(timeout=60)
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    if errors:
        raise errors[0]
    return wall, posts, gets, percentile(cpu, 50)


def concurrency(*, backend: str, scale: int, data, log, clients=CLIENTS,
                requests: int = REQUESTS) -> list[Row]:
    """1, 4, 8 and 16 clients (`clients`), `requests` each; one row per client count: the
    POST median and p95, the throughput and the GET p95 in the note."""
    import itertools

    from atis.audit import services as audit

    reporter, caseworker = data.users["reporter"], data.users["caseworker"]
    per_post, per_get = _calibrate(reporter, caseworker)
    audit.seal()
    counter = itertools.count(1)
    before, rows, sent = _entries(), [], {"post": 0, "get": 0}
    for n_clients in clients:
        with _LockWaits() as waits:
            wall, posts, gets, cpu = _round(n_clients, requests, reporter, caseworker, counter)
        sent["post"] += len(posts)
        sent["get"] += len(gets)
        rate = (len(posts) + len(gets)) / wall
        p95 = percentile(posts, 95)
        target = n_clients == 8
        log(f"{backend}: {n_clients} clients: {rate:.0f} req/s, POST p95 {p95:.0f} ms, "
            f"GET p95 {percentile(gets, 95):.0f} ms, POST CPU {cpu:.0f} ms{waits.note()}")
        rows.append(Row(f"POST report + audited GET, {n_clients} concurrent clients", backend,
                        scale, percentile(posts, 50), p95, peak_mb(),
                        f"{rate:.0f} req/s; GET p95 {percentile(gets, 95):.0f} ms; POST CPU "
                        f"{cpu:.0f} ms (in-process clients share the GIL){waits.note()}",
                        target=TARGET if target else "", ok=p95 <= 100 if target else None))
    start = time.perf_counter()
    audit.seal()
    result = audit.verify()
    log(f"{backend}: sealed and verified {result.checked} entries in "
        f"{time.perf_counter() - start:.1f} s")
    assert result.ok, result.problem
    expected = sent["post"] * per_post + sent["get"] * per_get
    assert _entries() - before == expected, (_entries() - before, expected)
    return rows
