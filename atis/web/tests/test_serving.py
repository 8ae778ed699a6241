"""The production server as an operator starts it (`atis serve`): a wrong setting stops it
once with one line; started, it answers the probes, reloads on HUP and stops on TERM."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from atis.core.tests.test_config import GOOD

ROOT = Path(__file__).resolve().parents[3]


def serve(tmp_path, **overrides):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATIS_")}
    env.update({**GOOD, "DJANGO_SETTINGS_MODULE": "atis.settings", "ATIS_VAR_DIR": str(tmp_path),
                "ATIS_ENV_FILE": "",
                "ATIS_DATABASE_URL": f"sqlite:///{tmp_path / 'atis.sqlite3'}",
                "ATIS_BIND": f"127.0.0.1:{port}", "ATIS_WEB_WORKERS": "1",
                "ATIS_WEB_THREADS": "2", **overrides})
    process = subprocess.Popen([sys.executable, "-m", "atis.cli", "serve"], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return process, f"http://127.0.0.1:{port}"


def status(url) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def wait_for(url: str, process, seconds: float = 60) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        answer = status(url)
        if answer is not None:
            return answer
        time.sleep(0.2)
    raise AssertionError(f"{url} did not answer")


def test_a_wrong_setting_stops_the_server_once_with_one_line(tmp_path):
    process, _ = serve(tmp_path, ATIS_FIELD_KEYS="k1:not-a-key")
    _, stderr = process.communicate(timeout=60)
    assert process.returncode != 0
    assert [line for line in stderr.splitlines() if "error" in line.lower()] == [
        "atis: configuration error: ATIS_FIELD_KEYS holds a key that is not valid base64"]


def test_the_server_answers_the_probes_reloads_and_stops(tmp_path):
    process, url = serve(tmp_path)
    try:
        assert wait_for(url + "/healthz", process) == 200
        # Not migrated: alive, but not ready, and the reason is named.
        assert status(url + "/readyz") == 503
        process.send_signal(signal.SIGHUP)  # graceful reload: the workers are replaced
        time.sleep(2)
        assert wait_for(url + "/healthz", process) == 200
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=40)
        assert process.returncode == 0
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()


def test_the_metrics_of_every_worker_are_summed_for_the_monitoring_address(tmp_path):
    process, url = serve(tmp_path, ATIS_WEB_WORKERS="2", ATIS_SSL_REDIRECT="0")
    try:
        wait_for(url + "/healthz", process)
        for _ in range(6):  # spread over both workers
            status(urllib.request.Request(url + "/no-such-page/",
                                          headers={"Host": GOOD["ATIS_ALLOWED_HOSTS"]}))
        with urllib.request.urlopen(url + "/metrics", timeout=10) as response:
            text = response.read().decode()
        counted = [line for line in text.splitlines()
                   if line.startswith("django_http_responses_total_by_status_total{")
                   and 'status="404"' in line]
        assert counted and sum(float(line.split()[-1]) for line in counted) == 6
        assert "atis_database_read 0.0" in text  # not migrated: no audit figures to read
    finally:
        process.terminate()
        process.communicate(timeout=40)
