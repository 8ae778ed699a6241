from django.utils.translation import gettext as _

from atis.accounts import mfa, services
from atis.core.errors import DomainError


def token_second_factor(user, otp: str) -> None:
    """The token endpoint's second step: a user with an authenticator (or whose role must
    have one) gets a token only with a valid `otp`; a 400 naming `otp` otherwise."""
    if mfa.has_device(user):
        if not otp:
            raise DomainError({"otp": _("Enter the code from your authenticator app (or a "
                                        "recovery code).")})
        if services.code_check(user=user, code=otp, channel="api") is None:
            raise DomainError({"otp": _("This code is not right, or it was used already.")})
    elif mfa.must_enrol(user):
        raise DomainError({"otp": _("Your role requires two-step verification: set it up on "
                                    "the website before asking for an API token.")})
