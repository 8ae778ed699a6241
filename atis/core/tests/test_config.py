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
    env.update({"DJANGO_SETTINGS_MODULE": "atis.settings", **env_overrides})
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
