"""Issue 15: the production server under load. `atis serve` (the documented gunicorn
configuration) is started on the benchmark's database, one server and then two, and USERS
simulated people use it with a think time of THINK_S seconds on average between their
requests (exponential):

* reporters post a report through the API (a token, an Idempotency-Key);
* caseworkers open the work queue and their case pages;
* managers open the dashboard and the internal statistics;
* anonymous visitors open the public statistics.

Each row: p50 and p95 of every request of a level, the requests answered and the errors
(any status ≥ 400 or a broken connection); target p95 ≤ 500 ms and no error. In the last
run one worker of the first server is killed (SIGKILL) half-way: the requests it held
fail, and every report whose POST was answered 201 must be in the database."""

import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid

from benchmarks.harness import ROOT, Row, percentile, smoke

THINK_S = 10.0
LEVELS = ((50, 1), (100, 1), (200, 1), (200, 2))
TARGET_MS = 500
TARGET = f"p95 ≤ {TARGET_MS} ms, 0 errors"
MIX = (("reporter", 0.1), ("caseworker", 0.45), ("manager", 0.15), (None, 0.3))


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`atis serve` on a port of its own, with the benchmark's settings."""

    def __init__(self, n: int):
        self.port = _port()
        env = {**os.environ, "ATIS_BIND": f"127.0.0.1:{self.port}", "ATIS_ENV_FILE": "",
               "ATIS_VAR_DIR": str(ROOT / "var" / "bench" / f"server{n}"),
               "ATIS_ALLOWED_HOSTS": "127.0.0.1,localhost",
               # As behind the documented proxy: each person is counted (throttling,
               # lock-out) under their own address, which the proxy passes on.
               "ATIS_TRUSTED_PROXIES": "127.0.0.1"}
        log = ROOT / "var" / "bench" / f"server{n}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("w") as out:
            self.process = subprocess.Popen([sys.executable, "-m", "atis.cli", "serve"],
                                            cwd=ROOT, env=env, stdout=out, stderr=out)
        deadline = time.monotonic() + 90
        while _get(self.port, "/healthz") != 200:
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"the benchmark's server did not start (see {log})")
            time.sleep(0.3)

    def workers(self) -> list[int]:
        children = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True,
                                  text=True).stdout.split()
        return [int(pid) for pid in children]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


def _get(port: int, path: str) -> int | None:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", path)
        return connection.getresponse().status
    except OSError:
        return None


def _sessions(data) -> dict:
    """A signed-in session cookie per role that browses, and a token for the reporter."""
    from django.conf import settings
    from django.test import Client
    from knox.models import AuthToken

    cookies = {}
    for key in ("caseworker", "manager"):
        client = Client()
        client.force_login(data.users[key])
        cookies[key] = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    _instance, token = AuthToken.objects.create(data.users["reporter"])
    return {**cookies, "token": token}


def _request(role, rng, data, credentials, n):
    """(method, path, headers, body) of one request of a person in `role`."""
    if role == "reporter":
        body = json.dumps({"channel": "app_api", "source_type": "police_administration",
                           "suspected_forms": ["labour"], "narrative": "Load test report.",
                           "persons": [{"sex": "female", "birth_year": 1999,
                                        "citizenships": ["RS"],
                                        "identity": {"given_name": "Ana",
                                                     "family_name": f"Load{n}"}}]})
        return "POST", "/api/v1/reports/", {
            "Authorization": f"Token {credentials['token']}", "Content-Type": "application/json",
            "Idempotency-Key": uuid.uuid4().hex}, body
    if role == "caseworker":
        path = "/cases/" if rng.random() < 0.4 or not data.procedure_ids else \
            f"/cases/{rng.choice(data.procedure_ids)}/"
        return "GET", path, {"Cookie": credentials["caseworker"]}, None
    if role == "manager":
        path = "/" if rng.random() < 0.5 else f"/statistics/internal/?year={data.year}"
        return "GET", path, {"Cookie": credentials["manager"]}, None
    return "GET", f"/statistics/?year={data.year}", {}, None


class Run:
    """USERS people for `seconds`, spread over the servers' ports; the results."""

    def __init__(self, data, credentials, ports, users, seconds, seed):
        self.data, self.credentials, self.ports = data, credentials, ports
        self.users, self.seconds, self.seed = users, seconds, seed
        self.latencies, self.created = [], []
        self.errors = {}  # "METHOD path-kind status" → count
        self.lock = threading.Lock()

    def person(self, n):
        rng = random.Random(self.seed * 100_000 + n)
        role = rng.choices([r for r, _ in MIX], [w for _, w in MIX])[0]
        port = self.ports[n % len(self.ports)]
        address = {"X-Forwarded-For": f"198.18.{n // 250}.{n % 250 + 1}"}
        time.sleep(rng.uniform(0, THINK_S))  # people arrive spread out
        sent = 0
        while time.monotonic() < self.end:
            method, path, headers, body = _request(role, rng, self.data, self.credentials,
                                                   n * 10_000 + sent)
            sent += 1
            start = time.perf_counter()
            # A new connection each time, as a browser after a think time longer than the
            # server's keep-alive (5 s).
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            try:
                connection.request(method, path, body=body, headers={**headers, **address})
                response = connection.getresponse()
                answer = response.read()
                failed = response.status >= 400
                status = response.status
            except (OSError, http.client.HTTPException):
                failed, answer, status = True, b"", "broken"
            finally:
                connection.close()
            elapsed = (time.perf_counter() - start) * 1000
            with self.lock:
                self.latencies.append(elapsed)
                if failed:
                    section = path.split("?")[0].strip("/").split("/")[0] or "dashboard"
                    kind = f"{method} {section} {status}"
                    self.errors[kind] = self.errors.get(kind, 0) + 1
                if method == "POST" and not failed:
                    self.created.append(json.loads(answer)["reference"])
            time.sleep(rng.expovariate(1 / THINK_S))

    def go(self, during=None):
        self.end = time.monotonic() + self.seconds
        threads = [threading.Thread(target=self.person, args=(n,), daemon=True)
                   for n in range(self.users)]
        for thread in threads:
            thread.start()
        if during is not None:
            time.sleep(self.seconds / 2)
            during()
        for thread in threads:
            thread.join(timeout=self.seconds + 60)
        return self


def load(*, backend, scale, data, log) -> list[Row]:
    from atis.intake.models import Report

    seconds = 8 if smoke() else 90
    levels = ((10, 1), (10, 2)) if smoke() else LEVELS
    credentials = _sessions(data)
    rows = []
    for run_no, (users, servers) in enumerate(levels):
        started = [Server(n) for n in range(servers)]
        try:
            last = run_no == len(levels) - 1

            def kill_a_worker(server=started[0]):
                os.kill(server.workers()[0], signal.SIGKILL)

            run = Run(data, credentials, [s.port for s in started], users, seconds,
                      seed=run_no).go(during=kill_a_worker if last else None)
        finally:
            for server in started:
                server.stop()
        answered = len(run.latencies)
        lost = len(run.created) - Report.objects.filter(reference__in=run.created).count()
        p95 = percentile(run.latencies, 95) if run.latencies else 0.0
        errors = sum(run.errors.values())
        note = f"{answered} requests ({answered / seconds:.1f}/s), {errors} errors"
        if errors:
            note += " (" + ", ".join(f"{k}: {n}" for k, n in sorted(run.errors.items())) + ")"
        if last:
            note += f"; one worker killed half-way: {lost} of {len(run.created)} created reports lost"
        rows.append(Row(operation=f"load: {users} people, {servers} server(s)", backend=backend,
                        scale=scale, median_ms=percentile(run.latencies, 50) if run.latencies
                        else 0.0, p95_ms=p95, peak_mb=None, note=note,
                        target="no created report lost" if last else TARGET,
                        ok=lost == 0 if last else p95 <= TARGET_MS and errors == 0))
        log(f"{backend}: {rows[-1].operation}: p95 {p95:.0f} ms, {note}")
    return rows
