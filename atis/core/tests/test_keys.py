"""`atis keys rotate` re-encrypts every value under a new key and loses nothing."""

import json

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from atis import config
from atis.core import crypto, keys
from atis.people.models import PersonIdentity

NEW = config.FieldKey("knew", b"n" * 32)


def identities():
    return {i.person_id: (i.given_name, i.family_name, i.date_of_birth, i.phones)
            for i in PersonIdentity.objects.all()}


@pytest.fixture
def three_people(make_person):
    import datetime

    for given, family in [("Ana", "Ilić"), ("Марко", "Петровић"), ("Zahra", "Ahmadi")]:
        make_person(identity={"given_name": given, "family_name": family,
                              "date_of_birth": datetime.date(2001, 2, 3),
                              "phones": ["+381 64 111 2222"]})


def test_rotation_moves_every_value_to_the_new_key_and_reads_all_back(three_people, capsys):
    before = identities()
    with override_settings(FIELD_KEYS=[NEW, *settings.FIELD_KEYS]):
        call_command("keys", "rotate")
        report = keys.key_status()
        assert set(report.by_key) == {"knew"} and not report.unreadable
        assert report.values == 3 * 4
        # The old key can now go: everything still reads with the new key alone.
        with override_settings(FIELD_KEYS=[NEW]):
            assert identities() == before
    assert "remove it from ATIS_FIELD_KEYS" in capsys.readouterr().out


def test_rotation_in_development_writes_the_new_key_file(three_people, monkeypatch, tmp_path):
    key_file = tmp_path / "dev-keys.json"
    old_keys = list(settings.FIELD_KEYS)
    key_file.write_text(json.dumps({"secret_key": "x" * 50,
                                    "field_keys": config.format_field_keys(old_keys),
                                    "blind_index_key": "B" * 43 + "="}))
    monkeypatch.setattr(config, "DEV_KEY_FILE", key_file)
    monkeypatch.setattr(config, "keys_from_dev_file", lambda: True)
    before = identities()
    try:
        call_command("keys", "rotate")
        written = config.parse_field_keys(json.loads(key_file.read_text())["field_keys"])
        assert len(written) == 1 and written[0].key_id != old_keys[0].key_id
        with override_settings(FIELD_KEYS=written):
            assert identities() == before
    finally:
        keys.use_keys(old_keys)


def test_status_reports_values_no_key_can_open(three_people):
    with override_settings(FIELD_KEYS=[NEW]), pytest.raises(CommandError, match="cannot be decrypted"):
        call_command("keys", "status")


def test_generated_key_is_usable():
    from io import StringIO

    out = StringIO()
    call_command("keys", "generate", stdout=out)
    [key] = config.parse_field_keys(out.getvalue().strip())
    cipher = crypto.FieldCipher([key])
    binding = crypto.Binding("a", "b", "row=1")
    assert cipher.decrypt(cipher.encrypt("x", binding), binding) == "x"
