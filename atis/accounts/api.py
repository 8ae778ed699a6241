"""The API token endpoint: a username, a password and (once enrolled) a second factor
exchanged for a token, behind the shared lock-out and throttle."""

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, inline_serializer
from knox.models import AuthToken
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from atis.accounts.lockout import LockedOut
from atis.accounts.middleware import one_time_message
from atis.accounts.throttling import SharedScopedRateThrottle
from atis.accounts.tokens import token_second_factor
from atis.audit import services as audit
from atis.core.api_strict import RefuseUnknownInput
from atis.core.errors import DomainError


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False)
    otp = serializers.CharField(max_length=32, required=False, help_text=gettext_lazy(
        "The code from the user's authenticator app, or a recovery code: required once the "
        "user has set up two-step verification (and for roles that must use it)."))


class TokenView(APIView):
    """Exchange a username and password for an API token (valid 10 hours)."""

    authentication_classes = []
    permission_classes = [permissions.AllowAny, RefuseUnknownInput]
    throttle_classes = [SharedScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(request=TokenRequestSerializer, responses=inline_serializer(
        "Token", {"token": serializers.CharField(), "expiry": serializers.DateTimeField()}))
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        otp = data.validated_data.pop("otp", "")
        user = authenticate(request, **data.validated_data)
        if user is None:
            if getattr(request, "axes_locked_out", False):
                raise LockedOut()
            raise DomainError({"non_field_errors": _("Wrong username or password, or the "
                                                     "account has no active membership.")})
        token_second_factor(user, otp)
        if user.password_change_required:
            raise DomainError({"password": one_time_message()})
        instance, token = AuthToken.objects.create(user)
        audit.record(user, "auth.token_created", None, channel="api")
        return Response({"token": token, "expiry": instance.expiry})
