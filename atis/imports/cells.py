"""One cell of an import file, as its column's type reads it (see `template`'s formats).

A refused cell raises CellError with a message that never repeats the cell's value, so a
personal value cannot leak into the result, a log or a page; only codes (never personal)
are named back.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from atis.imports import template as t

MAX_DECIMAL = Decimal("1e12")


class CellError(Exception):
    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


class Lookups:
    """The code lists, countries, languages and organisations, each read once per run."""

    def __init__(self):
        from atis.core.models import Organisation
        from atis.reference.models import Country, Language, Term

        self.terms: dict[str, set[str]] = {}
        for list_code, code in Term.objects.filter(active=True).values_list("list", "code"):
            self.terms.setdefault(list_code, set()).add(code)
        self.countries = dict(Country.objects.filter(active=True).values_list("code", "pk"))
        self.languages = dict(Language.objects.filter(active=True).values_list("code", "pk"))
        self.organisations = {code: (pk, kind) for code, pk, kind in Organisation.objects.filter(
            active=True).values_list("code", "pk", "type")}

    def codes(self, *lists: str) -> set[str]:
        return set().union(*(self.terms.get(name, set()) for name in lists))


def is_blank(raw) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def as_text(raw) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, datetime.datetime | datetime.date):
        raw = raw.isoformat()
    return str(raw).strip()


def parse(column: t.Column, raw, lookups: Lookups):
    """The cell's value: a list for a `many` column ([] when blank), else the value or the
    column's blank (None, or "" for text and codes)."""
    if column.many:
        if is_blank(raw):
            return []
        items = [item.strip() for item in as_text(raw).split(t.SEPARATOR)]
        values = [_scalar(column, item, lookups) for item in items if item]
        _check_codes(column, values, lookups)
        return list(dict.fromkeys(values))
    if is_blank(raw):
        return "" if column.type in (t.TEXT, t.CODE, t.CHOICE, t.COUNTRY, t.LANGUAGE,
                                     t.ORGANISATION, t.REFERENCE) else None
    value = _scalar(column, raw, lookups)
    _check_codes(column, [value], lookups)
    return value


def _scalar(column: t.Column, raw, lookups: Lookups):
    kind = column.type
    if kind == t.TEXT or kind == t.REFERENCE:
        value = as_text(raw)
        if column.max_length and len(value) > column.max_length:
            raise CellError(_("At most %(limit)d characters.") % {"limit": column.max_length})
        return value
    if kind == t.INTEGER:
        return _range(column, _integer(raw))
    if kind == t.DECIMAL:
        return _range(column, _decimal(raw))
    if kind == t.BOOLEAN:
        return _boolean(raw)
    if kind == t.DATE:
        return _date(raw)
    if kind == t.DATETIME:
        return _datetime(raw)
    if kind == t.COUNTRY:
        return as_text(raw).upper()
    if kind == t.LANGUAGE:
        return as_text(raw).lower()
    if kind == t.FORMS:
        form, _sep, subtype = as_text(raw).partition(t.SUBTYPE_SEPARATOR)
        return form.strip(), subtype.strip()
    return as_text(raw)  # code, choice, organisation


def _check_codes(column: t.Column, values: list, lookups: Lookups) -> None:
    """Refuse codes outside the column's list, naming them (codes are never personal)."""
    kind = column.type
    if kind == t.CODE:
        known = lookups.codes(*column.code_lists)
    elif kind == t.CHOICE:
        known = set(column.choices)
    elif kind == t.COUNTRY:
        known = lookups.countries
    elif kind == t.LANGUAGE:
        known = lookups.languages
    elif kind == t.ORGANISATION:
        known = {code for code, (_pk, org_type) in lookups.organisations.items()
                 if not column.organisation_types or org_type in column.organisation_types}
    elif kind == t.FORMS:
        _check_forms(values, lookups)
        return
    else:
        return
    unknown = [v for v in values if v not in known]
    if unknown:
        raise CellError(_("Unknown code(s): %(codes)s.") % {"codes": ", ".join(unknown)})


def _check_forms(values: list[tuple[str, str]], lookups: Lookups) -> None:
    from atis.identification.services import SUBTYPE_PREFIX

    forms, subtypes = lookups.codes("exploitation_form"), lookups.codes("exploitation_subtype")
    unknown = [f for f, _s in values if f not in forms] + [s for _f, s in values
                                                            if s and s not in subtypes]
    if unknown:
        raise CellError(_("Unknown code(s): %(codes)s.") % {"codes": ", ".join(unknown)})
    for form, subtype in values:
        prefix = SUBTYPE_PREFIX.get(form)
        if subtype and (prefix is None or not subtype.startswith(prefix)):
            raise CellError(_("The sub-type %(subtype)s does not belong to %(form)s.")
                            % {"subtype": subtype, "form": form})


def _range(column: t.Column, value):
    if column.minimum is not None and value < column.minimum:
        raise CellError(_("At least %(n)s.") % {"n": column.minimum})
    if column.maximum is not None and value > column.maximum:
        raise CellError(_("At most %(n)s.") % {"n": column.maximum})
    return value


def _integer(raw) -> int:
    if isinstance(raw, bool):
        raise CellError(_("Not a whole number."))
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    text = as_text(raw)
    if text.lstrip("-").isdigit():
        return int(text)
    raise CellError(_("Not a whole number."))


def _decimal(raw) -> Decimal:
    try:
        value = Decimal(as_text(raw))
    except InvalidOperation:
        raise CellError(_("Not a number (use a decimal point).")) from None
    if not value.is_finite() or abs(value) >= MAX_DECIMAL:
        raise CellError(_("Not a number (use a decimal point)."))
    return value.quantize(Decimal("0.01"))


def _boolean(raw) -> bool:
    if isinstance(raw, bool):
        return raw
    text = as_text(raw).lower()
    if text in t.TRUE:
        return True
    if text in t.FALSE:
        return False
    raise CellError(_("Write yes or no."))


def _date(raw) -> datetime.date:
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    text = as_text(raw)
    try:
        if len(text) != 10:
            raise ValueError
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CellError(_("Not a date (YYYY-MM-DD).")) from None


def _datetime(raw) -> datetime.datetime:
    """A moment; a date alone is the start of that day, in the system's time zone."""
    if isinstance(raw, datetime.datetime):
        value = raw
    elif isinstance(raw, datetime.date):
        value = datetime.datetime(raw.year, raw.month, raw.day)
    else:
        text = as_text(raw)
        try:
            value = datetime.datetime.fromisoformat(text) if len(text) >= 10 else None
        except ValueError:
            value = None
        if value is None:
            raise CellError(_("Not a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM)."))
    return timezone.make_aware(value) if timezone.is_naive(value) else value
