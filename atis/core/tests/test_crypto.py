import pytest
from django.db import connection
from django.test import override_settings

from atis.config import FieldKey
from atis.core import crypto
from atis.people.models import PersonIdentity

KEY_A = FieldKey("ka", b"a" * 32)
KEY_B = FieldKey("kb", b"b" * 32)


def test_encrypted_value_round_trips_and_names_its_key():
    cipher = crypto.FieldCipher([KEY_A])
    token = cipher.encrypt("Јелена", "people.personidentity.given_name")
    assert token.startswith("v1:ka:") and "Јелена" not in token
    assert cipher.decrypt(token, "people.personidentity.given_name") == "Јелена"


def test_same_plaintext_encrypts_differently_each_time():
    cipher = crypto.FieldCipher([KEY_A])
    assert cipher.encrypt("Ana", "x.y") != cipher.encrypt("Ana", "x.y")


def test_value_moved_to_another_column_does_not_decrypt():
    cipher = crypto.FieldCipher([KEY_A])
    token = cipher.encrypt("Ana", "people.personidentity.given_name")
    with pytest.raises(crypto.UndecryptableValue):
        cipher.decrypt(token, "people.personidentity.family_name")


def test_tampered_value_is_refused():
    cipher = crypto.FieldCipher([KEY_A])
    token = cipher.encrypt("Ana", "x.y")
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    with pytest.raises(crypto.UndecryptableValue):
        cipher.decrypt(tampered, "x.y")


def test_old_keys_still_decrypt_but_only_the_first_encrypts():
    old = crypto.FieldCipher([KEY_A]).encrypt("Ana", "x.y")
    both = crypto.FieldCipher([KEY_B, KEY_A])
    assert both.decrypt(old, "x.y") == "Ana"
    assert crypto.key_id_of(both.encrypt("Ana", "x.y")) == "kb"
    with pytest.raises(crypto.UndecryptableValue, match="no configured key"):
        crypto.FieldCipher([KEY_B]).decrypt(old, "x.y")


def test_blind_index_is_keyed_and_kind_separated(settings):
    digest = crypto.blind_index("name", "ana jovanovic")
    assert digest == crypto.blind_index("name", "ana jovanovic")
    assert digest != crypto.blind_index("phone", "ana jovanovic")
    settings.BLIND_INDEX_KEY = b"z" * 32
    assert crypto.blind_index("name", "ana jovanovic") != digest


def test_identity_is_stored_encrypted_in_the_database(make_person):
    person = make_person(identity={"given_name": "Snežana", "family_name": "Đorđević",
                                   "phones": ["0641234567"]})
    with connection.cursor() as cursor:
        cursor.execute("SELECT given_name, family_name, phones FROM people_personidentity "
                       "WHERE person_id = %s", [person.pk])
        row = cursor.fetchone()
    assert all(value.startswith("v1:") for value in row)
    assert not any(secret in " ".join(row) for secret in ("Snežana", "Đorđević", "0641234567"))


def test_encrypted_fields_cannot_be_searched(make_person):
    from django.core.exceptions import FieldError

    make_person()
    with pytest.raises(FieldError, match="encrypted"):
        list(PersonIdentity.objects.filter(given_name="Ana"))


def test_reading_under_a_foreign_key_set_fails_loudly(make_person):
    person = make_person()
    with override_settings(FIELD_KEYS=[KEY_B]), pytest.raises(crypto.UndecryptableValue):
        PersonIdentity.objects.get(person=person)
