"""Issue 12 §4: concurrent clients mixing audited reads and writes, through the real API views
(access policy, serializers, audit middleware), served as a production server serves them:
WORKERS worker processes (2 × cores + 1, a pre-fork server's usual count), forked with Django
loaded and each warmed by WARM_UP POSTs and GETs, take the requests from one queue, as a
pre-fork WSGI server's workers take connections (less the HTTP parsing and the socket; a
request's trip through the queues costs ~0.1 ms). The clients are threads of the benchmark
that only send a request and wait for its answer before sending the next, so a latency
includes the wait for a free worker. Threads in one process would measure the GIL instead (one request's
Python at a time, whatever the cores). The workers, PostgreSQL and whatever else runs on the
machine share its cores: past them, latency grows with the clients even when nothing waits
for a lock. No request may wait for another's lock: the POST p95 at 8 clients stays ≤ 100 ms.
Each row gives the throughput, the GET p95 and the median CPU time of a POST in its worker;
on PostgreSQL, how many of the busy database sessions were waiting for a lock (sampled).
Afterwards the audit trail is sealed and verified, and it holds exactly the entries the
requests (and the warm-ups) wrote."""

import gc
import multiprocessing
import os
import threading
import time
import uuid

from benchmarks.harness import Row, peak_mb, percentile

CLIENTS = (1, 4, 8, 16)
REQUESTS = 24  # per client and round: alternately a POST and a GET of a report just posted
TARGET = "POST p95 ≤ 100 ms at 8 clients"
WORKERS = 2 * (os.cpu_count() or 1) + 1
WARM_UP = 3  # POSTs and GETs each worker serves first: a served worker has been running a while


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


def _serve(reporter, caseworker, n: int, tasks, replies, ready) -> None:
    """One worker process: warms itself (WARM_UP POSTs from report `n` on, each with a GET), then
    answers each task of `tasks` until None: (client, "post", report number) or (client,
    "get", reference), putting (ms of CPU, the reference or None, error or None) on the
    client's queue of `replies`."""
    from django.db import connection

    client = _Client(reporter, caseworker)
    try:
        for i in range(WARM_UP):
            client.post(n + i)
            client.get()
    except BaseException as exc:  # noqa: BLE001 (reported to the parent, which raises)
        ready.put(f"{type(exc).__name__}: {exc}"[:2000])
        return
    ready.put(None)
    for task in iter(tasks.get, None):
        who, kind, arg = task
        started, answer, error = time.process_time(), None, None
        try:
            if kind == "post":
                client.post(arg)
                answer = client.references[-1]
            else:
                client.references.append(arg)
                client.get()
        except BaseException as exc:  # noqa: BLE001 (the client raises it)
            error = f"{type(exc).__name__}: {exc}"[:2000]
        replies[who].put(((time.process_time() - started) * 1000, answer, error))
    connection.close()


class _Server:
    """WORKERS processes serving the clients' requests from one queue (see the module)."""

    def __init__(self, reporter, caseworker, max_clients: int, first: int):
        from django.db import connections

        context = multiprocessing.get_context("fork")
        self.tasks, ready = context.Queue(), context.Queue()
        self.replies = [context.Queue() for _ in range(max_clients)]
        connections.close_all()  # a forked worker must not share the parent's connections
        # As a pre-fork server does: the workers' collector leaves the objects they share
        # with the parent alone (collecting them would copy every page).
        gc.freeze()
        self.workers = [context.Process(target=_serve, args=(
            reporter, caseworker, first + k * WARM_UP, self.tasks, self.replies, ready))
            for k in range(WORKERS)]
        for worker in self.workers:
            worker.start()
        gc.unfreeze()
        errors = [error for error in (ready.get(timeout=300) for _ in self.workers) if error]
        if errors:
            self.close()
            raise AssertionError(f"a worker failed: {errors[0]}")

    def request(self, who: int, kind: str, arg):
        """(ms of CPU, answer) of one request of client `who`; its error is raised."""
        self.tasks.put((who, kind, arg))
        cpu, answer, error = self.replies[who].get(timeout=300)
        if error:
            raise AssertionError(f"{kind} failed: {error}")
        return cpu, answer

    def close(self) -> None:
        for _ in self.workers:
            self.tasks.put(None)
        for worker in self.workers:
            worker.join(timeout=60)


def _round(server: _Server, clients: int, requests: int, first: int, waits) -> tuple:
    """Wall time, the POST and GET latencies (ms) of `clients` clients, each sending
    `requests` requests (alternately a POST of report `first` + …, and a GET of it), and
    the median CPU time of a POST in its worker (ms); a client's error is raised."""
    barrier = threading.Barrier(clients + 1)
    posts, gets, errors, cpu = [], [], [], []

    def run(who: int):
        try:
            barrier.wait(timeout=60)
            reference = None
            for i in range(requests):
                start = time.perf_counter()
                if i % 2 == 0:
                    used, reference = server.request(who, "post", first + who * requests + i)
                    posts.append((time.perf_counter() - start) * 1000)
                    cpu.append(used)
                else:
                    server.request(who, "get", reference)
                    gets.append((time.perf_counter() - start) * 1000)
        except BaseException as exc:  # noqa: BLE001 (re-raised by the caller)
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(who,)) for who in range(clients)]
    for thread in threads:
        thread.start()
    with waits:
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
    from atis.audit import services as audit

    reporter, caseworker = data.users["reporter"], data.users["caseworker"]
    per_post, per_get = _calibrate(reporter, caseworker)
    audit.seal()
    before, rows = _entries(), []
    server = _Server(reporter, caseworker, max(clients), first=1)
    warm_ups = WORKERS * WARM_UP
    sent, first = {"post": warm_ups, "get": warm_ups}, 1 + warm_ups
    try:
        for n_clients in clients:
            waits = _LockWaits()
            wall, posts, gets, cpu = _round(server, n_clients, requests, first, waits)
            first += n_clients * requests
            sent["post"] += len(posts)
            sent["get"] += len(gets)
            rate = (len(posts) + len(gets)) / wall
            p95 = percentile(posts, 95)
            target = n_clients == 8
            log(f"{backend}: {n_clients} clients: {rate:.0f} req/s, POST p95 {p95:.0f} ms, "
                f"GET p95 {percentile(gets, 95):.0f} ms, POST CPU {cpu:.0f} ms{waits.note()}")
            rows.append(Row(f"POST report + audited GET, {n_clients} concurrent clients",
                            backend, scale, percentile(posts, 50), p95, peak_mb(),
                            f"{rate:.0f} req/s; GET p95 {percentile(gets, 95):.0f} ms; POST CPU "
                            f"{cpu:.0f} ms; {WORKERS} worker processes{waits.note()}",
                            target=TARGET if target else "", ok=p95 <= 100 if target else None))
    finally:
        server.close()
    start = time.perf_counter()
    audit.seal()
    result = audit.verify()
    log(f"{backend}: sealed and verified {result.checked} entries in "
        f"{time.perf_counter() - start:.1f} s")
    assert result.ok, result.problem
    expected = sent["post"] * per_post + sent["get"] * per_get
    assert _entries() - before == expected, (_entries() - before, expected)
    return rows
