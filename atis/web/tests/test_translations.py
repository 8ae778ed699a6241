"""Every user-facing string ships in English, Serbian Latin and Serbian Cyrillic."""

import re
import shutil

import polib
import pytest

from atis.core.translit import to_cyrillic
from scripts.messages import LOCALE, ROOT, extract


def catalogue(locale: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / locale / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("locale", ["sr_Latn", "sr"])
def test_catalogues_are_complete(locale):
    po = catalogue(locale)
    assert not po.untranslated_entries()
    assert not [e for e in po.fuzzy_entries() if e.msgid]


def test_catalogues_hold_every_string_of_the_code(tmp_path):
    """Extract afresh from a copy of the code: nothing may be missing from the catalogues."""
    shutil.copytree(ROOT / "atis", tmp_path / "atis",
                    ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    extract(tmp_path)
    fresh = polib.pofile(str(tmp_path / "atis" / "locale" / "sr_Latn" / "LC_MESSAGES" / "django.po"))
    committed = {(e.msgctxt, e.msgid) for e in catalogue("sr_Latn")}
    missing = [e.msgid for e in fresh if (e.msgctxt, e.msgid) not in committed]
    assert not missing, f"run `python scripts/messages.py extract` and translate: {missing[:5]}"


def test_cyrillic_is_the_transliteration_of_latin():
    latin = {(e.msgctxt, e.msgid): e.msgstr for e in catalogue("sr_Latn")}
    for entry in catalogue("sr"):
        assert entry.msgstr == to_cyrillic(latin[(entry.msgctxt, entry.msgid)]), entry.msgid


PLACEHOLDER = re.compile(r"%(\([^)]*\))?[-#0+]*\d*(\.\d+)?[sdifr]|\{\{[^}]*\}\}")


@pytest.mark.parametrize("locale", ["sr_Latn", "sr"])
def test_translations_keep_every_placeholder(locale):
    """A lost or transliterated placeholder makes the page fail at run time."""
    broken = []
    for entry in catalogue(locale):
        wanted = {m.group() for m in PLACEHOLDER.finditer(entry.msgid)}
        for text in list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]:
            if wanted - {m.group() for m in PLACEHOLDER.finditer(text)}:
                broken.append(entry.msgid)
    assert not broken
