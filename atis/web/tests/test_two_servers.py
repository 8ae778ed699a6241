"""Past one machine: two servers (`atis serve`) on different ports, one PostgreSQL and one
Redis between them. A session opened on one is valid on the other, a lock-out made on one
holds on the other, and an Idempotency-Key used on one is answered alike by the other."""

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.db import connection

from atis.core.roles import Role

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "Correct-horse-battery-9"  # conftest's make_user


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def servers(tmp_path, count=2):
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    # The suite's own keys (atis.test_settings put them in the environment).
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "atis.settings", "ATIS_ENV_FILE": "",
           "ATIS_DATABASE_URL": url, "ATIS_CACHE_URL": "redis://127.0.0.1:6379/7",
           "ATIS_MFA": "optional", "ATIS_ALLOWED_HOSTS": "127.0.0.1",
           "ATIS_WEB_WORKERS": "1", "ATIS_WEB_THREADS": "2"}
    started = []
    try:
        for n in range(count):
            port = _port()
            started.append((subprocess.Popen(
                [sys.executable, "-m", "atis.cli", "serve"], cwd=ROOT, stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE, text=True,
                env={**env, "ATIS_BIND": f"127.0.0.1:{port}",
                     "ATIS_VAR_DIR": str(tmp_path / f"server{n}")}), f"http://127.0.0.1:{port}"))
        for process, base in started:
            _wait_ready(process, base)
        yield [base for _, base in started]
    finally:
        for process, _ in started:
            process.terminate()
            process.communicate(timeout=40)


def _wait_ready(process, base):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read()
        try:
            if requests.get(base + "/readyz", timeout=5).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{base} did not become ready")


class Browser(requests.Session):
    """Sends the production cookies (Secure: HTTPS only) over the test's plain HTTP, as the
    TLS proxy in front of the servers would carry them."""

    def request(self, *args, **kwargs):
        for cookie in self.cookies:
            cookie.secure = False
        return super().request(*args, **kwargs)


def _sign_in(session, base, username, password):
    form = session.get(base + "/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    return session.post(base + "/login/", {"username": username, "password": password,
                                           "csrfmiddlewaretoken": token},
                        headers={"Referer": base + "/login/"}, allow_redirects=False)


def test_a_session_a_lock_out_and_an_idempotency_key_hold_across_two_servers(
        tmp_path, make_user):
    from atis.people.models import Person

    caseworker = make_user(Role.CENTRE_CASEWORKER)
    victim_of_typing = make_user(Role.CENTRE_CASEWORKER)
    for user in (caseworker, victim_of_typing):  # the servers' hasher, not the suite's fast one
        user.password = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())
        user.save(update_fields=["password"])
    with servers(tmp_path) as (first, second):
        browser = Browser()
        signed = _sign_in(browser, first, caseworker.username, PASSWORD)
        assert signed.status_code == 302
        # The session opened on the first server is valid on the second.
        page = browser.get(second + "/people/", allow_redirects=False)
        assert page.status_code == 200

        # An Idempotency-Key used on one server is answered alike by the other.
        body = {"sex": "female", "birth_year": 1990,
                "identity": {"given_name": "Ana", "family_name": "Trkač"}}
        headers = {"Idempotency-Key": f"two-servers-{uuid.uuid4().hex}",
                   "X-CSRFToken": browser.cookies["csrftoken"], "Referer": first + "/"}
        made = browser.post(first + "/api/v1/persons/", json=body, headers=headers)
        again = browser.post(second + "/api/v1/persons/", json=body, headers=headers)
        assert made.status_code == 201 and again.status_code == made.status_code
        assert again.json() == made.json() and Person.objects.count() == 1

        # Failures on the first server lock the account on the second as well.
        answers = [_sign_in(Browser(), first, victim_of_typing.username,
                            "not-the-password").status_code for _ in range(5)]
        assert answers == [200, 200, 200, 200, 429]  # ATIS_LOGIN_FAILURES: 5
        refused = _sign_in(Browser(), second, victim_of_typing.username, PASSWORD)
        assert refused.status_code == 429
