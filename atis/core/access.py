"""The access policy: the one place that answers who may do what, which records a user
may see, and whether a refusal is audited (need to know, ARCHITECTURE.md §Roles).

`core` knows no domain model. Each domain app declares its own actions (action → roles)
and its visibility rules (model → function(user) → QuerySet) here, from its
`AppConfig.ready()` (see the app's `policy.py`). The policy fails closed: `require()` on an
object whose model nobody registered is refused, and an action nobody declared is a
programming error (`ImproperlyConfigured`), never "allowed".

Every refused access to an object (`require()` failing on it, or `get_visible()` answering
"does not exist" for an object that exists but is hidden) leaves an "access.refused" audit
entry: the object's type and id and the action asked, no personal data. A refusal usually
ends the transaction it happened in with a rollback, so an entry made inside a transaction
is kept aside and written once that transaction is over: when it commits, or at the end of
the request (`flush_refusals`, connected to `request_finished`) when it rolled back.
"""

from collections.abc import Callable, Iterable, Mapping

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from atis.core.errors import AccessDenied

# action → roles allowed, as the apps declared them (read-only for everyone else).
ROLE_ACTIONS: dict[str, frozenset[str]] = {}
_ACTION_OWNERS: dict[str, str] = {}
# concrete model → function(user) → QuerySet of the rows the user may see.
_VISIBILITY: dict[type, Callable[..., QuerySet]] = {}

REFUSED = "access.refused"


def register_actions(app: str, actions: Mapping[str, Iterable[str]]) -> None:
    """Declare `app`'s actions. Declaring an action twice (from two apps) is an error."""
    for action, roles in actions.items():
        owner = _ACTION_OWNERS.get(action)
        if owner is not None and owner != app:
            raise ImproperlyConfigured(f"Action {action!r} is declared by {owner} and {app}.")
        _ACTION_OWNERS[action] = app
        ROLE_ACTIONS[action] = frozenset(roles)


def register_visibility(model, visible: Callable[..., QuerySet]) -> None:
    """Declare which rows of `model` a user may see: `visible(user)` → QuerySet."""
    model = model._meta.concrete_model
    current = _VISIBILITY.get(model)
    if current is not None and current is not visible:
        raise ImproperlyConfigured(f"Visibility of {model._meta.label} is declared twice.")
    _VISIBILITY[model] = visible


def visibility_of(model) -> Callable[..., QuerySet] | None:
    meta = getattr(model, "_meta", None)
    return _VISIBILITY.get(meta.concrete_model) if meta is not None else None


def role_of(user) -> str | None:
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    return user.role


def may(user, action: str) -> bool:
    try:
        roles = ROLE_ACTIONS[action]
    except KeyError:
        raise ImproperlyConfigured(f"Unknown action {action!r}: no app declared it.") from None
    return role_of(user) in roles


def require(user, action: str, obj=None) -> None:
    """Raise AccessDenied unless `user` may do `action` (on `obj`, when given). A refusal
    on an object is audited."""
    allowed = may(user, action)
    if obj is None:
        require_role(user, action)
        return
    if not (allowed and _may_reach(user, obj)):
        refused(user, action, obj)
        raise AccessDenied(None if allowed else _("Your role does not allow this."))


def require_role(user, action: str, about=None) -> None:
    """The role check alone, as a view makes it before reading a body; a refusal is
    audited (against `about`, the record asked for, when there is one)."""
    if not may(user, action):
        refused(user, action, about)
        raise AccessDenied(_("Your role does not allow this."))


def _may_reach(user, obj) -> bool:
    """Whether `obj` is among the rows its app lets `user` see; a type no app registered
    is refused."""
    visible = visibility_of(type(obj))
    if visible is None or getattr(obj, "pk", None) is None:
        return False
    return visible(user).filter(pk=obj.pk).exists()


def get_visible(user, visible: QuerySet, action: str, **lookup):
    """`visible.get(**lookup)`; when that answers DoesNotExist although the object exists
    (hidden from the user), the refusal is audited before the DoesNotExist is raised."""
    try:
        return visible.get(**lookup)
    except visible.model.DoesNotExist:
        hidden = visible.model._base_manager.filter(**lookup).order_by().first()
        if hidden is not None:
            refused(user, action, hidden)
        raise


# --- auditing refusals ------------------------------------------------------------------

def _in_transaction(connection) -> bool:
    """Inside an atomic block of the application (a test case's own wrapping block does
    not count: it stands for autocommit)."""
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def _pending(connection) -> list:
    return connection.__dict__.setdefault("_atis_refusals", [])


def refused(user, action: str, obj) -> None:
    """Audit a refused access to `obj`: now, or when the current transaction is over."""
    connection = connections[DEFAULT_DB_ALIAS]
    refusal = (user if getattr(user, "is_authenticated", False) else "anonymous", action, obj)
    if not _in_transaction(connection):
        _write([refusal])
        return
    _pending(connection).append(refusal)
    transaction.on_commit(flush_refusals)


def flush_refusals(**_signal) -> None:
    """Write the refusals kept aside (after the transaction they happened in)."""
    connection = connections[DEFAULT_DB_ALIAS]
    if _in_transaction(connection):
        return
    pending = _pending(connection)
    if pending:
        batch, pending[:] = list(pending), []
        _write(batch)


def discard_refusals(**_signal) -> None:
    """A new request starts clean (refusals left by work outside a request are stale)."""
    _pending(connections[DEFAULT_DB_ALIAS]).clear()


def _write(refusals) -> None:
    from atis.audit import services as audit

    for user, action, obj in refusals:
        if hasattr(obj, "_meta") and getattr(obj, "pk", None) is not None:
            audit.record(user, REFUSED, obj, asked=action)
        elif obj is None:  # the role alone was refused
            audit.record(user, REFUSED, None, asked=action)
        else:  # not a stored object: its type only
            audit.record(user, REFUSED, None, asked=action, object_class=type(obj).__name__)
