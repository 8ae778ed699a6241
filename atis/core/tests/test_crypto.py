import pytest
from django.db import connection
from django.test import override_settings

from atis.config import FieldKey
from atis.core import crypto
from atis.people.models import PersonIdentity

KEY_A = FieldKey("ka", b"a" * 32)
KEY_B = FieldKey("kb", b"b" * 32)
GIVEN = crypto.Binding("people.personidentity", "given_name", "pk=1")
FAMILY = crypto.Binding("people.personidentity", "family_name", "pk=1")
XY = crypto.Binding("x", "y", "row=1")


def test_encrypted_value_round_trips_and_names_its_key():
    cipher = crypto.FieldCipher([KEY_A])
    token = cipher.encrypt("Јелена", GIVEN)
    assert token.startswith("v2:ka:") and "Јелена" not in token
    assert cipher.decrypt(token, GIVEN) == "Јелена"


def test_same_plaintext_encrypts_differently_each_time():
    cipher = crypto.FieldCipher([KEY_A])
    assert cipher.encrypt("Ana", XY) != cipher.encrypt("Ana", XY)


def test_value_moved_to_another_column_does_not_decrypt():
    cipher = crypto.FieldCipher([KEY_A])
    token = cipher.encrypt("Ana", GIVEN)
    with pytest.raises(crypto.UndecryptableValue):
        cipher.decrypt(token, FAMILY)


def test_value_moved_to_another_row_does_not_decrypt():
    cipher = crypto.FieldCipher([KEY_A])
    token = cipher.encrypt("Ana", GIVEN)
    with pytest.raises(crypto.UndecryptableValue):
        cipher.decrypt(token, crypto.Binding("people.personidentity", "given_name", "pk=2"))


def test_tampered_value_is_refused():
    cipher = crypto.FieldCipher([KEY_A])
    token = cipher.encrypt("Ana", XY)
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    with pytest.raises(crypto.UndecryptableValue):
        cipher.decrypt(tampered, XY)


def test_old_keys_still_decrypt_but_only_the_first_encrypts():
    old = crypto.FieldCipher([KEY_A]).encrypt("Ana", XY)
    both = crypto.FieldCipher([KEY_B, KEY_A])
    assert both.decrypt(old, XY) == "Ana"
    assert crypto.key_id_of(both.encrypt("Ana", XY)) == "kb"
    with pytest.raises(crypto.UndecryptableValue, match="no configured key"):
        crypto.FieldCipher([KEY_B]).decrypt(old, XY)


def test_blind_index_is_keyed_and_kind_separated(settings):
    digest = crypto.blind_index("name", "ana jovanovic")
    assert digest == crypto.blind_index("name", "ana jovanovic")
    assert digest != crypto.blind_index("phone", "ana jovanovic")
    settings.BLIND_INDEX_KEYS = [FieldKey("bz", b"z" * 32)]
    assert crypto.blind_index("name", "ana jovanovic") != digest


def test_identity_is_stored_encrypted_in_the_database(make_person):
    person = make_person(identity={"given_name": "Snežana", "family_name": "Đorđević",
                                   "phones": ["0641234567"]})
    with connection.cursor() as cursor:
        cursor.execute("SELECT given_name, family_name, phones FROM people_personidentity "
                       "WHERE person_id = %s", [person.pk])
        row = cursor.fetchone()
    assert all(value.startswith("v2:") for value in row)
    assert not any(secret in " ".join(row) for secret in ("Snežana", "Đorđević", "0641234567"))


def test_encrypted_fields_cannot_be_searched(make_person):
    from django.core.exceptions import FieldError

    make_person()
    with pytest.raises(FieldError, match="encrypted"):
        list(PersonIdentity.objects.filter(given_name="Ana"))


def test_reading_under_a_foreign_key_set_fails_loudly(make_person):
    person = make_person()
    with override_settings(FIELD_KEYS=[KEY_B]), pytest.raises(crypto.UndecryptableValue):
        PersonIdentity.objects.get(person=person).given_name  # noqa: B018


def test_batch_encryption_gives_values_the_single_path_opens():
    cipher = crypto.FieldCipher([KEY_A])
    tokens = cipher.encrypt_many("people.personidentity", "given_name",
                                 [("pk=1", "Јелена"), ("pk=2", None), ("pk=3", "Јелена")])
    assert tokens[1] is None and tokens[0] != tokens[2]
    assert cipher.decrypt(tokens[0], GIVEN) == "Јелена"
    assert tokens[0].startswith("v2:ka:") and tokens[0][6:26] != tokens[2][6:26]  # fresh nonces
    with pytest.raises(crypto.UndecryptableValue):  # bound to its own row and column
        cipher.decrypt(tokens[2], GIVEN)
    with pytest.raises(crypto.UndecryptableValue):
        cipher.decrypt(tokens[0], FAMILY)
