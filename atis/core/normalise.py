"""Folding of names and numbers for exact, privacy-preserving look-ups (blind indexes).

`Đorđević`, `Djordjevic`, `DJORDJEVIĆ` and `Ђорђевић` all fold to `djordjevic`.
"""

import re
import unicodedata

from atis.core.translit import to_latin

_SPECIAL = str.maketrans({"đ": "dj", "ß": "ss", "æ": "ae", "ø": "o", "ł": "l", "ı": "i"})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    text = to_latin(text or "").lower().translate(_SPECIAL)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", text).strip()


def name_key(*parts: str) -> str:
    """Order-insensitive key of a full name: given/family swaps still match."""
    tokens = fold(" ".join(p for p in parts if p)).split()
    return " ".join(sorted(tokens))


def document_key(number: str) -> str:
    return fold(number).replace(" ", "").upper()


def phone_key(number: str) -> str:
    digits = re.sub(r"\D", "", number or "")
    if digits.startswith("00"):
        digits = digits[2:]
    if digits.startswith("381"):
        digits = "0" + digits[3:]
    return digits
