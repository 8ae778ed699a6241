"""`atis migrate` and `atis db` connect as the owner role when ATIS_DATABASE_OWNER_URL is
set; everything else as the application role of ATIS_DATABASE_URL."""

import os

import pytest

from atis import cli, config

APP = "postgres://atis_app@db.example.org:5432/atis"
OWNER = "postgres://atis_owner@db.example.org:5432/atis"


@pytest.fixture
def urls(monkeypatch):
    monkeypatch.setenv("ATIS_DATABASE_URL", APP)
    monkeypatch.setenv("ATIS_DATABASE_OWNER_URL", OWNER)
    monkeypatch.setenv("ATIS_DATABASE_AS_OWNER", "")  # so that the CLI's setting is undone
    monkeypatch.delenv("ATIS_DATABASE_AS_OWNER")


def test_the_application_role_serves_and_the_owner_migrates(urls, monkeypatch):
    assert config.database("sqlite://:memory:")["USER"] == "atis_app"
    monkeypatch.setenv("ATIS_DATABASE_AS_OWNER", "1")
    assert config.database("sqlite://:memory:")["USER"] == "atis_owner"
    monkeypatch.delenv("ATIS_DATABASE_OWNER_URL")  # no owner URL: one role for both
    assert config.database("sqlite://:memory:")["USER"] == "atis_app"


def test_a_malformed_owner_url_is_named(urls, monkeypatch):
    monkeypatch.setenv("ATIS_DATABASE_AS_OWNER", "1")
    monkeypatch.setenv("ATIS_DATABASE_OWNER_URL", "nonsense://")
    with pytest.raises(config.SettingsError, match="ATIS_DATABASE_OWNER_URL"):
        config.database("sqlite://:memory:")


@pytest.mark.parametrize("command, as_owner", [
    (["migrate"], True), (["db", "grant-app-role", "atis_app"], True),
    (["runserver"], False), (["audit", "verify"], False)])
def test_the_cli_picks_the_owner_role_for_schema_and_grant_commands(urls, monkeypatch,
                                                                    command, as_owner):
    seen = {}
    assert "ATIS_DATABASE_AS_OWNER" not in os.environ
    monkeypatch.setattr("django.core.management.execute_from_command_line",
                        lambda argv: seen.update(argv=argv,
                                                 owner=os.environ.get("ATIS_DATABASE_AS_OWNER")))
    assert cli.main(command) == 0
    assert seen == {"argv": ["atis", *command], "owner": "1" if as_owner else None}
