"""Translation workflow.

    python scripts/messages.py extract    # refresh the .po files from code and templates
    python scripts/messages.py cyrillic   # write sr (Cyrillic) from sr_Latn by transliteration

Serbian is translated once, in Latin script (sr_Latn); the Cyrillic catalogue is derived
from it, so the two never drift apart.
"""

import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LOCALE = ROOT / "atis" / "locale"


def extract(source_root: Path = ROOT) -> None:
    env = {**os.environ, "PYTHONPATH": str(source_root), "DJANGO_SETTINGS_MODULE": "atis.test_settings"}
    # -P: the working directory (atis/) must not shadow the standard library (statistics).
    subprocess.run([sys.executable, "-P", "-m", "django", "makemessages", "-l", "sr_Latn", "-l", "sr",
                    "--no-obsolete", "--no-location", "-i", "*/tests/*", "-v", "0"],
                   cwd=source_root / "atis", env=env, check=True)


def cyrillic() -> None:
    from atis.core.translit import to_cyrillic

    latin = polib.pofile(str(LOCALE / "sr_Latn" / "LC_MESSAGES" / "django.po"))
    target_path = LOCALE / "sr" / "LC_MESSAGES" / "django.po"
    target = polib.pofile(str(target_path))
    by_key = {(e.msgctxt, e.msgid): e for e in latin}
    for entry in target:
        source = by_key.get((entry.msgctxt, entry.msgid))
        if source is None:
            continue
        entry.msgstr = to_cyrillic(source.msgstr) if source.msgstr else ""
        entry.msgstr_plural = {k: to_cyrillic(v) for k, v in source.msgstr_plural.items()}
        entry.flags = [f for f in entry.flags if f != "fuzzy"]
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
    target.metadata["Language"] = "sr"
    target.save()


if __name__ == "__main__":
    {"extract": extract, "cyrillic": cyrillic}[sys.argv[1]]()
