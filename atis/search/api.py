"""REST API of the search: `GET /api/v1/search/?q=` for pseudonyms, references and case
numbers; `POST /api/v1/search/` with `{"q", "date_of_birth"}` for those and (the Centre)
names, which never travel in a URL. What is searched: atis.search.selectors."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from atis.core.paging import BOUND, BoundedPaginator
from atis.search import selectors

PAGE_HELP = "Page of results (50 a page)."


class SearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(max_length=selectors.MAX_QUERY,
                              help_text="A pseudonym or its prefix (V-2026-0042), a report "
                                        "reference (R-…), a criminal case reference (J-…) or "
                                        "police, prosecution or court case number. Not a name: "
                                        "names are searched with POST.")
    page = serializers.IntegerField(min_value=1, max_value=selectors.MAX_PAGE, required=False,
                                    help_text=PAGE_HELP)


class SearchBodySerializer(serializers.Serializer):
    q = serializers.CharField(max_length=selectors.MAX_QUERY,
                              help_text="What GET takes, or (the Centre only) a person's full "
                                        "name in any order and script.")
    date_of_birth = serializers.DateField(required=False, allow_null=True,
                                          help_text="With a full name only (the Centre).")

    def validate_date_of_birth(self, day):
        if day is not None and day > timezone.localdate():
            raise serializers.ValidationError(_("The date of birth cannot be in the future."))
        if day is not None and day.year < 1900:
            raise serializers.ValidationError(_("The date of birth is before 1900."))
        return day


class SearchResultSerializer(serializers.Serializer):
    record_type = serializers.ChoiceField(choices=selectors.KINDS, source="kind")
    label = serializers.CharField(help_text="The pseudonym (persons, procedures) or reference.")
    url = serializers.CharField(help_text="Path of the record's page.")
    api_url = serializers.CharField(help_text="Path of the record in this API.")
    detail = serializers.CharField(help_text="A line about the record (no personal data).")


class SearchAnswerSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text=f"Records found, counted at most {BOUND:,} past "
                                               "the start of this page.")
    count_exact = serializers.BooleanField(help_text="Whether `count` is the total.")
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    name_search = serializers.ChoiceField(
        choices=selectors.NAME_SEARCH,
        help_text="none: not a name; done: searched by name (audited); refused: the caller's "
                  "role may not search by name, the rest was searched; post_only: a name in a "
                  "query string is not searched (POST it).")
    record_types = serializers.ListField(
        child=serializers.CharField(), help_text="The kinds of record (`record_type`) the "
                                                 "caller's role can find.")
    results = SearchResultSerializer(many=True)


def _answer(request, *, text, date_of_birth=None, in_body: bool, number) -> Response:
    user = request.user
    outcome = selectors.search(user=user, text=text, date_of_birth=date_of_birth, in_body=in_body)
    number = selectors.page_number(number)
    page = BoundedPaginator(outcome.rows, selectors.PER_PAGE, number=number).get_page(number)
    url = request.build_absolute_uri()
    data = {
        "count": page.paginator.count, "count_exact": not page.paginator.more,
        "next": replace_query_param(url, "page", page.next_page_number())
        if page.has_next() else None,
        "previous": (replace_query_param(url, "page", page.previous_page_number())
                     if page.previous_page_number() > 1 else remove_query_param(url, "page"))
        if page.has_previous() else None,
        "name_search": outcome.name_search, "record_types": outcome.kinds,
        "results": selectors.describe(user=user, rows=page.object_list, outcome=outcome),
    }
    return Response(SearchAnswerSerializer(data).data)


class SearchView(APIView):
    """Search the records the caller may open. GET for identifiers; POST (the text in the
    body) for identifiers and, for the Centre, names with an optional date of birth: a
    name search is audited (its kind and the number found, never the text)."""

    @extend_schema(parameters=[SearchQuerySerializer], responses=SearchAnswerSerializer)
    def get(self, request):
        params = SearchQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        return _answer(request, text=params.validated_data["q"], in_body=False,
                       number=params.validated_data.get("page"))

    @extend_schema(parameters=[OpenApiParameter("page", int, required=False, description=PAGE_HELP)],
                   request=SearchBodySerializer, responses=SearchAnswerSerializer)
    def post(self, request):
        body = SearchBodySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        page = serializers.IntegerField(min_value=1, max_value=selectors.MAX_PAGE, required=False)
        try:
            number = page.run_validation(request.query_params.get("page", 1))
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({"page": exc.detail}) from None
        return _answer(request, text=body.validated_data["q"],
                       date_of_birth=body.validated_data.get("date_of_birth"), in_body=True,
                       number=number)
