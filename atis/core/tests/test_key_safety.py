"""Keys that cannot lose data: resumable rotation, v1 → v2, proof by reading back, key
check values refusing a wrong or missing key, blind-index keys that rotate."""

import datetime

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from atis import config
from atis.config import FieldKey, SettingsError
from atis.core import keycheck, keys
from atis.core.models import KeyCanary
from atis.core.roles import Role
from atis.core.tests.test_row_binding import _raw, _v1, _write_raw
from atis.people import selectors
from atis.people.models import IdentifierIndex, PersonIdentity

NEW = FieldKey("knew", b"n" * 32)
WRONG = FieldKey("ktest1", b"w" * 32)  # the test key's id with other key material
BLIND_NEW = FieldKey("bnew", b"q" * 32)


@pytest.fixture
def people(make_person):
    return [make_person(identity={"given_name": f"Ana{n}", "family_name": "Ilić",
                                  "date_of_birth": datetime.date(2001, 2, 3),
                                  "phones": ["+381 64 111 2222"]}) for n in range(5)]


def names():
    return {i.person_id: (i.given_name, i.family_name, i.date_of_birth, i.phones)
            for i in PersonIdentity.objects.all()}


# -- rotation ---------------------------------------------------------------------------


def test_interrupted_rotation_resumes_and_skips_rows_already_done(people, monkeypatch):
    before = names()
    with override_settings(FIELD_KEYS=[NEW, *settings.FIELD_KEYS]):
        real, calls = keys._compare_and_swap, []

        def fail_after_two(model, pk, changes):
            if len(calls) == 2:
                raise KeyboardInterrupt
            calls.append(pk)
            return real(model, pk, changes)

        monkeypatch.setattr(keys, "_compare_and_swap", fail_after_two)
        with pytest.raises(KeyboardInterrupt):
            keys.reencrypt_all(batch=1)
        monkeypatch.setattr(keys, "_compare_and_swap", real)
        assert keys.key_status().by_key == {"knew": 2 * 4, "ktest1": 3 * 4}
        report = keys.reencrypt_all(batch=2)
        assert report.rows == 3 and report.conflicts == 0  # the two done are skipped
        status = keys.key_status()
        assert status.by_key == {"knew": 5 * 4} and not status.unreadable
        with override_settings(FIELD_KEYS=[NEW]):
            assert names() == before


def test_rotation_rewrites_values_bound_to_their_column_only(people):
    person = people[0]
    _write_raw("people_personidentity", "given_name",
               _v1("Milica", "people.personidentity.given_name"), "person_id", person.pk)
    assert keys.key_status().legacy == 1
    call_command("keys", "rotate")  # same key: only the format changes
    assert keys.key_status().legacy == 0
    assert _raw("people_personidentity", "given_name", "person_id", person.pk).startswith(
        f"v2:{settings.FIELD_KEYS[0].key_id}:")
    assert PersonIdentity.objects.get(person=person).given_name == "Milica"


def test_rotation_fails_loudly_when_a_value_cannot_be_read(people):
    _write_raw("people_personidentity", "family_name", "v2:ktest1:AAAA", "person_id",
               people[1].pk)
    with override_settings(FIELD_KEYS=[NEW, *settings.FIELD_KEYS]), \
            pytest.raises(CommandError, match="rotation incomplete: 1 unreadable") as exc:
        call_command("keys", "rotate")
    assert exc.value.returncode == 1
    # Every other value moved; the old key stays in service.
    with override_settings(FIELD_KEYS=[NEW, *settings.FIELD_KEYS]):
        status = keys.key_status()
    assert status.by_key == {"knew": 5 * 4 - 1, "ktest1": 1} and len(status.unreadable) == 1
    assert not KeyCanary.objects.get(kind="field", key_id="ktest1").retired_at


def test_rotation_retires_the_old_key_so_it_can_be_removed(people):
    before = names()
    with override_settings(FIELD_KEYS=[NEW, *settings.FIELD_KEYS]):
        call_command("keys", "rotate")
    assert KeyCanary.objects.get(kind="field", key_id="ktest1").retired_at is not None
    with override_settings(FIELD_KEYS=[NEW]):
        assert keys.key_problems() == []
        assert names() == before


# -- key check values ---------------------------------------------------------------------


def test_right_keys_pass_the_check(people):
    keys.ensure_canaries()
    assert keys.key_problems() == []
    assert keycheck.check_keys() == []
    keycheck.startup()


def test_a_wrong_key_under_a_known_id_is_refused_with_one_line(people):
    keys.ensure_canaries()
    with override_settings(FIELD_KEYS=[WRONG]):
        [problem] = keys.key_problems()
        assert problem == ("ATIS_FIELD_KEYS key 'ktest1' is not the key that wrote this "
                           "database's values (wrong key)")
        assert [e.id for e in keycheck.check_keys()] == ["atis.E201"]
        with pytest.raises(SettingsError, match="wrong key"):
            keycheck.startup()
        with pytest.raises(CommandError, match="wrong key"):
            call_command("keys", "rotate")


def test_a_missing_key_is_refused(people):
    keys.ensure_canaries()
    with override_settings(FIELD_KEYS=[NEW]):
        assert keys.key_problems() == [
            "ATIS_FIELD_KEYS lacks key 'ktest1', under which values are stored (missing key)"]
        with pytest.raises(SettingsError, match="missing key"):
            keycheck.startup()


def test_a_wrong_or_missing_blind_index_key_is_refused(people):
    keys.ensure_canaries()
    with override_settings(BLIND_INDEX_KEYS=[FieldKey("b0", b"w" * 32)]):
        assert keys.key_problems() == ["ATIS_BLIND_INDEX_KEY key 'b0' is not the key that "
                                       "wrote this database's values (wrong key)"]
    with override_settings(BLIND_INDEX_KEYS=[BLIND_NEW]):
        assert keys.key_problems() == ["ATIS_BLIND_INDEX_KEY lacks key 'b0', under which "
                                       "values are stored (missing key)"]


def test_a_new_key_gets_its_check_value_at_first_use(people):
    with override_settings(FIELD_KEYS=[NEW, *settings.FIELD_KEYS]):
        assert not KeyCanary.objects.filter(key_id="knew").exists()
        keycheck.startup()
        assert KeyCanary.objects.filter(kind="field", key_id="knew").exists()
    with override_settings(FIELD_KEYS=[FieldKey("knew", b"x" * 32), *settings.FIELD_KEYS]), \
            pytest.raises(SettingsError, match="'knew' is not the key"):
        keycheck.startup()


def test_check_passes_before_the_first_migrate(monkeypatch):
    monkeypatch.setattr(keycheck, "_table_exists", lambda: False)
    assert keycheck.check_keys() == []


# -- blind-index keys ---------------------------------------------------------------------


def test_blind_index_key_setting_accepts_both_formats():
    [legacy] = config.parse_blind_index_keys("B" * 43 + "=")
    assert legacy.key_id == "b0"
    both = config.parse_blind_index_keys("b2:" + "C" * 43 + "=,b0:" + "B" * 43 + "=")
    assert [k.key_id for k in both] == ["b2", "b0"] and both[1].key == legacy.key
    with pytest.raises(SettingsError):
        config.parse_blind_index_keys("b2:short")


def test_look_ups_use_every_blind_key_until_reindex_moves_rows_to_the_active_one(
        people, make_user):
    manager = make_user(Role.CENTRE_MANAGER)
    probe = {"given_name": "ana0", "family_name": "ilic"}
    old = settings.BLIND_INDEX_KEYS[0]
    with override_settings(BLIND_INDEX_KEYS=[BLIND_NEW, old]):
        assert [p.pk for p, _ in selectors.likely_duplicates(user=manager, **probe)] == \
            [people[0].pk]
        call_command("keys", "reindex", "--batch", "2")
        assert set(IdentifierIndex.objects.values_list("key_id", flat=True)) == {"bnew"}
        assert KeyCanary.objects.get(kind="blind", key_id=old.key_id).retired_at is not None
    with override_settings(BLIND_INDEX_KEYS=[BLIND_NEW]):
        assert keys.key_problems() == []
        assert [p.pk for p, _ in selectors.likely_duplicates(user=manager, **probe)] == \
            [people[0].pk]


def test_reindex_recomputes_rows_of_the_old_folding(make_person, make_user):
    manager = make_user(Role.CENTRE_MANAGER)
    person = make_person(identity={"given_name": "محمد", "family_name": "عبد الله"})
    # As before anyascii: the Arabic name folded to nothing, so no name row existed.
    IdentifierIndex.objects.filter(person=person).delete()
    other = make_person(identity={"given_name": "Jovan", "family_name": "Jović"})
    IdentifierIndex.objects.filter(person=other).update(scheme=1)
    probe = {"given_name": "محمد", "family_name": "عبد الله"}
    assert selectors.likely_duplicates(user=manager, **probe) == []
    call_command("keys", "reindex")
    assert [p.pk for p, _ in selectors.likely_duplicates(user=manager, **probe)] == [person.pk]
    assert set(IdentifierIndex.objects.values_list("scheme", flat=True)) == {2}
    # Re-running finds nothing stale (persons with rows all current are skipped).
    from atis.people.reindex import reindex

    assert reindex().persons == 0


def test_keys_status_reports_each_key(people, capsys):
    call_command("keys", "status")
    out = capsys.readouterr().out
    assert "ktest1: 20 values" in out and "all readable" in out


def test_keys_check_stores_check_values_for_new_keys_and_verifies(people, capsys):
    with override_settings(FIELD_KEYS=[NEW, *settings.FIELD_KEYS]):
        call_command("keys", "check")
        assert "matches its check value" in capsys.readouterr().out
        assert KeyCanary.objects.filter(kind="field", key_id="knew").exists()
    with override_settings(FIELD_KEYS=[NEW, WRONG]), \
            pytest.raises(CommandError, match="'ktest1' is not the key"):
        call_command("keys", "check")
