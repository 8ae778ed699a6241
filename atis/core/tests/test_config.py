"""Settings come from the environment; a wrong one stops start-up with one line."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from atis import config

ROOT = Path(__file__).resolve().parents[3]
GOOD = {
    "ATIS_SECRET_KEY": "s" * 50,
    "ATIS_FIELD_KEYS": "k1:" + "A" * 43 + "=",
    "ATIS_BLIND_INDEX_KEY": "B" * 43 + "=",
    "ATIS_AUDIT_KEYS": "ka1:" + "D" * 43 + "=",
    "ATIS_ALLOWED_HOSTS": "atis.example.org",
    "ATIS_DATABASE_URL": "sqlite:///:memory:",
}


def run_atis(env_overrides: dict, *args: str, var_dir: Path | None = None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATIS_")}
    env.update({"DJANGO_SETTINGS_MODULE": "atis.settings", "ATIS_ENV_FILE": "", **env_overrides})
    if var_dir is not None:
        env["ATIS_VAR_DIR"] = str(var_dir)
    return subprocess.run([sys.executable, "-m", "atis.cli", *(args or ["check"])], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("missing", ["ATIS_SECRET_KEY", "ATIS_FIELD_KEYS",
                                     "ATIS_BLIND_INDEX_KEY", "ATIS_AUDIT_KEYS",
                                     "ATIS_ALLOWED_HOSTS"])
def test_missing_setting_in_production_stops_with_one_line_naming_it(missing):
    env = {k: v for k, v in GOOD.items() if k != missing}
    result = run_atis(env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and missing in lines[0]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name, value", [
    ("ATIS_FIELD_KEYS", "not-a-key"),
    ("ATIS_FIELD_KEYS", "k1:c2hvcnQ="),
    ("ATIS_BLIND_INDEX_KEY", "%%%"),
    ("ATIS_DEBUG", "maybe"),
    ("ATIS_DATABASE_URL", "mysql://root@localhost/atis"),
    ("ATIS_SECRET_KEY", "short"),
    ("ATIS_DISCLOSURE_THRESHOLD", "three"),
])
def test_malformed_setting_stops_with_one_line_without_echoing_it(name, value):
    result = run_atis({**GOOD, name: value})
    assert result.returncode == 2
    assert name in result.stderr and value not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_complete_production_settings_start():
    result = run_atis(GOOD)
    assert result.returncode == 0, result.stderr


def test_development_mode_generates_keys_once_under_var(tmp_path):
    first = run_atis({"ATIS_DEBUG": "1", "ATIS_DATABASE_URL": "sqlite:///:memory:"},
                     var_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    keys_file = tmp_path / "dev-keys.json"
    content = keys_file.read_text()
    assert oct(keys_file.stat().st_mode & 0o777) == "0o600"
    run_atis({"ATIS_DEBUG": "1", "ATIS_DATABASE_URL": "sqlite:///:memory:"}, var_dir=tmp_path)
    assert keys_file.read_text() == content
    assert set(json.loads(content)) == {"secret_key", "field_keys", "blind_index_key",
                                        "audit_keys"}


def test_field_keys_parse_and_refuse_duplicates():
    keys = config.parse_field_keys(GOOD["ATIS_FIELD_KEYS"] + ",k0:" + "C" * 43 + "=")
    assert [k.key_id for k in keys] == ["k1", "k0"] and len(keys[0].key) == 32
    with pytest.raises(config.SettingsError, match="same key id"):
        config.parse_field_keys("k1:" + "A" * 43 + "=,k1:" + "C" * 43 + "=")


def test_postgresql_connections_are_health_checked_and_carry_the_configured_timeouts(monkeypatch):
    monkeypatch.setenv("ATIS_DB_LOCK_TIMEOUT", "3")
    monkeypatch.delenv("ATIS_DB_STATEMENT_TIMEOUT", raising=False)
    monkeypatch.setenv("ATIS_DATABASE_URL", "postgres://atis@db.example.org/atis?sslmode=require")
    settings = config.database("sqlite:///unused")
    assert settings["CONN_HEALTH_CHECKS"] is True and settings["CONN_MAX_AGE"] == 60
    assert settings["OPTIONS"]["sslmode"] == "require"
    assert settings["OPTIONS"]["options"] == ("-c statement_timeout=30s -c lock_timeout=3s "
                                              "-c idle_in_transaction_session_timeout=60s")


def test_a_malformed_timeout_stops_start_up_with_one_line():
    result = run_atis({**GOOD, "ATIS_DB_LOCK_TIMEOUT": "ten",
                       "ATIS_DATABASE_URL": "postgres://atis@127.0.0.1:5432/atis"})
    assert result.returncode == 2
    assert result.stderr.strip() == ("atis: configuration error: ATIS_DB_LOCK_TIMEOUT must be a "
                                      "whole number")


@pytest.mark.postgresql
@pytest.mark.django_db
def test_the_sessions_of_the_application_carry_the_timeouts():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('statement_timeout'), current_setting("
                       "'lock_timeout'), current_setting('idle_in_transaction_session_timeout')")
        assert cursor.fetchone() == ("30s", "10s", "1min")


def test_the_command_reads_the_settings_file_below_the_environment(tmp_path):
    (tmp_path / "local.env").write_text("# written by make demo\nATIS_DEBUG=1\n"
                                        "ATIS_ALLOWED_HOSTS=from-the-file.example.org\n")
    shown = ("from django.conf import settings; "
             "print(settings.DEBUG, settings.ALLOWED_HOSTS[0])")
    found = run_atis({"ATIS_ENV_FILE": str(tmp_path / "local.env")}, "shell", "--no-imports", "-c", shown,
                     var_dir=tmp_path)
    assert found.returncode == 0, found.stderr
    assert found.stdout.split() == ["True", "from-the-file.example.org"]
    # Without ATIS_ENV_FILE, var/local.env is read; the environment wins over it.
    env = {"ATIS_ALLOWED_HOSTS": "from-the-environment.example.org"}
    env_only = {k: v for k, v in os.environ.items() if not k.startswith("ATIS_")}
    result = subprocess.run(
        [sys.executable, "-m", "atis.cli", "shell", "--no-imports", "-c", shown], cwd=ROOT, timeout=120,
        env={**env_only, **env, "ATIS_VAR_DIR": str(tmp_path),
             "DJANGO_SETTINGS_MODULE": "atis.settings"}, capture_output=True, text=True)
    assert result.stdout.split() == ["True", "from-the-environment.example.org"], result.stderr


def test_a_settings_file_that_does_not_exist_stops_start_up(tmp_path):
    result = run_atis({**GOOD, "ATIS_ENV_FILE": str(tmp_path / "missing.env")})
    assert result.returncode == 2
    assert result.stderr.strip() == ("atis: configuration error: ATIS_ENV_FILE names a file that "
                                     "does not exist")
