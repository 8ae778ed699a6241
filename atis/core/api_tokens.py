"""API tokens: the caller's own (administrators: anyone's, `?user=`), and revocation."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from knox.models import AuthToken
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from atis.core import services, tokens


class TokenInfoSerializer(serializers.Serializer):
    id = serializers.CharField(source="token_key", help_text=_(
        "The token's public identifier (its first characters); the token itself is shown "
        "only once, when it is made."))
    user = serializers.CharField(source="user.username")
    created = serializers.DateTimeField()
    expiry = serializers.DateTimeField(help_text=_("The token stops working at this moment."))


class TokenFilter(django_filters.FilterSet):
    user = django_filters.CharFilter(field_name="user__username", max_length=150, label=_(
        "Username whose tokens to list (administrators only; others: their own name)."))

    class Meta:
        model = AuthToken
        fields = []


class TokenListView(ListAPIView):
    """The caller's live API tokens (never the tokens themselves). An administrator lists
    another user's with `?user=<username>`."""

    serializer_class = TokenInfoSerializer
    filterset_class = TokenFilter

    def get_queryset(self):
        query = TokenFilter(self.request.query_params, queryset=AuthToken.objects.none())
        if not query.is_valid():
            raise ValidationError(query.errors)
        return tokens.token_list(user=self.request.user,
                                 username=query.form.cleaned_data.get("user") or None)


class TokenRevokeView(APIView):
    """Revoke a token at once: your own, or (administrators) anyone's. Audited."""

    @extend_schema(request=None, responses=TokenInfoSerializer, parameters=[
        OpenApiParameter("key", str, OpenApiParameter.PATH,
                         description=_("The token's `id`, as the list gives it."))])
    def post(self, request, key):
        token = tokens.token_get(user=request.user, key=key)
        answer = TokenInfoSerializer(token).data
        services.token_revoke(actor=request.user, token=token)
        return Response(answer)
