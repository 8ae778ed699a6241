"""The API's authentication classes: DRF's session and knox's token authentication, which
also refuse (403) a user who has not passed two-step verification where it is needed."""

from django.utils.translation import gettext_lazy as _
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework import authentication, exceptions

from atis.accounts import mfa


class VerificationRequired(exceptions.PermissionDenied):
    default_detail = _("Two-step verification is required: set up an authenticator and "
                       "sign in with a code on the website first.")
    default_code = "mfa_required"


class SessionAuthentication(authentication.SessionAuthentication):
    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            user = result[0]
            if not mfa.verified(user) and (mfa.has_device(user) or mfa.must_enrol(user)):
                raise VerificationRequired()
        return result


class TokenAuthentication(KnoxTokenAuthentication):
    """A token of a user with an authenticator was issued against a code (TokenView);
    a user who must enrol and has not is refused."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and mfa.must_enrol(result[0]):
            raise VerificationRequired()
        return result
