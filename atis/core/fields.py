"""Model fields whose values are encrypted at rest (see `atis.core.crypto`).

They can be written and read like ordinary fields, but not searched: every lookup except
`isnull` is refused, because ciphertexts are randomised. Exact search goes through the
blind indexes instead.

Each value is bound to its table, column and row. The row must be known before INSERT
(rows are bulk-created by the legacy import), so:

* where the application chooses the primary key (PersonIdentity: the person's id) the
  binding is the primary key;
* where the database numbers the rows, the model carries a `row_key = RowKeyField()`, a
  random UUID set when the instance is made and never changed (a system check refuses a
  model with encrypted fields and neither).

Decryption is lazy: a value read from the database stays sealed on the instance until the
attribute is used; then it is opened with the instance's binding, noted for the audit
(`atis.core.disclosure.note_read`, unless the field is `audited=False`) and the plaintext
is cached on the instance. `pre_save` encrypts with the instance, so `save()`,
`create()` and `bulk_create()` bind correctly; `bulk_update()` and `QuerySet.update()`
with a plaintext have no instance and are refused. `.values()` / `.values_list()` give
`Sealed` objects that refuse to be shown (`str()` raises): read through the instance.
"""

import datetime
import json
import uuid

from django.core import checks, validators
from django.core.exceptions import FieldDoesNotExist, FieldError
from django.db import models
from django.db.models.fields import AutoFieldMixin
from django.db.models.query_utils import DeferredAttribute
from django.utils.translation import gettext_lazy as _

from atis.core import crypto, disclosure

ROW_KEY = "row_key"


class Sealed:
    """A stored ciphertext that has not been opened. It cannot be shown by accident: it
    has no text form and is not JSON-serialisable."""

    __slots__ = ("token",)

    def __init__(self, token: str):
        self.token = token

    def __str__(self):
        raise TypeError("an encrypted value is read through its model instance, "
                        "not through .values() or raw queries")

    def __repr__(self):
        return "<Sealed>"

    def __eq__(self, other):
        return isinstance(other, Sealed) and other.token == self.token

    def __hash__(self):
        return hash(self.token)

    def __reduce__(self):
        return (Sealed, (self.token,))


class RowKeyField(models.UUIDField):
    """The row's identity in the associated data of its encrypted values."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", uuid.uuid4)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("verbose_name", _("row key"))
        super().__init__(*args, **kwargs)


class EncryptedAttribute(DeferredAttribute):
    """Opens a sealed value on first access, with the instance's binding."""

    def __get__(self, instance, cls=None):
        if instance is None:
            return self
        value = super().__get__(instance, cls)
        if isinstance(value, Sealed):
            value = self.field.open(instance, value)
            instance.__dict__[self.field.attname] = value
        return value

    def __set__(self, instance, value):
        # A data descriptor, so that reads always pass through __get__ (a plain
        # DeferredAttribute is shadowed by the instance's __dict__).
        instance.__dict__[self.field.attname] = value


class EncryptedTextField(models.TextField):
    """Encrypted text; `max_length` limits the plaintext, not the stored value.
    `audited=False` for values never shown to a person as such (idempotency records)."""

    descriptor_class = EncryptedAttribute

    def __init__(self, *args, max_length=None, audited=True, **kwargs):
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        self.plain_max_length = max_length
        self.audited = audited
        super().__init__(*args, **kwargs)
        if max_length:
            self.validators.append(validators.MaxLengthValidator(max_length))

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.plain_max_length:
            kwargs["max_length"] = self.plain_max_length
        if not self.audited:
            kwargs["audited"] = False
        return name, path, args, kwargs

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        if binds_by_row_key(self.model) and not isinstance(
                _field_or_none(self.model, ROW_KEY), RowKeyField):
            errors.append(checks.Error(
                f"{self.model._meta.label} has encrypted fields and a database-numbered "
                f"primary key but no `{ROW_KEY} = RowKeyField()` to bind them to the row",
                obj=self, id="atis.E101"))
        return errors

    # -- binding -----------------------------------------------------------------------

    def binding(self, instance) -> crypto.Binding:
        if binds_by_row_key(self.model):
            return self.binding_for(row_key=getattr(instance, ROW_KEY))
        return self.binding_for(pk=instance.pk)

    def binding_for(self, *, pk=None, row_key=None) -> crypto.Binding:
        """The binding of a row known by its primary key or row key (for code that reads
        stored values without instances: key status, rotation)."""
        if binds_by_row_key(self.model):
            if row_key is None:
                raise FieldError(f"{self.model._meta.label} has no row key to bind "
                                 f"{self.name} to")
            row = f"row={row_key}"
        else:
            if pk is None:
                raise FieldError(f"{self.model._meta.label}.{self.name} is encrypted before "
                                 "the row's primary key is known")
            row = f"pk={pk}"
        return crypto.Binding(self.model._meta.label_lower, self.name, row)

    def open(self, instance, sealed: Sealed, *, note: bool = True):
        plain = self.from_plain(crypto.cipher().decrypt(sealed.token, self.binding(instance)))
        if note and self.audited:
            disclosure.note_read(instance, self.name)
        return plain

    def seal(self, instance, value) -> Sealed:
        return Sealed(crypto.cipher().encrypt(self.to_plain(value), self.binding(instance)))

    def seal_many(self, rows) -> list[str | None]:
        """The stored values `pre_save` would write for each (row, value) of `rows`, the row
        being the primary key, or the row key where the database numbers the rows; encrypted
        in one batch, for bulk loads that insert plain rows."""
        row = "row=" if binds_by_row_key(self.model) else "pk="
        return crypto.cipher().encrypt_many(
            self.model._meta.label_lower, self.name,
            [(f"{row}{key}", None if self.is_empty(value) else self.to_plain(value))
             for key, value in rows])

    # -- conversions -------------------------------------------------------------------

    def to_plain(self, value) -> str:
        return str(value)

    def from_plain(self, text: str):
        return text

    def is_empty(self, value) -> bool:
        return value is None or value == ""

    def pre_save(self, model_instance, add):
        value = model_instance.__dict__.get(self.attname)
        if isinstance(value, Sealed):
            if crypto.cipher().is_current(value.token):
                return value  # unchanged since read: written back as it was
            # Read under an older key or format: rewrite it under the active key, so a
            # save never puts back a value a finished rotation has moved.
            resealed = self.seal(model_instance, self.open(model_instance, value, note=False))
            model_instance.__dict__[self.attname] = resealed
            return resealed
        if self.is_empty(value):
            return None
        return self.seal(model_instance, value)

    def get_prep_value(self, value):
        if isinstance(value, Sealed):
            return value.token
        if self.is_empty(value):
            return None
        raise FieldError(f"{self.model._meta.label}.{self.name} is encrypted with its row "
                         "in the associated data: write it through save(), create() or "
                         "bulk_create(), not bulk_update() or QuerySet.update()")

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        return Sealed(value)

    def to_python(self, value):
        return value

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return None if self.is_empty(value) else self.to_plain(value)

    def get_lookup(self, lookup_name):
        if lookup_name != "isnull":
            raise FieldError(f"{self.name} is encrypted and cannot be searched")
        return super().get_lookup(lookup_name)

    def formfield(self, **kwargs):
        return None


class EncryptedDateField(EncryptedTextField):
    def to_plain(self, value) -> str:
        return value.isoformat()

    def from_plain(self, text: str):
        return datetime.date.fromisoformat(text)


class EncryptedJSONField(EncryptedTextField):
    """An encrypted list or dict (aliases, phones, addresses, documents)."""

    def is_empty(self, value) -> bool:
        return value is None or value == [] or value == {}

    def to_plain(self, value) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)

    def from_plain(self, text: str):
        return json.loads(text)


def _field_or_none(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def binds_by_row_key(model) -> bool:
    """True when the database numbers the model's rows (so the row key binds values)."""
    return isinstance(model._meta.pk, AutoFieldMixin)


def encrypted_fields(model) -> list[EncryptedTextField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]


from atis.core import keycheck  # noqa: E402, F401  (registers the key check with Django)
