"""A bounded schemathesis run over every operation of the API, as a Centre manager, a
reporter and anonymous: no input may make the server fail (5xx) and every response must be
what the schema says it is (status code, content type, body).

The run is deterministic (a fixed seed, derandomized, no example database) and its budget
is fixed so it fits CI (about 3 minutes per database): `ATIS_FUZZ_EXAMPLES` (examples per
operation and role, valid and invalid input mixed; default 3) raises it for a longer local
run. Each request runs in a savepoint rolled back after it, so the run is repeatable.
Data comes from `demo-data` (one user per role, a year of small-office records), so paths
with a real pseudonym or id are reached too.
"""

import io
import os
import time

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from knox.models import AuthToken
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from atis.core.models import User

EXAMPLES = int(os.environ.get("ATIS_FUZZ_EXAMPLES", "3"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]
ROLES = ("manager", "reporter", None)  # demo usernames; None = anonymous
SEED = 20261201


def _operations():
    # Django's own WSGI handler (atis.wsgi adds the start-up key check, run elsewhere).
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    return [result.ok() for result in schema.get_all_operations()]


def _fuzz(operation, headers, failures, budget):
    strategy = st.one_of(operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
                         operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))

    @settings(max_examples=budget, derandomize=True, database=None, deadline=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck),
              print_blob=False)
    @seed(SEED)
    @given(case=strategy)
    def run(case):
        with transaction.atomic():  # each request on its own: nothing it wrote stays
            response = case.call(headers=headers)
            transaction.set_rollback(True)
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except (Exception, BaseExceptionGroup) as exc:  # collected: one run reports them all
            key = (operation.label, type(exc).__name__, str(exc).splitlines()[0][:120])
            if key not in failures:
                failures[key] = f"{response.status_code} {case.as_curl_command(headers=headers)}"
                failures[key] += "\n" + str(exc)[:600]

    run()


@pytest.fixture
def connection_kept():
    """As Django's test client does: the end of a request must not close the connection
    that holds the test's transaction (PostgreSQL)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_api_survives_the_fuzzer_for_every_role(connection_kept):
    call_command("demo-data", "--seed", "5", "--scale", "1", stdout=io.StringIO())
    operations = _operations()
    assert len(operations) > 100
    failures: dict = {}
    started = time.monotonic()
    for username in ROLES:
        headers = {}
        if username:
            headers["Authorization"] = "Token " + AuthToken.objects.create(
                user=User.objects.get(username=username))[1]
        for operation in operations:
            _fuzz(operation, headers, failures, EXAMPLES)
    elapsed = time.monotonic() - started
    report = "\n\n".join(f"{k[0]} [{k[1]}] {k[2]}\n{v}" for k, v in sorted(failures.items()))
    assert not failures, f"{len(failures)} failures in {elapsed:.0f}s:\n\n{report}"
