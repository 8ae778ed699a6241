"""OpenAPI: the accounts' authentication classes are documented as the ones they extend."""

from drf_spectacular.authentication import SessionScheme
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme


class VerifiedSessionScheme(SessionScheme):
    target_class = "atis.accounts.api_auth.SessionAuthentication"


class VerifiedKnoxTokenScheme(KnoxTokenScheme):
    target_class = "atis.accounts.api_auth.TokenAuthentication"
