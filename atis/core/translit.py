"""Serbian Cyrillic ↔ Latin transliteration (the official one-to-one alphabets)."""

import re

_CYR_TO_LAT = {
    "А": "A", "Б": "B", "В": "V", "Г": "G", "Д": "D", "Ђ": "Đ", "Е": "E", "Ж": "Ž", "З": "Z",
    "И": "I", "Ј": "J", "К": "K", "Л": "L", "Љ": "Lj", "М": "M", "Н": "N", "Њ": "Nj", "О": "O",
    "П": "P", "Р": "R", "С": "S", "Т": "T", "Ћ": "Ć", "У": "U", "Ф": "F", "Х": "H", "Ц": "C",
    "Ч": "Č", "Џ": "Dž", "Ш": "Š",
}
_CYR_TO_LAT.update({k.lower(): v.lower() for k, v in list(_CYR_TO_LAT.items())})
SERBIAN_CYRILLIC = frozenset(_CYR_TO_LAT)

_LAT_DIGRAPHS = {"Lj": "Љ", "LJ": "Љ", "lj": "љ", "Nj": "Њ", "NJ": "Њ", "nj": "њ",
                 "Dž": "Џ", "DŽ": "Џ", "dž": "џ"}
_LAT_TO_CYR = {v: k for k, v in _CYR_TO_LAT.items() if len(v) == 1}


def to_latin(text: str) -> str:
    return "".join(_CYR_TO_LAT.get(ch, ch) for ch in text)


# A printf conversion: %s, %(count)d, %(share).1f, %%.
_PRINTF = re.compile(r"%(\([^)]*\))?[-#0+]*\d*(\.\d+)?[sdifFeEgGxXr%]")


def to_cyrillic(text: str) -> str:
    """Latin → Cyrillic, leaving anything inside {braces} (names, codes, URLs, format
    placeholders such as %(count)s) untouched."""
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        placeholder = _PRINTF.match(text, i) if ch == "%" else None
        if placeholder:
            out.append(placeholder.group())
            i = placeholder.end()
            continue
        if ch == "&" and ";" in text[i:i + 10]:
            end = text.find(";", i) + 1
            out.append(text[i:end])
            i = end
            continue
        if ch in "{<":
            close = "}" if ch == "{" else ">"
            end = text.find(close, i)
            end = end + 1 if end != -1 else len(text)
            out.append(text[i:end])
            i = end
            continue
        pair = text[i:i + 2]
        if pair in _LAT_DIGRAPHS:
            out.append(_LAT_DIGRAPHS[pair])
            i += 2
            continue
        out.append(_LAT_TO_CYR.get(ch, ch))
        i += 1
    return "".join(out)
