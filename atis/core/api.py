"""API base: who am I, API tokens, and the organisations."""

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, inline_serializer
from knox.models import AuthToken
from rest_framework import permissions, serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from atis.audit import services as audit
from atis.core import selectors
from atis.core.api_strict import RefuseUnknownInput
from atis.core.errors import DomainError
from atis.core.filters import OrganisationFilter


class OrganisationSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=gettext_lazy("Stable identifier, never reused."))
    name = serializers.CharField(help_text=gettext_lazy("In the request's language."))
    type = serializers.CharField()
    active = serializers.BooleanField()


class OrganisationListView(ListAPIView):
    """Every organisation that works with ATIS (`type`, `active=true|false` filter them); a
    record's organisation fields take these codes."""

    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter

    def get_queryset(self):
        return selectors.organisation_list(user=self.request.user)


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    full_name = serializers.CharField(source="get_full_name")
    role = serializers.CharField(allow_null=True)
    role_label = serializers.SerializerMethodField()
    organisation = OrganisationSerializer(allow_null=True)
    team = serializers.SerializerMethodField()

    def get_role_label(self, user) -> str | None:
        return str(user.membership.get_role_display()) if user.membership else None

    def get_team(self, user) -> str | None:
        team = user.membership.team if user.membership else None
        return team.name if team else None


class MeView(APIView):
    """The signed-in user, their organisation and role."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user).data)


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False)


class TokenView(APIView):
    """Exchange a username and password for an API token (valid 10 hours)."""

    authentication_classes = []
    permission_classes = [permissions.AllowAny, RefuseUnknownInput]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(request=TokenRequestSerializer, responses=inline_serializer(
        "Token", {"token": serializers.CharField(), "expiry": serializers.DateTimeField()}))
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(request, **data.validated_data)
        if user is None:
            raise DomainError({"non_field_errors": _("Wrong username or password, or the "
                                                     "account has no active membership.")})
        instance, token = AuthToken.objects.create(user)
        audit.record(user, "auth.token_created", None, channel="api")
        return Response({"token": token, "expiry": instance.expiry})
