"""Writes to organisations, users and memberships. Every permission change is audited."""

import json
from pathlib import Path

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atis.audit import services as audit
from atis.core import access, administrators
from atis.core.errors import AccessDenied, DomainError
from atis.core.models import AdminRequest, Counter, Membership, Organisation, Team, User
from atis.core.roles import ALLOWED_ORGANISATION_TYPES, OrganisationType, Role
from atis.core.translit import to_cyrillic

ORGANISATIONS_FILE = Path(__file__).parent / "data" / "organisations_rs.json"


def sequence_next(key: str, count: int = 1) -> int:
    """Reserve `count` consecutive numbers of the sequence `key`; returns the first. Call
    inside a transaction. On PostgreSQL a database sequence per key (migration core 0007):
    concurrent requests never wait for one another, and a number taken by a transaction that
    rolls back is not reused (a gap, as with any sequence). Elsewhere a row-locked counter
    (SQLite's writers take turns anyway)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT atis_number_take(%s, %s)", [key, count])
            return cursor.fetchone()[0]
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
    """Create a user with one active membership. Administrators get the admin site (as
    staff, never superusers). Made by a signed-in user, a role that sees identities needs
    a second administrator (`admin_request_create`); from the command line it does not."""
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError({"username": _("This username is taken.")})
    check_role(organisation, role)
    _refuse_without_approval(actor, role)
    user = User(username=username, first_name=first_name, last_name=last_name, email=email,
                is_staff=role == Role.ADMIN)
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


def _refuse_without_approval(actor, role: str) -> None:
    """A signed-in user (the admin site, the API) cannot grant a role that sees identities
    alone; the operator at the console (actor None or a label such as "demo-data") can."""
    if isinstance(actor, User) and administrators.needs_approval(role):
        raise DomainError({"role": _("This role sees identities: it is granted only when a "
                                     "second administrator approves the request.")})


def _admin_access(user: User, is_admin: bool, *, clear_superuser: bool) -> None:
    """Staff and the administrators' group go with the administrator role. The superuser
    flag is never given; only the operator's break-glass account made on the console has
    it, and a change made by a signed-in user (or the end of the membership) clears it."""
    from django.contrib.auth.models import Group

    superuser = user.is_superuser and not clear_superuser
    if user.is_staff != (is_admin or superuser) or user.is_superuser != superuser:
        user.is_staff = is_admin or superuser
        user.is_superuser = superuser
        user.save(update_fields=["is_staff", "is_superuser"])
    if is_admin:
        user.groups.add(administrators_group())
    else:
        user.groups.remove(*Group.objects.filter(name=administrators.GROUP_NAME))


def administrators_group():
    """The group that holds exactly `administrators.PERMISSIONS` (made by a migration;
    made again here if someone deleted it)."""
    from django.contrib.auth.models import Group, Permission

    group, created = Group.objects.get_or_create(name=administrators.GROUP_NAME)
    if created:
        wanted = administrators.permission_codes()
        group.permissions.set([p for p in Permission.objects.select_related("content_type")
                               if f"{p.content_type.app_label}.{p.codename}" in wanted])
    return group


@transaction.atomic
def membership_grant(*, actor, user: User, organisation: Organisation, role: str,
                     team: Team | None = None) -> Membership:
    """Give a user a new organisation and role; the previous membership ends. A role that
    sees identities needs an approved request when a signed-in user grants it
    (`admin_request_create` / `admin_request_approve`)."""
    _refuse_without_approval(actor, role)
    return _membership_grant(actor=actor, user=user, organisation=organisation, role=role,
                             team=team)


def _membership_grant(*, actor, user: User, organisation: Organisation, role: str,
                      team: Team | None = None, request: AdminRequest | None = None) -> Membership:
    check_role(organisation, role)
    if team is not None and team.organisation_id != organisation.pk:
        raise DomainError({"team": _("The team belongs to another organisation.")})
    now = timezone.now()
    ended = Membership.objects.filter(user=user, active=True).update(active=False, ended_at=now)
    membership = Membership.objects.create(user=user, organisation=organisation, role=role,
                                           team=team, started_at=now)
    _admin_access(user, role == Role.ADMIN, clear_superuser=isinstance(actor, User))
    user.__dict__.pop("membership", None)
    extra = {"request": request.pk, "requested_by": request.requested_by_id} if request else {}
    audit.record(actor, "membership.grant", membership, user=user.pk, organisation=organisation.code,
                 role=role, previous_ended=ended, **extra)
    return membership


@transaction.atomic
def membership_end(*, actor, user: User) -> int:
    """Withdraw a user's access (they keep their history; they can no longer act)."""
    ended = Membership.objects.filter(user=user, active=True).update(active=False,
                                                                     ended_at=timezone.now())
    _admin_access(user, False, clear_superuser=True)
    user.__dict__.pop("membership", None)
    audit.record(actor, "membership.end", user, ended=ended)
    return ended


# Four eyes: what one administrator asks, another decides.

def _require_administrator(actor) -> None:
    if not administrators.is_administrator(actor):
        raise AccessDenied(_("Only an administrator may do this."))


@transaction.atomic
def admin_request_create(*, actor: User, kind: str, target: User,
                         organisation: Organisation | None = None, role: str = "",
                         team: Team | None = None, reason: str = "") -> AdminRequest:
    """File a request for a second administrator: granting `role` in `organisation` (a
    role that needs approval) or resetting `target`'s multi-factor authentication. An
    administrator may file one for themself; they can never approve it."""
    _require_administrator(actor)
    if kind == AdminRequest.Kind.GRANT_ROLE:
        if organisation is None:
            raise DomainError({"organisation": _("Choose the organisation.")})
        check_role(organisation, role)
        if team is not None and team.organisation_id != organisation.pk:
            raise DomainError({"team": _("The team belongs to another organisation.")})
        if not administrators.needs_approval(role):
            raise DomainError({"role": _("This role is granted directly; it needs no approval.")})
    elif kind == AdminRequest.Kind.RESET_MFA:
        organisation, role, team = None, "", None
    else:
        raise DomainError({"kind": _("Unknown kind of request.")})
    if len(reason) > 500:
        raise DomainError({"reason": _("At most 500 characters.")})
    pending = AdminRequest.objects.select_for_update().filter(
        target=target, kind=kind, status=AdminRequest.Status.PENDING)
    if pending.exists():
        raise DomainError({"non_field_errors": _("A request of this kind for this user is "
                                                 "already waiting for a decision.")})
    request = AdminRequest.objects.create(kind=kind, target=target, organisation=organisation,
                                          role=role, team=team, reason=reason,
                                          requested_by=actor)
    audit.record(actor, "admin.request", request, kind=kind, user=target.pk, role=role,
                 organisation=organisation.code if organisation else "", reason=reason)
    return request


def membership_request(*, actor, user: User, organisation: Organisation, role: str,
                       team: Team | None = None, reason: str = "") -> Membership | AdminRequest:
    """What the admin site does when an administrator gives a user a role: granted at once
    if the role sees no identities, otherwise a request a second administrator decides."""
    if isinstance(actor, User) and administrators.needs_approval(role):
        return admin_request_create(actor=actor, kind=AdminRequest.Kind.GRANT_ROLE, target=user,
                                    organisation=organisation, role=role, team=team,
                                    reason=reason)
    return membership_grant(actor=actor, user=user, organisation=organisation, role=role,
                            team=team)


def _pending(request: AdminRequest) -> AdminRequest:
    locked = AdminRequest.objects.select_for_update(of=("self",)).select_related(
        "target", "organisation", "team").get(pk=request.pk)
    if locked.status != AdminRequest.Status.PENDING:
        raise DomainError({"status": _("This request has already been decided.")})
    return locked


@transaction.atomic
def admin_request_approve(*, actor: User, request: AdminRequest) -> AdminRequest:
    """A second administrator approves: the role is granted, or the user's MFA devices are
    deleted (they enrol again at their next sign-in). Neither the requester nor the user
    concerned may approve."""
    _require_administrator(actor)
    request = _pending(request)
    if actor.pk == request.requested_by_id:
        raise DomainError({"non_field_errors": _("You filed this request: another "
                                                 "administrator must approve it.")})
    if actor.pk == request.target_id:
        raise DomainError({"non_field_errors": _("This request concerns you: another "
                                                 "administrator must approve it.")})
    request.status = AdminRequest.Status.APPROVED
    request.decided_by, request.decided_at = actor, timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    audit.record(actor, "admin.approve", request, kind=request.kind, user=request.target_id,
                 requested_by=request.requested_by_id)
    if request.kind == AdminRequest.Kind.GRANT_ROLE:
        _membership_grant(actor=actor, user=request.target, organisation=request.organisation,
                          role=request.role, team=request.team, request=request)
    else:
        mfa_devices_delete(actor=actor, user=request.target, request=request)
    return request


@transaction.atomic
def admin_request_reject(*, actor: User, request: AdminRequest, reason: str = "") -> AdminRequest:
    """Another administrator refuses (the requester withdraws with `admin_request_cancel`)."""
    _require_administrator(actor)
    request = _pending(request)
    if actor.pk == request.requested_by_id:
        raise DomainError({"non_field_errors": _("You filed this request: withdraw it "
                                                 "instead.")})
    return _decide(actor, request, AdminRequest.Status.REJECTED, "admin.reject", reason)


@transaction.atomic
def admin_request_cancel(*, actor: User, request: AdminRequest) -> AdminRequest:
    """The requester withdraws their own pending request."""
    _require_administrator(actor)
    request = _pending(request)
    if actor.pk != request.requested_by_id:
        raise DomainError({"non_field_errors": _("Only the administrator who filed the "
                                                 "request may withdraw it.")})
    return _decide(actor, request, AdminRequest.Status.CANCELLED, "admin.cancel", "")


def _decide(actor, request: AdminRequest, status: str, action: str, reason: str) -> AdminRequest:
    request.status = status
    request.decided_by, request.decided_at = actor, timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    audit.record(actor, action, request, kind=request.kind, user=request.target_id,
                 requested_by=request.requested_by_id, reason=reason)
    return request


def mfa_devices_delete(*, actor, user: User, request: AdminRequest | None = None) -> int:
    """Delete every django-otp device of `user` (TOTP and recovery codes), so they must
    enrol again. Only through an approved request (or the console)."""
    from django.apps import apps

    deleted = 0
    if apps.is_installed("django_otp"):
        from django_otp import devices_for_user

        for device in list(devices_for_user(user, confirmed=None)):
            device.delete()
            deleted += 1
    audit.record(actor, "mfa.reset", user, devices=deleted,
                 request=request.pk if request else None)
    return deleted


# The administration pages (atis.accounts.views_administration): users, their memberships and
# organisations, written by a signed-in administrator.

def _require_manager(actor, action: str = "user.manage") -> None:
    access.require(actor, action)


def _new_user_errors(user: User, password: str) -> dict:
    errors = {}
    if User.objects.filter(username__iexact=user.username).exists():
        errors["username"] = [_("This username is taken.")]
    try:
        user.full_clean(exclude=["password"], validate_unique=False)
    except ValidationError as exc:
        for field, messages in DomainError.from_django(exc).fields.items():
            errors.setdefault(field, []).extend(messages)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        errors["password"] = exc.messages
    return errors


@transaction.atomic
def user_register(*, actor: User, username: str, password: str, organisation: Organisation,
                  role: str, team: Team | None = None, first_name: str = "", last_name: str = "",
                  email: str = "", reason: str = "") -> tuple[User, Membership | AdminRequest]:
    """An administrator opens an account: the user gets a one-time `password` they must
    change at their first sign-in, and the role is granted at once, or, for a role that
    sees identities (or the administrator role), filed as a request a second administrator
    decides (the user cannot sign in until then). All or nothing."""
    _require_manager(actor)
    user = User(username=(username or "").strip(), first_name=first_name, last_name=last_name,
                email=email, password_change_required=True)
    errors = _new_user_errors(user, password)
    try:
        check_role(organisation, role)
    except DomainError as exc:
        errors.update(exc.fields)
    if team is not None and team.organisation_id != organisation.pk:
        errors["team"] = [_("The team belongs to another organisation.")]
    if len(reason) > 500:
        errors["reason"] = [_("At most 500 characters.")]
    if errors:
        raise DomainError(errors)
    user.set_password(password)
    user.save()
    audit.record(actor, "user.create", user, one_time_password=True)
    granted = membership_request(actor=actor, user=user, organisation=organisation, role=role,
                                 team=team, reason=reason)
    return user, granted


USER_FIELDS = ("first_name", "last_name", "email")


@transaction.atomic
def user_update(*, actor: User, user: User, **values) -> list[str]:
    """Change a user's name and e-mail (the username never changes: the audit trail and
    other systems know the user by it). Returns the names of the fields changed."""
    _require_manager(actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    unknown = set(values) - set(USER_FIELDS)
    if unknown:
        raise DomainError({"non_field_errors": _("These fields cannot be changed here.")})
    changed = [name for name, value in values.items() if getattr(user, name) != value]
    for name in changed:
        setattr(user, name, values[name])
    try:
        user.full_clean(exclude=["password"], validate_unique=False)
    except ValidationError as exc:
        raise DomainError.from_django(exc) from None
    if changed:
        user.save(update_fields=changed)
        audit.record(actor, "user.update", user, fields=changed)
    return changed


@transaction.atomic
def user_set_active(*, actor: User, user: User, active: bool) -> bool:
    """Deactivate a user (they can no longer sign in; their sessions and API tokens end;
    memberships and history stay) or reactivate them. Returns whether anything changed.
    An administrator cannot deactivate themself."""
    _require_manager(actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    if not active and user.pk == actor.pk:
        raise DomainError({"non_field_errors": _("You cannot deactivate your own account: "
                                                 "ask another administrator.")})
    if user.is_active == active:
        return False
    user.is_active = active
    user.save(update_fields=["is_active"])
    tokens = 0
    if not active:
        from knox.models import AuthToken

        tokens, _by_model = AuthToken.objects.filter(user=user).delete()
    audit.record(actor, "user.reactivate" if active else "user.deactivate", user,
                 tokens_revoked=tokens)
    return True


@transaction.atomic
def user_password_set(*, actor: User, user: User, password: str) -> None:
    """Give `user` a one-time password (they forgot theirs): they must choose their own at
    their next sign-in. The password itself is never shown again nor audited."""
    _require_manager(actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.pk == actor.pk:
        raise DomainError({"password": _("Change your own password on your account page.")})
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError({"password": exc.messages}) from None
    user.set_password(password)
    user.password_change_required = True
    user.save(update_fields=["password", "password_change_required"])
    audit.record(actor, "user.one_time_password", user)


@transaction.atomic
def membership_withdraw(*, actor: User, user: User) -> int:
    """End `user`'s active membership from the administration pages (`membership_end`,
    checked first: an administrator cannot end their own)."""
    _require_manager(actor)
    if user.pk == actor.pk:
        raise DomainError({"non_field_errors": _("You cannot end your own membership: ask "
                                                 "another administrator.")})
    if not Membership.objects.filter(user=user, active=True).exists():
        raise DomainError({"non_field_errors": _("This user has no active membership.")})
    return membership_end(actor=actor, user=user)


ORGANISATION_FIELDS = ("code", "name_en", "name_sr_latn", "name_sr_cyrl", "type", "parent",
                       "municipality", "region", "active")


def _organisation_check(organisation: Organisation, *, creating: bool) -> None:
    if not organisation.name_sr_cyrl and organisation.name_sr_latn:
        organisation.name_sr_cyrl = to_cyrillic(organisation.name_sr_latn)
    errors = {}
    try:
        organisation.full_clean()
    except ValidationError as exc:
        errors.update(DomainError.from_django(exc).fields)
    if organisation.parent_id is not None and not creating:
        ancestor, seen = organisation.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if ancestor.pk == organisation.pk:
                errors["parent"] = [_("An organisation cannot be placed under itself or "
                                      "one of its own units.")]
                break
            seen.add(ancestor.pk)
            ancestor = ancestor.parent
    if not creating:
        misfits = sorted({str(Role(m.role).label) for m in organisation.memberships.filter(active=True)
                          if ALLOWED_ORGANISATION_TYPES[m.role] is not None
                          and organisation.type not in ALLOWED_ORGANISATION_TYPES[m.role]})
        if misfits:
            errors["type"] = [_("Members of this organisation hold roles that an organisation "
                                "of this type cannot have: %(roles)s. End or change those "
                                "memberships first.") % {"roles": ", ".join(misfits)}]
    if errors:
        raise DomainError(errors)


@transaction.atomic
def organisation_create(*, actor: User, **values) -> Organisation:
    _require_manager(actor, "organisation.manage")
    unknown = set(values) - set(ORGANISATION_FIELDS)
    if unknown:
        raise DomainError({"non_field_errors": _("These fields cannot be set here.")})
    organisation = Organisation(**values)
    _organisation_check(organisation, creating=True)
    organisation.save()
    audit.record(actor, "organisation.create", organisation, code=organisation.code,
                 type=organisation.type)
    return organisation


@transaction.atomic
def organisation_update(*, actor: User, organisation: Organisation, **values) -> list[str]:
    """Change an organisation; its code never changes (other records, the statistics'
    provenance and imports name it). Returns the names of the fields changed."""
    _require_manager(actor, "organisation.manage")
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    unknown = set(values) - (set(ORGANISATION_FIELDS) - {"code"})
    if unknown:
        raise DomainError({"code": _("The code of an organisation never changes.")}
                          if "code" in unknown else
                          {"non_field_errors": _("These fields cannot be changed here.")})
    before = {name: getattr(organisation, name) for name in values}
    for name, value in values.items():
        setattr(organisation, name, value)
    _organisation_check(organisation, creating=False)
    changed = [name for name in values if getattr(organisation, name) != before[name]]
    if changed:
        organisation.save(update_fields=changed)
        audit.record(actor, "organisation.update", organisation, code=organisation.code,
                     fields=changed)
    return changed


# API tokens (django-rest-knox): listed and revoked by their owner and by administrators.

def token_create(*, actor, user: User, hours: int | None = None, channel: str = "api"):
    """A new token for `user`, valid `hours` (at most ATIS_TOKEN_HOURS). Returns
    (instance, token); the token itself is shown once and never stored."""
    from datetime import timedelta

    from knox.models import AuthToken

    from atis.core.tokens import max_lifetime

    lifetime = max_lifetime() if hours is None else min(timedelta(hours=hours), max_lifetime())
    instance, token = AuthToken.objects.create(user, expiry=lifetime)
    audit.record(actor, "auth.token_created", None, channel=channel, user=user.pk,
                 hours=round(lifetime.total_seconds() / 3600, 2))
    return instance, token


@transaction.atomic
def token_revoke(*, actor: User, token) -> None:
    """Delete `token` (an AuthToken the actor may see, from `tokens.token_get`)."""
    owner, key = token.user_id, token.token_key
    token.delete()
    audit.record(actor, "auth.token_revoked", None, user=owner, token=key)
