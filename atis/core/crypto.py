"""Field encryption (AES-256-GCM) and blind indexes (HMAC-SHA256).

A stored value reads `v1:<key id>:<base64(nonce ‖ ciphertext ‖ tag)>`. The associated data
binds each value to its column, so a ciphertext copied into another column does not
decrypt. The first configured key encrypts; every configured key decrypts, which is what
lets `atis keys rotate` re-encrypt under a new key without downtime.
"""

import base64
import binascii
import hashlib
import hmac
import os
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.signals import setting_changed

from atis.config import FieldKey

PREFIX = "v1"
NONCE_BYTES = 12


class UndecryptableValue(Exception):
    """A stored value no configured key opens (wrong key set, or tampering)."""


class FieldCipher:
    def __init__(self, keys: list[FieldKey]):
        self.active = keys[0]
        self._aead = {k.key_id: AESGCM(k.key) for k in keys}

    def encrypt(self, plaintext: str, aad: str) -> str:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead[self.active.key_id].encrypt(
            nonce, plaintext.encode("utf-8"), aad.encode("utf-8"))
        token = base64.b64encode(nonce + sealed).decode("ascii")
        return f"{PREFIX}:{self.active.key_id}:{token}"

    def decrypt(self, value: str, aad: str) -> str:
        prefix, key_id, token = split(value)
        aead = self._aead.get(key_id)
        if prefix != PREFIX or aead is None:
            raise UndecryptableValue(f"no configured key has id {key_id!r}")
        try:
            raw = base64.b64decode(token, validate=True)
            plain = aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], aad.encode("utf-8"))
        except (InvalidTag, binascii.Error, ValueError):
            raise UndecryptableValue(f"value under key {key_id!r} fails authentication") from None
        return plain.decode("utf-8")


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


def blind_index(kind: str, normalised: str) -> str:
    """Keyed digest of an already-normalised value; equal inputs give equal digests, and
    without the key the digest reveals nothing."""
    message = f"{kind}\x00{normalised}".encode()
    return hmac.new(settings.BLIND_INDEX_KEY, message, hashlib.sha256).hexdigest()


def _reset(*, setting, **kwargs):
    if setting == "FIELD_KEYS":
        cipher.cache_clear()


setting_changed.connect(_reset)
