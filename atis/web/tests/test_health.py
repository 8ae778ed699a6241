"""The probes: open to anyone, by address and over plain HTTP, saying only which check
fails."""

import pytest
from django.db import connection

from atis.core.roles import Role
from atis.web import health

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_migration_check(monkeypatch):
    monkeypatch.setattr(health, "_migrated", False)


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_a_probe_by_address_over_http_is_answered_without_a_session(client, settings, path):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get(path, HTTP_HOST="10.0.3.7")  # not an allowed host
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert not response.cookies
    assert response.json()["status"] in {"alive", "ready"}


def test_ready_names_every_check(client):
    assert client.get("/readyz").json() == {"status": "ready", "checks": {
        "database": "ok", "migrations": "ok", "keys": "ok", "cache": "ok", "jobs": "ok"}}


def test_a_missing_migration_makes_the_server_not_ready(client):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE app = 'core' AND name = "
                       "(SELECT MAX(name) FROM django_migrations WHERE app = 'core')")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "failing"
    assert response.json()["checks"]["database"] == "ok"


def test_a_failing_cache_is_named_and_its_cause_logged_by_class_only(client, monkeypatch, caplog):
    def refuse(*args, **kwargs):
        raise ConnectionError("redis://:secret@cache.internal:6379 refused")

    monkeypatch.setattr(health.cache, "set", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "not ready", "checks": {
        "database": "ok", "migrations": "ok", "keys": "ok", "cache": "failing", "jobs": "ok"}}
    assert "ConnectionError" in caplog.text and "secret" not in caplog.text


def test_a_wrong_key_makes_the_server_not_ready(client, monkeypatch):
    from atis.core import keys

    monkeypatch.setattr(keys, "key_problems", lambda: ["ATIS_FIELD_KEYS key 'k1' is wrong"])
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["checks"]["keys"] == "failing"
    assert "k1" not in response.content.decode()


def test_other_methods_and_paths_pass_on(client):
    assert client.post("/readyz").status_code == 404
    assert client.get("/readyz/").status_code == 404


def test_the_metrics_are_for_the_monitoring_address_only(client, settings, make_user):
    from atis.audit import services as audit
    from atis.audit.models import AuditEntry

    client.force_login(make_user(Role.CENTRE_CASEWORKER))
    client.get("/")
    audit.seal()
    text = client.get("/metrics").content.decode()
    sealed = AuditEntry.objects.filter(seq__isnull=False).count()
    assert f"atis_audit_chain_length {float(sealed)}" in text and sealed > 0
    assert 'django_http_responses_total_by_status_view_method_total{method="GET",status="200",' \
        'view="dashboard"}' in text
    assert client.get("/metrics", REMOTE_ADDR="10.0.0.9").status_code == 404
