"""Read-only REST API of the code lists (labels in the request's language)."""

from django.http import Http404
from drf_spectacular.plumbing import build_array_type, build_basic_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from atis.reference import selectors
from atis.reference.models import CodeList, Country, Language


class CodeSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    htcds = serializers.CharField(required=False)


class CodeListView(APIView):
    """One code list: `countries`, `languages`, or one of the term lists."""

    @extend_schema(responses=CodeSerializer(many=True))
    def get(self, request, list_code):
        if list_code == "countries":
            rows = [{"code": c.code, "label": c.label} for c in Country.objects.filter(active=True)]
        elif list_code == "languages":
            rows = [{"code": c.code, "label": c.label} for c in Language.objects.filter(active=True)]
        elif list_code in CodeList.values:
            rows = [{"code": t.code, "label": t.label, "htcds": t.htcds}
                    for t in selectors.terms(list_code)]
        else:
            raise Http404
        return Response(rows)


class CodeListIndexView(APIView):
    """The names of the code lists."""

    @extend_schema(responses={200: build_array_type(build_basic_type(OpenApiTypes.STR))})
    def get(self, request):
        return Response([*CodeList.values, "countries", "languages"])
