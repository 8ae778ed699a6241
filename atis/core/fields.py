"""Model fields whose values are encrypted at rest (see `atis.core.crypto`).

They can be written and read like ordinary fields, but not searched: every lookup except
`isnull` is refused, because ciphertexts are randomised. Exact search goes through the
blind indexes instead.
"""

import datetime
import json

from django.core import validators
from django.core.exceptions import FieldError
from django.db import models

from atis.core import crypto


class EncryptedTextField(models.TextField):
    """Encrypted text; `max_length` limits the plaintext, not the stored value."""

    def __init__(self, *args, max_length=None, **kwargs):
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        self.plain_max_length = max_length
        super().__init__(*args, **kwargs)
        if max_length:
            self.validators.append(validators.MaxLengthValidator(max_length))

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.plain_max_length:
            kwargs["max_length"] = self.plain_max_length
        return name, path, args, kwargs

    @property
    def aad(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    def to_plain(self, value) -> str:
        return str(value)

    def from_plain(self, text: str):
        return text

    def is_empty(self, value) -> bool:
        return value is None or value == ""

    def get_prep_value(self, value):
        if self.is_empty(value):
            return None
        return crypto.cipher().encrypt(self.to_plain(value), self.aad)

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        return self.from_plain(crypto.cipher().decrypt(value, self.aad))

    def to_python(self, value):
        return value

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


def encrypted_fields(model) -> list[EncryptedTextField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
