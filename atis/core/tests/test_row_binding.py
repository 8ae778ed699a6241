"""Encrypted values are bound to table, column and row, opened lazily with the instance,
and every opening is noted for the audit (atis.core.disclosure)."""

import base64
import os

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import FieldError
from django.db import connection, models
from django.test.utils import isolate_apps

from atis.core import crypto, disclosure
from atis.core.fields import EncryptedTextField, RowKeyField, Sealed
from atis.core.models import IdempotencyRecord
from atis.core.roles import Role
from atis.people.models import PersonIdentity


def _raw(table, column, where_column, where_value):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE {where_column} = %s",  # noqa: S608
                       [where_value])
        return cursor.fetchone()[0]


def _write_raw(table, column, value, where_column, where_value):
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE {where_column} = %s",  # noqa: S608
                       [value, where_value])


def _v1(plaintext: str, aad: str) -> str:
    """A value as written before row binding: associated data = column only."""
    key = settings.FIELD_KEYS[0]
    nonce = os.urandom(12)
    sealed = AESGCM(key.key).encrypt(nonce, plaintext.encode(), aad.encode())
    return f"v1:{key.key_id}:{base64.b64encode(nonce + sealed).decode()}"


def test_ciphertext_swapped_between_two_persons_does_not_decrypt(make_person):
    ana = make_person(identity={"given_name": "Ana", "family_name": "Ilić"})
    eva = make_person(identity={"given_name": "Eva", "family_name": "Kis"})
    token = _raw("people_personidentity", "given_name", "person_id", ana.pk)
    _write_raw("people_personidentity", "given_name", token, "person_id", eva.pk)
    identity = PersonIdentity.objects.get(person=eva)
    assert identity.family_name == "Kis"
    with pytest.raises(crypto.UndecryptableValue):
        identity.given_name  # noqa: B018


def test_ciphertext_swapped_between_rows_of_a_numbered_table_does_not_decrypt(make_user):
    user = make_user(Role.CENTRE_CASEWORKER)
    one = IdempotencyRecord.objects.create(user=user, endpoint="POST /a", key="1",
                                           fingerprint="f1", response={"n": 1})
    two = IdempotencyRecord.objects.create(user=user, endpoint="POST /a", key="2",
                                           fingerprint="f2", response={"n": 2})
    token = _raw("core_idempotencyrecord", "fingerprint", "id", one.pk)
    _write_raw("core_idempotencyrecord", "fingerprint", token, "id", two.pk)
    with pytest.raises(crypto.UndecryptableValue):
        IdempotencyRecord.objects.get(pk=two.pk).fingerprint  # noqa: B018
    assert IdempotencyRecord.objects.get(pk=one.pk).fingerprint == "f1"


def test_value_written_before_row_binding_still_reads(make_person):
    person = make_person()
    _write_raw("people_personidentity", "given_name",
               _v1("Milica", "people.personidentity.given_name"), "person_id", person.pk)
    assert PersonIdentity.objects.get(person=person).given_name == "Milica"


def test_reads_are_noted_when_opened_and_only_then(make_person, make_user):
    person = make_person(identity={"given_name": "Ana", "family_name": "Ilić"})
    user = make_user(Role.CENTRE_CASEWORKER)
    record = IdempotencyRecord.objects.create(user=user, endpoint="POST /a", key="1",
                                              fingerprint="f", response={"x": 1})
    with disclosure.collecting() as reads:
        identity = PersonIdentity.objects.get(person=person)
        fetched = IdempotencyRecord.objects.get(pk=record.pk)
        assert reads == {}  # nothing opened yet
        assert identity.given_name == "Ana"
        assert identity.given_name == "Ana"  # cached: one opening
        assert fetched.response == {"x": 1}  # audited=False
    assert list(reads) == [("people.personidentity", str(person.pk))]
    assert reads[("people.personidentity", str(person.pk))].fields == {"given_name"}


def test_saving_without_reading_keeps_the_ciphertext_and_notes_nothing(make_person):
    person = make_person()
    before = _raw("people_personidentity", "family_name", "person_id", person.pk)
    with disclosure.collecting() as reads:
        identity = PersonIdentity.objects.get(person=person)
        identity.given_name = "Jelena"
        identity.save()
    assert reads == {}
    assert _raw("people_personidentity", "family_name", "person_id", person.pk) == before
    assert PersonIdentity.objects.get(person=person).given_name == "Jelena"


def test_bulk_create_binds_each_row_and_bulk_update_is_refused(make_user):
    user = make_user(Role.CENTRE_CASEWORKER)
    records = IdempotencyRecord.objects.bulk_create(
        [IdempotencyRecord(user=user, endpoint="POST /b", key=str(n), fingerprint=f"f{n}")
         for n in range(3)])
    assert sorted(r.fingerprint for r in IdempotencyRecord.objects.filter(endpoint="POST /b")) \
        == ["f0", "f1", "f2"]
    records[0].fingerprint = "changed"
    with pytest.raises(FieldError, match="bulk_update"):
        IdempotencyRecord.objects.bulk_update(records, ["fingerprint"])
    with pytest.raises(FieldError, match="save"):
        IdempotencyRecord.objects.filter(endpoint="POST /b").update(fingerprint="x")


def test_values_list_gives_sealed_values_that_refuse_to_be_shown(make_person):
    make_person(identity={"given_name": "Ana", "family_name": "Ilić"})
    [value] = PersonIdentity.objects.values_list("given_name", flat=True)
    assert isinstance(value, Sealed)
    with pytest.raises(TypeError):
        str(value)


@isolate_apps("atis.core")
def test_a_numbered_model_with_encrypted_fields_needs_a_row_key():
    class Unbound(models.Model):
        secret = EncryptedTextField()

        class Meta:
            app_label = "core"

    class Bound(models.Model):
        row_key = RowKeyField()
        secret = EncryptedTextField()

        class Meta:
            app_label = "core"

    assert [e.id for e in Unbound._meta.get_field("secret").check()] == ["atis.E101"]
    assert Bound._meta.get_field("secret").check() == []
