"""Loading the shipped code lists. Re-running adds new codes and leaves labels an
administrator has edited alone (unless `update_labels` is asked for)."""

import gettext
import json
from pathlib import Path

import pycountry
from django.db import transaction

from atis.audit import services as audit
from atis.core.translit import to_cyrillic
from atis.reference.models import Country, Language, Term

DATA_DIR = Path(__file__).parent / "data"
# ISO 639-3 languages without an alpha-2 code that matter for victims in the region.
EXTRA_LANGUAGES = {"rom": ("Romani", "romski")}


def _catalogue(domain: str, locale: str):
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[locale])


def _upsert(model, lookup: dict, values: dict, update_labels: bool) -> bool:
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        model.objects.create(**lookup, **values)
        return True
    if update_labels:
        for key, value in values.items():
            setattr(obj, key, value)
        obj.save()
    return False


def _terms(update_labels: bool) -> int:
    created = 0
    data = json.loads((DATA_DIR / "terms.json").read_text())
    for list_code, rows in data.items():
        for order, (code, en, sr_latn, htcds, detail) in enumerate(rows):
            values = {"label_en": en, "label_sr_latn": sr_latn, "label_sr_cyrl": to_cyrillic(sr_latn),
                      "htcds": htcds, "htcds_detail": detail, "sort_order": order}
            created += _upsert(Term, {"list": list_code, "code": code}, values, update_labels)
    return created


def _countries(update_labels: bool) -> int:
    cyr, lat = _catalogue("iso3166-1", "sr"), _catalogue("iso3166-1", "sr@latin")
    created = 0
    for country in pycountry.countries:
        name = country.name
        values = {"label_en": getattr(country, "common_name", name), "alpha3": country.alpha_3,
                  "numeric": country.numeric, "label_sr_latn": lat.gettext(name),
                  "label_sr_cyrl": cyr.gettext(name)}
        created += _upsert(Country, {"code": country.alpha_2}, values, update_labels)
    return created


def _languages(update_labels: bool) -> int:
    cyr, lat = _catalogue("iso639-3", "sr"), _catalogue("iso639-3", "sr@latin")
    created = 0
    for language in pycountry.languages:
        code = getattr(language, "alpha_2", None)
        if code:
            en, sr_latn, sr_cyrl = language.name, lat.gettext(language.name), cyr.gettext(language.name)
        elif language.alpha_3 in EXTRA_LANGUAGES:
            code = language.alpha_3
            en, sr_latn = EXTRA_LANGUAGES[code]
            sr_cyrl = to_cyrillic(sr_latn)
        else:
            continue
        values = {"alpha3": language.alpha_3, "label_en": en, "label_sr_latn": sr_latn,
                  "label_sr_cyrl": sr_cyrl}
        created += _upsert(Language, {"code": code}, values, update_labels)
    return created


@transaction.atomic
def reference_load(*, actor=None, update_labels: bool = False) -> dict[str, int]:
    """Load every shipped code list; returns how many codes each list gained."""
    result = {"terms": _terms(update_labels), "countries": _countries(update_labels),
              "languages": _languages(update_labels)}
    if any(result.values()) or update_labels:
        audit.record(actor, "reference.load", None, **result, update_labels=update_labels)
    return result
