"""Writes to organisations, users and memberships. Every permission change is audited."""

import json
from pathlib import Path

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atis.audit import services as audit
from atis.core.errors import DomainError
from atis.core.models import Counter, Membership, Organisation, Team, User
from atis.core.roles import ALLOWED_ORGANISATION_TYPES, OrganisationType, Role
from atis.core.translit import to_cyrillic

ORGANISATIONS_FILE = Path(__file__).parent / "data" / "organisations_rs.json"


def sequence_next(key: str, count: int = 1) -> int:
    """Reserve `count` consecutive numbers of the sequence `key` (row-locked); returns the
    first. Call inside a transaction."""
    counter, _ = Counter.objects.select_for_update().get_or_create(key=key)
    counter.last += count
    counter.save(update_fields=["last"])
    return counter.last - count + 1


def _organisation_rows(path: Path) -> list[dict]:
    try:
        rows = json.loads(path.read_text())
    except (OSError, ValueError):
        raise DomainError({"file": _("The file is not readable JSON.")}) from None
    required = {"code", "type", "name_en", "name_sr_latn"}
    for n, row in enumerate(rows if isinstance(rows, list) else [None], start=1):
        if not isinstance(row, dict) or not required <= set(row):
            raise DomainError({"file": _("Row %(n)d lacks one of: %(keys)s.")
                               % {"n": n, "keys": ", ".join(sorted(required))}})
        if row["type"] not in OrganisationType.values:
            raise DomainError({"type": _("Row %(n)d has an unknown organisation type.")
                               % {"n": n}})
    return rows


@transaction.atomic
def organisations_load(*, actor=None, path: Path = ORGANISATIONS_FILE) -> int:
    """Load the institutional landscape (idempotent: existing codes are left alone;
    all-or-nothing: a bad row loads nothing)."""
    created = 0
    for n, row in enumerate(_organisation_rows(path), start=1):
        if Organisation.objects.filter(code=row["code"]).exists():
            continue
        parent = None
        if row.get("parent"):
            parent = Organisation.objects.filter(code=row["parent"]).first()
            if parent is None:
                raise DomainError({"parent": _("Row %(n)d names a parent that is not loaded "
                                               "before it.") % {"n": n}})
        Organisation.objects.create(
            code=row["code"], type=row["type"], name_en=row["name_en"],
            name_sr_latn=row["name_sr_latn"], name_sr_cyrl=to_cyrillic(row["name_sr_latn"]),
            parent=parent, municipality=row.get("municipality", ""), region=row.get("region", ""))
        created += 1
    if created:
        audit.record(actor, "organisation.load", None, created=created)
    return created


def check_role(organisation: Organisation, role: str) -> None:
    if role not in Role.values:
        raise DomainError({"role": _("Unknown role “%(role)s”.") % {"role": role}})
    allowed = ALLOWED_ORGANISATION_TYPES[role]
    if allowed is not None and organisation.type not in allowed:
        raise DomainError({"role": _("The role %(role)s cannot be held in an organisation "
                                     "of this type.") % {"role": Role(role).label}})


@transaction.atomic
def user_create(*, actor, username: str, password: str, organisation: Organisation, role: str,
                team: Team | None = None, first_name: str = "", last_name: str = "",
                email: str = "") -> User:
    """Create a user with one active membership. Administrators get the admin site."""
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError({"username": _("This username is taken.")})
    check_role(organisation, role)
    user = User(username=username, first_name=first_name, last_name=last_name, email=email,
                is_staff=role == Role.ADMIN, is_superuser=role == Role.ADMIN)
    errors = {}
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        errors.update(DomainError.from_django(exc).fields)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        errors["password"] = exc.messages
    if errors:
        raise DomainError(errors)
    user.set_password(password)
    user.save()
    membership_grant(actor=actor, user=user, organisation=organisation, role=role, team=team)
    audit.record(actor, "user.create", user)
    return user


@transaction.atomic
def membership_grant(*, actor, user: User, organisation: Organisation, role: str,
                     team: Team | None = None) -> Membership:
    """Give a user a new organisation and role; the previous membership ends."""
    check_role(organisation, role)
    if team is not None and team.organisation_id != organisation.pk:
        raise DomainError({"team": _("The team belongs to another organisation.")})
    now = timezone.now()
    ended = Membership.objects.filter(user=user, active=True).update(active=False, ended_at=now)
    membership = Membership.objects.create(user=user, organisation=organisation, role=role,
                                           team=team, started_at=now)
    is_admin = role == Role.ADMIN
    if user.is_staff != is_admin or user.is_superuser != is_admin:
        user.is_staff = user.is_superuser = is_admin
        user.save(update_fields=["is_staff", "is_superuser"])
    user.__dict__.pop("membership", None)
    audit.record(actor, "membership.grant", membership, user=user.pk, organisation=organisation.code,
                 role=role, previous_ended=ended)
    return membership


@transaction.atomic
def membership_end(*, actor, user: User) -> int:
    """Withdraw a user's access (they keep their history; they can no longer act)."""
    ended = Membership.objects.filter(user=user, active=True).update(active=False,
                                                                     ended_at=timezone.now())
    if user.is_staff or user.is_superuser:
        user.is_staff = user.is_superuser = False
        user.save(update_fields=["is_staff", "is_superuser"])
    user.__dict__.pop("membership", None)
    audit.record(actor, "membership.end", user, ended=ended)
    return ended
