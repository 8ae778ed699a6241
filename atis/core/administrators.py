"""What an administrator is: staff of the admin site with exactly the model permissions
below (through one Group), never a superuser; and which grants need a second
administrator's approval (four eyes).

The superuser flag is kept for the operator's break-glass account made on the command
line (`atis createsuperuser`), which no membership grants or removes.
"""

from django.utils.translation import gettext_lazy as _

from atis.core.roles import Role

GROUP_NAME = "administrators"

# (app label, model, actions). Nothing is deletable: users, organisations, teams and codes
# are history that other records point to. Case content is not in the admin site at all.
PERMISSIONS: list[tuple[str, str, tuple[str, ...]]] = [
    ("core", "user", ("view", "add", "change")),
    ("core", "membership", ("view", "add", "change")),
    ("core", "organisation", ("view", "add", "change")),
    ("core", "team", ("view", "add", "change")),
    ("core", "adminrequest", ("view", "change")),
    ("reference", "term", ("view", "add", "change")),
    ("reference", "country", ("view", "add", "change")),
    ("reference", "language", ("view", "add", "change")),
]


def permission_codes() -> set[str]:
    """`app.action_model` for every permission of PERMISSIONS (as `user.has_perm` takes)."""
    return {f"{app}.{action}_{model}" for app, model, actions in PERMISSIONS for action in actions}


def identity_roles() -> frozenset[str]:
    """The roles that see identities (from the access policy) and the administrator role,
    which decides who holds them: granting any of these needs a second administrator."""
    from atis.core.access import ROLE_ACTIONS

    return frozenset(ROLE_ACTIONS["person.view_identity"]) | {Role.ADMIN}


def needs_approval(role: str) -> bool:
    return role in identity_roles()


def is_administrator(user) -> bool:
    """An active user whose active membership is the administrator role, or the operator's
    break-glass superuser."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or (user.is_staff and user.role == Role.ADMIN)


APPROVAL_HELP = _("Roles that see identities, and the administrator role, are granted only "
                  "when a second administrator approves.")
