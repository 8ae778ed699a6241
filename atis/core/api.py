"""API base: who am I, and the organisations."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from atis.core import selectors
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
