"""Pages of the API's lists with a bounded count: at national scale a list may match a
million rows, and counting them all on every page would cost more than the page. `count`
counts at most `paging.BOUND` rows past the start of the page asked for; `count_exact`
says whether that is the total (false: more rows follow, keep following `next`)."""

from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from atis.core import paging


class BoundedPageNumberPagination(PageNumberPagination):
    """`?page=N`, pages of PAGE_SIZE; `count`, `count_exact`, `next`, `previous`, `results`."""

    def paginate_queryset(self, queryset, request, view=None):
        number = request.query_params.get(self.page_query_param) or 1
        self.django_paginator_class = _paginator_for(number)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        paginator = self.page.paginator
        return Response({
            "count": paginator.count, "count_exact": not paginator.more,
            "next": self.get_next_link(), "previous": self.get_previous_link(), "results": data})

    def get_paginated_response_schema(self, schema):
        answer = super().get_paginated_response_schema(schema)
        answer["properties"]["count"]["description"] = (
            f"Rows matched, counted at most {paging.BOUND:,} past the start of this page.")
        answer["properties"] = {**answer["properties"], "count_exact": {
            "type": "boolean", "description": "Whether `count` is the total (false: the "
                                              "count stopped, more rows follow)."}}
        answer["required"] = [*answer["required"], "count_exact"]
        return answer


def _paginator_for(number):
    """BoundedPaginator with the page asked for fixed (DRF makes its paginator with the
    list and the page size only)."""

    def make(object_list, per_page):
        return paging.BoundedPaginator(object_list, per_page, number=number, bound=paging.BOUND)

    return make
