"""Reads of persons, always through the access policy."""

import itertools

from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from atis.audit import services as audit
from atis.core import access
from atis.core.errors import AccessDenied, DomainError
from atis.core.models import Team, User
from atis.core.roles import CENTRE_ROLES, OrganisationType
from atis.people import policy as people_policy
from atis.people.identifiers import query_digests
from atis.people.models import (
    AssignmentNotice,
    CaseAssignment,
    IdentifierIndex,
    Person,
    PersonIdentity,
)

MATCH_STRENGTH = {IdentifierIndex.Kind.DOCUMENT: 3, IdentifierIndex.Kind.NAME_BIRTH: 3,
                  IdentifierIndex.Kind.PHONE: 2, IdentifierIndex.Kind.NAME: 1}


def person_list(*, user) -> QuerySet[Person]:
    return people_policy.visible_persons(user).prefetch_related("citizenships")


def person_get(*, user, pseudonym: str) -> Person:
    """The person, if the user may see them; otherwise Person.DoesNotExist (a page never
    tells whether a pseudonym exists)."""
    return access.get_visible(user, people_policy.visible_persons(user), "person.view",
                              pseudonym=pseudonym)


def person_identity(*, user, person: Person, reason: str = "") -> PersonIdentity:
    """Decrypted identity; every call is audited, with the reason when one is needed."""
    access.require(user, "person.view_identity", person)
    if not people_policy.may_see_identity(user, person):
        access.refused(user, "person.view_identity", person)
        raise AccessDenied(_("The person did not agree to share their identity with "
                                    "your organisation."))
    reason = (reason or "").strip()
    break_glass = people_policy.identity_needs_reason(user, person)
    if break_glass and not reason:
        raise DomainError({"reason": _("This person is not in your caseload: give the reason "
                                       "for reading their identity.")})
    audit.record(user, "person.view_identity", person, reason=reason[:500],
                 break_glass=break_glass)
    return PersonIdentity.objects.get(person=person)


MATCH_LIMIT = 200


def _match_identifiers(**probe) -> dict[int, set[str]]:
    """person id → kinds of identifier shared with `probe`, for at most MATCH_LIMIT
    persons: the strongest kinds first (document, name with date of birth), then phone,
    then name alone, each tier by person id (no access check: callers do).

    One query per tier. Each of the tier's digests reads the first persons of its range of
    the (digest, person) index, at most the room left, so a name shared by thousands costs
    no more than the limit; the same query reads the tier's rows of the persons already
    chosen, so every kind is known without a pass over all the digests. A digest names
    its kind (the kind is hashed with the value), so no row is read for it."""
    digests = query_digests(**probe)
    tiers: dict[int, list[str]] = {}
    for digest, kind in digests.items():
        tiers.setdefault(MATCH_STRENGTH[kind], []).append(digest)
    hits: dict[int, set[str]] = {}
    for strength in sorted(tiers, reverse=True):
        tier, room, chosen = tiers[strength], MATCH_LIMIT - len(hits), list(hits)
        rows = IdentifierIndex.objects.values_list("person_id", "digest")
        parts = [rows.filter(digest=digest).exclude(person_id__in=chosen)
                 .order_by("person_id")[:room] for digest in tier] if room > 0 else []
        if chosen:
            parts.append(rows.filter(digest__in=tier, person_id__in=chosen).order_by())
        new: dict[int, set[str]] = {}
        for person_id, digest in _union(parts):
            (hits[person_id] if person_id in hits else new.setdefault(person_id, set())).add(
                digests[digest])
        # The first `room` of the tier's new persons: each is among the first `room` of
        # every digest it has, so its rows of this tier are all here.
        hits.update((person_id, new[person_id]) for person_id in sorted(new)[:room])
    return hits


def _union(parts: list[QuerySet]):
    """The rows of every query of `parts`: one UNION ALL where the database takes ordered,
    limited branches (PostgreSQL), else one query each (SQLite, in process)."""
    if len(parts) > 1 and connection.features.supports_slicing_ordering_in_compound:
        return parts[0].union(*parts[1:], all=True)
    return itertools.chain.from_iterable(parts)


def likely_duplicates(*, user, given_name="", family_name="", date_of_birth=None,
                      documents=(), phones=()) -> list[tuple[Person, list[str]]]:
    """Existing persons sharing an identifier with the one being recorded: the strongest
    match first (an exact name and date of birth before the same name alone), then by
    person id; at most MATCH_LIMIT. Only the Centre may ask: the answer reveals that a
    person is known."""
    access.require(user, "person.create")
    hits = _match_identifiers(given_name=given_name, family_name=family_name,
                              date_of_birth=date_of_birth, documents=documents, phones=phones)
    if not hits:
        return []
    persons = Person.objects.in_bulk(list(hits))
    ranked = sorted(hits.items(), key=lambda item: (-sum(MATCH_STRENGTH[k] for k in item[1]),
                                                    item[0]))
    audit.record(user, "person.duplicate_check", None, matches=len(ranked))
    return [(persons[pid], sorted(kinds)) for pid, kinds in ranked]


# --- case assignment ----------------------------------------------------------------------

def assignment_history(*, user, person: Person) -> QuerySet[CaseAssignment]:
    """Every assignment of the person's case, current and ended, newest first (for whoever
    may assign cases)."""
    access.require(user, "person.assign", person)
    return (CaseAssignment.objects.filter(person=person)
            .select_related("user", "team", "assigned_by", "ended_by")
            .order_by("-active", "-assigned_at", "-pk"))


def assignable_staff(*, user) -> QuerySet[User]:
    """The Centre's caseworkers and managers a case can be assigned to, by name."""
    access.require(user, "person.assign")
    return (User.objects.filter(is_active=True, memberships__active=True,
                                memberships__role__in=CENTRE_ROLES,
                                memberships__organisation__type=OrganisationType.CENTRE)
            .order_by("last_name", "first_name", "username"))


def assignable_teams(*, user) -> QuerySet[Team]:
    access.require(user, "person.assign")
    return (Team.objects.filter(organisation__type=OrganisationType.CENTRE)
            .select_related("organisation").order_by("name"))


def assignment_notices(*, user, unread: bool = True) -> QuerySet[AssignmentNotice]:
    """The user's notices of cases assigned to them or their team, newest first; only
    while the assignment lasts (a case transferred again is no longer theirs to open)."""
    notices = AssignmentNotice.objects.filter(user=user, assignment__active=True)
    if unread:
        notices = notices.filter(read_at__isnull=True)
    return notices.select_related("assignment__person").defer("assignment__reason")
