"""Reads of the code lists (public, not personal data: no access policy needed)."""

import threading
import uuid

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from atis.core.errors import DomainError
from atis.reference.models import Country, Language, Term


def terms(list_code: str, *, active_only: bool = True) -> QuerySet[Term]:
    qs = Term.objects.filter(list=list_code)
    return qs.filter(active=True) if active_only else qs


# The terms (for `label` and `require_term(s)`), cached per process under the version
# token that was current when they were read; the token lives in the shared cache and
# `terms_changed` replaces it, so every process reloads. A request checks the token once
# (`request_begins`), other callers on every look-up.
VERSION_KEY = "reference:terms:version"
_cached: tuple[str | None, dict] = (None, {})
_request = threading.local()


def terms_changed(**_signal) -> None:
    """Invalidate every process's cached terms (connected to Term's save and delete): now,
    and again once the change commits, so that a process that reloaded in between (still
    seeing the old rows, the version token being in a cache outside the transaction) does
    not keep them."""
    _invalidate()
    if connection.in_atomic_block:
        transaction.on_commit(_invalidate)


def _invalidate() -> None:
    global _cached
    _cached = (None, {})
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def request_begins(**_signal) -> None:
    _request.checked = False


def request_ends(**_signal) -> None:
    _request.checked = None


def _terms_by_code() -> dict[tuple[str, str], Term]:
    global _cached
    token, found = _cached
    if token is not None and getattr(_request, "checked", None):
        return found
    current = cache.get(VERSION_KEY)
    if current is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        current = cache.get(VERSION_KEY)
    if current != token:
        found = {(t.list, t.code): t for t in Term.objects.all()}
        _cached = (current, found)
    if getattr(_request, "checked", None) is False:
        _request.checked = True
    return found


def label(list_code: str, code: str) -> str:
    """The label of a code in the active language (the code itself if unknown), from the
    cached terms: a page of rows asks the database once, not once per row."""
    found = _terms_by_code().get((list_code, code))
    return found.label if found else code


def choices(list_code: str) -> list[tuple[str, str]]:
    return [(t.code, t.label) for t in terms(list_code)]


def cached_choices(list_code: str) -> list[tuple[str, str]]:
    """The active terms of a list as `choices`, from the cached terms (a list's filter form
    rendered on every page costs no query)."""
    found = sorted((t for (list_, _code), t in _terms_by_code().items()
                    if list_ == list_code and t.active), key=lambda t: (t.sort_order, t.code))
    return [(t.code, t.label) for t in found]


def country_choices() -> list[tuple[str, str]]:
    return sorted(((c.code, c.label) for c in Country.objects.filter(active=True)),
                  key=lambda pair: pair[1])


def language_choices() -> list[tuple[str, str]]:
    return sorted(((c.code, c.label) for c in Language.objects.filter(active=True)),
                  key=lambda pair: pair[1])


def _active_codes(list_code: str, codes) -> set[str]:
    """Which of `codes` are active terms of the list: from the cached terms (no query once
    warm in a request, see `_terms_by_code`)."""
    found = _terms_by_code()
    return {code for code in codes if (term := found.get((list_code, code))) and term.active}


def require_term(list_code: str, code: str, *, field: str) -> str:
    if not _active_codes(list_code, [code]):
        raise DomainError({field: _("Unknown code “%(code)s”.") % {"code": code}})
    return code


def require_terms(list_code: str, codes, *, field: str) -> list[str]:
    codes = list(dict.fromkeys(codes))
    known = _active_codes(list_code, codes)
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise DomainError({field: _("Unknown code(s): %(codes)s.") % {"codes": ", ".join(unknown)}})
    return codes


def _require_coded(model, codes, *, field: str, message: str) -> list:
    codes = list(dict.fromkeys(codes))
    if not codes:
        return []
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
