"""The API refuses a token past its maximum lifetime (ATIS_TOKEN_HOURS), whatever expiry
it was given. A permission class in DEFAULT_PERMISSION_CLASSES, so it holds whichever
authentication class (knox's, or one that adds checks to it) let the token in; DRF imports
this module while it defines APIView, so everything else is imported where it is used."""

from django.utils.translation import gettext as _
from rest_framework import exceptions, permissions


class WithinTokenLifetime(permissions.BasePermission):
    """Refuses (401) a request authenticated with a token older than ATIS_TOKEN_HOURS,
    however long its own expiry (a token made before the limit was lowered), and deletes
    the token. A permission in DEFAULT_PERMISSION_CLASSES, so it holds whichever
    authentication class (knox's, or one that adds checks to it) let the token in."""

    def has_permission(self, request, view):
        from django.utils import timezone
        from knox.models import AuthToken

        from atis.core.tokens import max_lifetime

        token = request.auth
        if isinstance(token, AuthToken) and token.created + max_lifetime() < timezone.now():
            AuthToken.objects.filter(digest=token.digest).delete()
            raise exceptions.AuthenticationFailed(_("The token has passed its maximum "
                                                    "lifetime. Ask for a new one."))
        return True
