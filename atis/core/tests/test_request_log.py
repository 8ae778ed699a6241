"""Every log line written while a request is served carries its id and the user's id and
role; the response carries the id back; a client cannot choose its own id."""

import json
import logging

import pytest
from django.http import HttpResponse

from atis.core.request_log import JsonLinesFormatter, RequestContextFilter, RequestContextMiddleware
from atis.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def lines(monkeypatch):
    """The JSON lines the `atis` loggers write during the test."""
    written = []

    class Keep(logging.Handler):
        def emit(self, record):
            written.append(json.loads(self.format(record)))

    handler = Keep()
    handler.addFilter(RequestContextFilter())
    handler.setFormatter(JsonLinesFormatter())
    logger = logging.getLogger("atis")
    logger.addHandler(handler)
    yield written
    logger.removeHandler(handler)


def test_a_log_line_carries_the_request_and_the_user_never_the_query(rf, make_user, lines):
    user = make_user(Role.CENTRE_CASEWORKER)

    def view(request):
        request._cached_user = user  # as the authentication middleware leaves it
        logging.getLogger("atis.web").warning("dashboard shown")
        return HttpResponse()

    request = rf.get("/", {"q": "Marković"}, REMOTE_ADDR="203.0.113.9",
                     HTTP_X_REQUEST_ID="chosen-by-the-client")
    response = RequestContextMiddleware(view)(request)
    [line] = lines
    assert line["request_id"] == response["X-Request-ID"] != "chosen-by-the-client"
    assert (line["user_id"], line["role"]) == (user.pk, user.role)
    assert set(line) == {"time", "level", "logger", "message", "request_id", "user_id", "role"}
    assert "Marković" not in json.dumps(line, ensure_ascii=False)


def test_a_trusted_proxy_passes_its_request_id_on(client, settings):
    import ipaddress

    settings.TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/8")]
    response = client.get("/healthz-not/", REMOTE_ADDR="10.1.2.3",
                          HTTP_X_REQUEST_ID="lb-7f3a9c21")
    assert response["X-Request-ID"] == "lb-7f3a9c21"
    malformed = client.get("/healthz-not/", REMOTE_ADDR="10.1.2.3",
                           HTTP_X_REQUEST_ID="x\nSet-Cookie: a=b")
    assert len(malformed["X-Request-ID"]) == 32


def test_outside_a_request_the_context_is_a_dash(lines):
    logging.getLogger("atis.jobs").warning("scheduled run")
    assert (lines[0]["request_id"], lines[0]["user_id"], lines[0]["role"]) == ("-", "-", "-")
