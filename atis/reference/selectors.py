"""Reads of the code lists (public, not personal data: no access policy needed)."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from atis.core.errors import DomainError
from atis.reference.models import Country, Language, Term


def terms(list_code: str, *, active_only: bool = True) -> QuerySet[Term]:
    qs = Term.objects.filter(list=list_code)
    return qs.filter(active=True) if active_only else qs


def label(list_code: str, code: str) -> str:
    """The label of a code in the active language (the code itself if unknown)."""
    found = Term.objects.filter(list=list_code, code=code).first()
    return found.label if found else code


def choices(list_code: str) -> list[tuple[str, str]]:
    return [(t.code, t.label) for t in terms(list_code)]


def country_choices() -> list[tuple[str, str]]:
    return sorted(((c.code, c.label) for c in Country.objects.filter(active=True)),
                  key=lambda pair: pair[1])


def language_choices() -> list[tuple[str, str]]:
    return sorted(((c.code, c.label) for c in Language.objects.filter(active=True)),
                  key=lambda pair: pair[1])


def require_term(list_code: str, code: str, *, field: str) -> str:
    if not terms(list_code).filter(code=code).exists():
        raise DomainError({field: _("Unknown code “%(code)s”.") % {"code": code}})
    return code


def require_terms(list_code: str, codes, *, field: str) -> list[str]:
    codes = list(dict.fromkeys(codes))
    known = set(terms(list_code).filter(code__in=codes).values_list("code", flat=True))
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise DomainError({field: _("Unknown code(s): %(codes)s.") % {"codes": ", ".join(unknown)}})
    return codes


def _require_coded(model, codes, *, field: str, message: str) -> list:
    codes = list(dict.fromkeys(codes))
    found = {c.code: c for c in model.objects.filter(code__in=codes, active=True)}
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise DomainError({field: message % {"codes": ", ".join(map(str, unknown))}})
    return [found[c] for c in codes]


def require_countries(codes, *, field: str) -> list[Country]:
    return _require_coded(Country, codes, field=field,
                          message=_("Unknown country code(s): %(codes)s."))


def require_languages(codes, *, field: str) -> list[Language]:
    return _require_coded(Language, codes, field=field,
                          message=_("Unknown language code(s): %(codes)s."))
