"""Validation of identity input and the blind-index rows derived from it."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from atis.core import crypto
from atis.core.errors import DomainError
from atis.core.normalise import document_key, name_key, phone_key
from atis.people.models import IdentifierIndex
from atis.reference import selectors as reference

TEXT_LIMITS = {"given_name": 100, "family_name": 100, "place_of_birth": 200}
LIST_LIMITS = {"aliases": 200, "phones": 40, "addresses": 300}
MAX_ITEMS = 20
IDENTITY_FIELDS = (*TEXT_LIMITS, *LIST_LIMITS, "date_of_birth", "documents")


def clean_identity(data: dict) -> dict:
    """Check shape and limits of identity input; raise DomainError naming each bad field."""
    errors: dict[str, str] = {}
    unknown = set(data) - set(IDENTITY_FIELDS)
    if unknown:
        errors["identity"] = _("Unknown field(s): %(names)s.") % {"names": ", ".join(sorted(unknown))}
    clean: dict = {}
    for name, limit in TEXT_LIMITS.items():
        value = (data.get(name) or "").strip()
        if len(value) > limit:
            errors[name] = _("At most %(limit)d characters.") % {"limit": limit}
        clean[name] = value
    for name, limit in LIST_LIMITS.items():
        values = [str(v).strip() for v in (data.get(name) or []) if str(v).strip()]
        if len(values) > MAX_ITEMS or any(len(v) > limit for v in values):
            errors[name] = _("At most %(items)d entries of %(limit)d characters each.") % {
                "items": MAX_ITEMS, "limit": limit}
        clean[name] = values
    dob = data.get("date_of_birth")
    if dob is not None and not isinstance(dob, datetime.date):
        errors["date_of_birth"] = _("Not a valid date.")
    elif dob is not None and dob > timezone.localdate():
        errors["date_of_birth"] = _("The date of birth cannot be in the future.")
    elif dob is not None and dob.year < 1900:
        errors["date_of_birth"] = _("The date of birth is before 1900.")
    clean["date_of_birth"] = dob
    clean["documents"] = _clean_documents(data.get("documents") or [], errors)
    if errors:
        raise DomainError(errors)
    return clean


def _clean_documents(documents, errors) -> list[dict]:
    clean = []
    if len(documents) > MAX_ITEMS:
        errors["documents"] = _("At most %(items)d documents.") % {"items": MAX_ITEMS}
        return clean
    for doc in documents:
        number = str(doc.get("number", "")).strip()
        kind = doc.get("type") or "other"
        if not number or len(number) > 50:
            errors["documents"] = _("Each document needs a number of at most 50 characters.")
            continue
        try:
            reference.require_term("identity_document", kind, field="documents")
            if doc.get("country"):
                reference.require_countries([doc["country"]], field="documents")
        except DomainError as exc:
            errors.update(exc.fields)
            continue
        clean.append({"type": kind, "number": number, "country": doc.get("country") or ""})
    return clean


# Version of the folding (atis.core.normalise) the digests are made with: 1 was Serbian-only
# transliteration, 2 adds anyascii for every other script. Rows under an older scheme are
# recomputed by `atis keys reindex`.
FOLD_SCHEME = 2


def index_values(identity: dict) -> list[tuple[str, str]]:
    """(kind, normalised value) for a person's names (and aliases), name with date of
    birth, documents and phones."""
    rows: set[tuple[str, str]] = set()
    names = [name_key(identity.get("given_name", ""), identity.get("family_name", ""))]
    names += [name_key(alias) for alias in identity.get("aliases") or []]
    dob = identity.get("date_of_birth")
    for key in filter(None, names):
        rows.add((IdentifierIndex.Kind.NAME, key))
        if dob:
            rows.add((IdentifierIndex.Kind.NAME_BIRTH, f"{key}|{dob.isoformat()}"))
    for doc in identity.get("documents") or []:
        if document_key(doc["number"]):
            rows.add((IdentifierIndex.Kind.DOCUMENT, document_key(doc["number"])))
    for phone in identity.get("phones") or []:
        if phone_key(phone):
            rows.add((IdentifierIndex.Kind.PHONE, phone_key(phone)))
    return sorted(rows)


def index_rows(person, identity: dict) -> list[IdentifierIndex]:
    """Blind-index rows for a person's identifiers, under the active blind-index key."""
    key = crypto.blind_keys()[0]
    return [IdentifierIndex(person=person, kind=kind, key_id=key.key_id, scheme=FOLD_SCHEME,
                            digest=crypto.blind_index(kind, value, key))
            for kind, value in index_values(identity)]


def query_digests(*, given_name="", family_name="", date_of_birth=None, documents=(),
                  phones=()) -> dict[str, str]:
    """digest → kind for the identifiers of a person being looked up, under every
    configured blind-index key (rows made under an older key still match until
    `atis keys reindex` has run)."""
    probe = {"given_name": given_name, "family_name": family_name,
             "date_of_birth": date_of_birth, "documents": list(documents), "phones": list(phones)}
    return {digest: kind for kind, value in index_values(probe)
            for digest in crypto.blind_digests(kind, value)}
