"""Folding of names and numbers for exact, privacy-preserving look-ups (blind indexes).

`Đorđević`, `Djordjevic`, `DJORDJEVIĆ` and `Ђорђевић` all fold to `djordjevic`.

Every script folds to a non-empty ASCII key. Serbian comes first: a word written only with
letters of the Serbian Cyrillic alphabet is transliterated by the official Serbian table
(and `đ` becomes `dj`), so Serbian Latin and Cyrillic spellings fold together as before. Any
other word (a Cyrillic word with a letter Serbian does not have, such as Russian `Щ`, `Ю`,
`Я` or Ukrainian `Є`, `Ї`, `І`, `Ь`; Arabic; Chinese; Greek; …) goes through anyascii, a
language-neutral transliteration. Limits, documented in docs/admin-guide.md: anyascii
writes what is written, so unvowelled Arabic (`محمد` → `mhmd`) does not meet the Latin
`Mohammed`, and a Chinese name written in one field (`王小明` → `wangxiaoming`) meets the
pinyin only when written without a space; given and family name in their own fields give
`wang xiaoming`, which does meet `Xiaoming Wang`.
"""

import re
import unicodedata

from anyascii import anyascii

from atis.core.translit import SERBIAN_CYRILLIC, to_latin

_SPECIAL = str.maketrans({"đ": "dj", "ß": "ss", "æ": "ae", "ø": "o", "ł": "l", "ı": "i"})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_WORD = re.compile(r"\w+", re.UNICODE)
# Apostrophes (and the soft/hard signs anyascii renders as one) belong inside a word:
# Koval'chuk, O'Brien and `bd (Arabic ain) fold as one token each.
_APOSTROPHES = re.compile(r"['`ʼ’‘ʹʺ\"]")


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u052f"


def _word_to_latin(match: re.Match) -> str:
    word = match.group()
    if any(_is_cyrillic(ch) and ch not in SERBIAN_CYRILLIC for ch in word):
        return anyascii(word)
    return to_latin(word)


def fold(text: str) -> str:
    text = unicodedata.normalize("NFC", text or "")
    text = _WORD.sub(_word_to_latin, text).lower().translate(_SPECIAL)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _APOSTROPHES.sub("", anyascii(text).lower())
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
