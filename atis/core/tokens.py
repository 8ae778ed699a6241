"""API tokens (django-rest-knox) with a maximum lifetime: reads through the access rule
"a user sees their own tokens, an administrator anyone's". The lifetime is enforced on
every request by `atis.core.token_lifetime.WithinTokenLifetime`."""

from datetime import timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.models import AuthToken

from atis.core import access, administrators
from atis.core.errors import AccessDenied


def max_lifetime() -> timedelta:
    return timedelta(hours=settings.TOKEN_HOURS)


def live(queryset: QuerySet) -> QuerySet:
    """The tokens of `queryset` that still work (not expired, within the maximum lifetime)."""
    now = timezone.now()
    return queryset.filter(expiry__gt=now, created__gt=now - max_lifetime())


def token_list(*, user, username: str | None = None) -> QuerySet[AuthToken]:
    """The live tokens of `user`, or (administrators only) of the user named `username`."""
    if access.role_of(user) is None and not administrators.is_administrator(user):
        return AuthToken.objects.none()
    tokens = AuthToken.objects.select_related("user").order_by("-created", "token_key")
    if username is not None and username != user.get_username():
        if not administrators.is_administrator(user):
            raise AccessDenied(_("Only an administrator may list another user's tokens."))
        return live(tokens.filter(user__username=username))
    return live(tokens.filter(user=user))


def token_get(*, user, key: str) -> AuthToken:
    """A live token the caller may revoke (their own; an administrator's: anyone's).
    Another user's token is "not found" to everyone else, as if it did not exist."""
    tokens = live(AuthToken.objects.select_related("user").filter(token_key=key))
    if not administrators.is_administrator(user):
        tokens = tokens.filter(user=user) if access.role_of(user) else tokens.none()
    token = tokens.order_by("created").first()
    if token is None:
        from django.http import Http404

        raise Http404(_("No such token."))
    return token
