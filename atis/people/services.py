"""Every write to persons: creation, identity changes, case assignment and transfer."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atis.audit import services as audit
from atis.core import access, chronology
from atis.core.errors import DomainError
from atis.core.models import Membership
from atis.core.roles import CENTRE_ROLES, OrganisationType
from atis.core.services import sequence_next
from atis.people import bulk, signals
from atis.people.identifiers import clean_identity, index_rows
from atis.people.models import (
    REASON_MAX_LENGTH,
    AssignmentNotice,
    CaseAssignment,
    Person,
    PersonIdentity,
)
from atis.reference import selectors as reference
from atis.reference.models import Country


def _allocate_pseudonyms(year: int, count: int = 1) -> list[str]:
    """Reserve `count` consecutive pseudonyms V-YYYY-NNNN for `year`."""
    first = sequence_next(f"person:{year}", count)
    return [f"V-{year}-{n:04d}" for n in range(first, first + count)]


def _clean_attributes(*, sex: str, birth_year, date_of_birth, citizenships, languages) -> dict:
    errors = {}
    try:
        reference.require_term("sex", sex, field="sex")
    except DomainError as exc:
        errors.update(exc.fields)
    this_year = timezone.localdate().year
    if birth_year is not None and not (1900 <= birth_year <= this_year):
        errors["birth_year"] = _("The year of birth must be between 1900 and %(year)d.") % {
            "year": this_year}
    if date_of_birth and birth_year and date_of_birth.year != birth_year:
        errors["birth_year"] = _("The year of birth does not match the date of birth.")
    found = {}
    for field, lookup, codes in (("citizenships", reference.require_countries, citizenships),
                                 ("languages", reference.require_languages, languages)):
        try:
            found[field] = lookup(codes, field=field)
        except DomainError as exc:
            errors.update(exc.fields)
    if errors:
        raise DomainError(errors)
    return found


@transaction.atomic
def person_create(*, actor, sex: str = "unknown", birth_year: int | None = None,
                  citizenships=(), languages=(), identity: dict | None = None,
                  first_known_on=None) -> Person:
    """Create a person with a fresh pseudonym; whoever at the Centre records the person
    holds the case until a manager reassigns it."""
    access.require(actor, "person.create")
    return person_record(actor=actor, sex=sex, birth_year=birth_year, citizenships=citizenships,
                         languages=languages, identity=identity, first_known_on=first_known_on,
                         assign=True)


def person_record(*, actor, sex: str = "unknown", birth_year: int | None = None,
                  citizenships=(), languages=(), identity: dict | None = None,
                  first_known_on=None, assign: bool = False) -> Person:
    """Record a person (validated, encrypted, blind-indexed, audited). The caller has
    checked access: `person_create` for the Centre, report submission for reporters."""
    identity = clean_identity(identity or {})
    dob = identity["date_of_birth"]
    if birth_year is None and dob:
        birth_year = dob.year
    found = _clean_attributes(sex=sex, birth_year=birth_year, date_of_birth=dob,
                              citizenships=citizenships, languages=languages)
    first_known_on = chronology.happened(first_known_on, field="first_known_on",
                                         default=timezone.localdate())
    [pseudonym] = _allocate_pseudonyms(first_known_on.year)
    person = Person.objects.create(
        pseudonym=pseudonym, sex=sex, birth_year=birth_year, first_known_on=first_known_on,
        created_by=actor, created_by_organisation=actor.organisation)
    for related, values in ((person.citizenships, found["citizenships"]),
                            (person.languages, found["languages"])):
        if values:   # a new person has none yet: add, without reading what there is
            related.add(*values)
    PersonIdentity.objects.create(person=person, **identity)
    person.identifier_index.bulk_create(index_rows(person, identity))
    if assign:
        CaseAssignment.objects.create(person=person, user=actor, assigned_by=actor)
    audit.record(actor, "person.create", person)
    return person


@transaction.atomic
def person_update_identity(*, actor, person: Person, identity: dict) -> PersonIdentity:
    """Replace the identity values given in `identity`; others stay as they are."""
    access.require(actor, "person.edit", person)
    current = PersonIdentity.objects.select_for_update().get(person=person)
    merged = {name: getattr(current, name) for name in clean_identity({})}
    merged.update(identity)
    clean = clean_identity(merged)
    if clean["date_of_birth"] and person.birth_year and clean["date_of_birth"].year != person.birth_year:
        raise DomainError({"date_of_birth": _("The date of birth does not match the year of "
                                              "birth on record.")})
    for name, value in clean.items():
        setattr(current, name, value)
    current.save()
    person.identifier_index.all().delete()
    person.identifier_index.bulk_create(index_rows(person, clean))
    audit.record(actor, "person.update_identity", person, fields=sorted(identity))
    return current


@transaction.atomic
def person_assign(*, actor, person: Person, user=None, team=None) -> CaseAssignment:
    """Assign a person's case to a Centre caseworker or team (managers only)."""
    access.require(actor, "person.assign", person)
    return assignment_add(actor=actor, person=person, user=user, team=team)


def _assignee_errors(user, team) -> dict:
    """What is wrong with assigning a case to `user` or `team`: exactly one of them, a
    member of the Centre's staff or one of the Centre's teams."""
    if (user is None) == (team is None):
        return {"user": _("Assign to exactly one caseworker or one team.")}
    if user is not None and user.role not in CENTRE_ROLES:
        return {"user": _("Cases can be assigned only to the Centre's staff.")}
    if team is not None and team.organisation.type != OrganisationType.CENTRE:
        return {"team": _("Cases can be assigned only to the Centre's teams.")}
    return {}


def assignment_add(*, actor, person: Person, user=None, team=None) -> CaseAssignment:
    """Add a caseworker or team to a person's case (callers check access)."""
    errors = _assignee_errors(user, team)
    if errors:
        raise DomainError(errors)
    assignment, _created = CaseAssignment.objects.get_or_create(
        person=person, user=user, team=team, active=True, defaults={"assigned_by": actor})
    audit.record(actor, "person.assign", person,
                 assignee_user=user.pk if user else None, assignee_team=team.pk if team else None)
    return assignment


@dataclass(frozen=True)
class Reassignment:
    """What `case_reassign` did: the new assignment, the ones it ended, and how many
    people it notified."""

    assignment: CaseAssignment
    ended: list[CaseAssignment]
    notified: int


@transaction.atomic
def case_reassign(*, actor, person: Person, user=None, team=None, reason: str,
                  effective_on: datetime.date | None = None) -> Reassignment:
    """Transfer a person's case to another caseworker or team of the Centre (managers
    only): the active assignments end (kept as history), the new one starts on
    `effective_on` (default today; not in the future, not before the current assignments
    began) with the reason given, and the new assignee (or each member of the team) gets
    a notice on their dashboard.

    The person's row is locked first, so two managers transferring the same case at once
    take turns: the second sees the first's assignment as the current one and ends it,
    and a case never keeps two assignments from two transfers."""
    access.require(actor, "person.assign", person)
    Person.objects.select_for_update().only("pk").get(pk=person.pk)
    current = list(CaseAssignment.objects.filter(person=person, active=True)
                   .select_related("user", "team").order_by("assigned_at", "pk"))
    errors = _assignee_errors(user, team)
    if not errors and any(a.user_id == getattr(user, "pk", None) and
                          a.team_id == getattr(team, "pk", None) for a in current):
        errors = {"user" if user is not None else "team":
                  _("The case is already assigned to this caseworker.") if user is not None
                  else _("The case is already assigned to this team.")}
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = _("Give the reason for the reassignment.")
    elif len(reason) > REASON_MAX_LENGTH:
        errors["reason"] = _("The reason can be at most %(n)d characters long.") % {
            "n": REASON_MAX_LENGTH}
    try:
        starts = chronology.happened_at(
            effective_on, field="effective_on",
            after=[(a.assigned_at, _("the current assignment began")) for a in current])
    except DomainError as exc:
        errors.update(exc.fields)
    if errors:
        raise DomainError(errors)
    for ended in current:
        ended.active, ended.ended_at, ended.ended_by = False, starts, actor
    CaseAssignment.objects.bulk_update(current, ["active", "ended_at", "ended_by"])
    assignment = CaseAssignment.objects.create(person=person, user=user, team=team,
                                               assigned_at=starts, assigned_by=actor,
                                               reason=reason)
    notified = _notify_assignees(assignment, actor)
    signals.case_reassigned.send(sender=Person, person=person, user=user, team=team,
                                 actor=actor)
    audit.record(actor, "person.reassign", person, **{
        "from": {"users": sorted(a.user_id for a in current if a.user_id),
                 "teams": sorted(a.team_id for a in current if a.team_id)},
        "to": {"user": user.pk} if user is not None else {"team": team.pk},
        "effective_on": chronology.day_of(starts).isoformat(),
        "reason_given": True, "notified": notified})
    return Reassignment(assignment=assignment, ended=current, notified=notified)


def _notify_assignees(assignment: CaseAssignment, actor) -> int:
    """A notice for the caseworker now assigned, or for each active member of the team
    (not for the manager who made the change, who knows)."""
    if assignment.user_id is not None:
        recipients = [assignment.user_id]
    else:
        recipients = list(Membership.objects.filter(
            team_id=assignment.team_id, active=True, role__in=CENTRE_ROLES,
            user__is_active=True)
            .values_list("user_id", flat=True).order_by("user_id"))
    recipients = [pk for pk in recipients if pk != actor.pk]
    AssignmentNotice.objects.bulk_create(
        [AssignmentNotice(assignment=assignment, user_id=pk) for pk in recipients])
    return len(recipients)


def assignment_notices_read(*, user, person: Person) -> int:
    """The user has opened the case: their notices about it are read."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return AssignmentNotice.objects.filter(user=user, assignment__person=person,
                                           read_at__isnull=True).update(read_at=timezone.now())


def persons_import(*, actor, rows: list[dict]) -> list[Person]:
    """Create validated persons in bulk, for the legacy import (part of its transaction; it
    audits each). Each row: {"sex", "birth_year", "first_known_on", "citizenships": [country
    id], "languages": [language id], "identity": clean_identity(...)}. Pseudonyms are of the
    year each person was first known; identities are encrypted and blind-indexed; the
    cases are assigned to `actor`. Returns the persons (built from the rows written, not
    read back)."""
    by_year: dict[int, list[int]] = {}
    for n, row in enumerate(rows):
        by_year.setdefault(row["first_known_on"].year, []).append(n)
    names = [""] * len(rows)
    for year, positions in sorted(by_year.items()):
        for n, name in zip(positions, _allocate_pseudonyms(year, len(positions)), strict=True):
            names[n] = name
    ids = bulk.write(rows, names, created_by=actor, assign_to=actor, assign_count=len(rows),
                     assigned_by=actor)
    persons = []
    for pk, name, row in zip(ids, names, rows, strict=True):
        person = Person(id=pk, pseudonym=name, sex=row["sex"], birth_year=row["birth_year"],
                        first_known_on=row["first_known_on"], created_by=actor,
                        created_by_organisation=actor.organisation)
        person._state.adding = False
        persons.append(person)
    return persons


def _id_ranges(ids: list[int]) -> list[list[int]]:
    """[[first, last], …] of the consecutive runs of sorted `ids`."""
    ranges: list[list[int]] = []
    for pk in ids:
        if ranges and pk == ranges[-1][1] + 1:
            ranges[-1][1] = pk
        else:
            ranges.append([pk, pk])
    return ranges


def persons_bulk_create(*, actor_label: str, rows, batch_size: int = 10000, assign_to=None,
                        assign_share: float = 1.0) -> int:
    """Create many persons at once (demo data, benchmarks, migrations from other systems).
    Each row: {"sex", "birth_year", "citizenships": [alpha-2], "identity": {...}}; the
    first `assign_share` of each batch is assigned to `assign_to`. Each batch is one
    transaction (a savepoint inside the caller's) with one audit entry naming its persons
    by id range and pseudonyms; a row with an unknown code stops the load before its
    batch is written."""
    sexes = set(reference.terms("sex").values_list("code", flat=True))
    countries = dict(Country.objects.values_list("code", "pk"))
    today = timezone.localdate()
    total, batch = 0, []

    def flush():
        nonlocal total
        with transaction.atomic():
            names = _allocate_pseudonyms(today.year, len(batch))
            ids = bulk.write(batch, names, assign_to=assign_to,
                             assign_count=round(len(batch) * assign_share))
            audit.record(actor_label, "person.bulk_create", None, count=len(ids),
                         ids=_id_ranges(ids), pseudonyms=[names[0], names[-1]])
        total += len(batch)
        batch.clear()

    for row in rows:
        if row["sex"] not in sexes or any(c not in countries for c in row.get("citizenships", ())):
            raise DomainError({"rows": _("Row %(n)d has an unknown sex or country code.")
                               % {"n": total + len(batch) + 1}})
        batch.append({**row, "first_known_on": today,
                      "citizenships": [countries[c] for c in row.get("citizenships", ())]})
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    return total
