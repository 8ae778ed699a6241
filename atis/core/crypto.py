"""Field encryption (AES-256-GCM) and blind indexes (HMAC-SHA256).

A stored value reads `v2:<key id>:<base64(nonce ‖ ciphertext ‖ tag)>`. The associated data
binds each value to its table, its column and its row (`Binding`), so a ciphertext copied
into another column, or into the same column of another row (another person's identity),
does not decrypt. Values written before row binding (`v1:…`) are bound to the column only;
they still decrypt, and `atis keys rotate` rewrites them as `v2`.

The first configured key encrypts; every configured key decrypts, which is what lets
`atis keys rotate` re-encrypt under a new key without downtime. Blind-index keys work the
same way: the first computes new digests, every key is used for look-ups until
`atis keys reindex` has recomputed every row under the first.
"""

import base64
import binascii
import hashlib
import hmac
import os
from dataclasses import dataclass
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.signals import setting_changed

from atis.config import FieldKey

PREFIX = "v2"
LEGACY_PREFIX = "v1"
NONCE_BYTES = 12


class UndecryptableValue(Exception):
    """A stored value no configured key opens (wrong key set, a value moved from another
    row or column, or tampering). The message never holds the value."""


@dataclass(frozen=True)
class Binding:
    """Where a value lives: model label (`people.personidentity`), field name and row.

    `row` is the row's identity known before INSERT: `pk=<pk>` where the application
    chooses the primary key (PersonIdentity: the person's id), `row=<uuid>` (the row's
    `row_key`) where the database numbers the rows."""

    table: str
    column: str
    row: str

    def aad(self, version: str) -> bytes:
        if version == LEGACY_PREFIX:
            return f"{self.table}.{self.column}".encode()
        return f"{PREFIX}|{self.table}|{self.column}|{self.row}".encode()


class FieldCipher:
    def __init__(self, keys: list[FieldKey]):
        self.active = keys[0]
        self._aead = {k.key_id: AESGCM(k.key) for k in keys}

    def encrypt(self, plaintext: str, binding: Binding) -> str:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead[self.active.key_id].encrypt(
            nonce, plaintext.encode("utf-8"), binding.aad(PREFIX))
        token = base64.b64encode(nonce + sealed).decode("ascii")
        return f"{PREFIX}:{self.active.key_id}:{token}"

    def encrypt_many(self, table: str, column: str, values) -> list[str | None]:
        """`encrypt()` of each (row, plaintext or None) of `values` in `table`.`column`:
        the same stored values (None stays None), with one AEAD object, one draw of
        nonces and no `Binding` per value, for bulk loads."""
        values = list(values)
        seal = self._aead[self.active.key_id].encrypt
        head = f"{PREFIX}:{self.active.key_id}:"
        aad = Binding(table, column, "").aad(PREFIX).decode()
        nonces = os.urandom(NONCE_BYTES * len(values))
        out = []
        for n, (row, plaintext) in enumerate(values):
            if plaintext is None:
                out.append(None)
                continue
            nonce = nonces[n * NONCE_BYTES:(n + 1) * NONCE_BYTES]
            sealed = seal(nonce, plaintext.encode("utf-8"), (aad + row).encode())
            out.append(head + base64.b64encode(nonce + sealed).decode("ascii"))
        return out

    def decrypt(self, value: str, binding: Binding) -> str:
        prefix, key_id, token = split(value)
        aead = self._aead.get(key_id)
        if prefix not in (PREFIX, LEGACY_PREFIX) or aead is None:
            raise UndecryptableValue(f"no configured key has id {key_id!r}")
        try:
            raw = base64.b64decode(token, validate=True)
            plain = aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], binding.aad(prefix))
        except (InvalidTag, binascii.Error, ValueError):
            raise UndecryptableValue(f"value under key {key_id!r} fails authentication "
                                     f"for {binding.table}.{binding.column}") from None
        return plain.decode("utf-8")

    def is_current(self, value: str) -> bool:
        """True when `value` is in the current format under the active key."""
        return value.startswith(f"{PREFIX}:{self.active.key_id}:")


def split(value: str) -> tuple[str, str, str]:
    parts = value.split(":", 2)
    if len(parts) != 3:
        raise UndecryptableValue("stored value is not in the encrypted format")
    return parts[0], parts[1], parts[2]


def key_id_of(value: str) -> str:
    return split(value)[1]


@cache
def cipher() -> FieldCipher:
    return FieldCipher(settings.FIELD_KEYS)


def blind_keys() -> list[FieldKey]:
    """The configured blind-index keys, the active one first."""
    return list(settings.BLIND_INDEX_KEYS)


def blind_index(kind: str, normalised: str, key: FieldKey | None = None) -> str:
    """Keyed digest of an already-normalised value (under the active blind-index key unless
    `key` is given); equal inputs give equal digests, and without the key the digest
    reveals nothing."""
    key = key or blind_keys()[0]
    message = f"{kind}\x00{normalised}".encode()
    return hmac.new(key.key, message, hashlib.sha256).hexdigest()


def blind_digests(kind: str, normalised: str) -> list[str]:
    """The digest of a value under every configured blind-index key (for look-ups while
    rows made under an older key remain)."""
    return [blind_index(kind, normalised, key) for key in blind_keys()]


def _reset(*, setting, **kwargs):
    if setting == "FIELD_KEYS":
        cipher.cache_clear()


setting_changed.connect(_reset)
