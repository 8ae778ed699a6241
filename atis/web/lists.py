"""What the pages' lists share: filters and order in the address, and sortable column headers.

A list is filtered by a django-filter FilterSet read from the query string and sorted by
its `sort` parameter (an OrderingFilter); each sortable header links to the same list
sorted by its column, ascending first and descending when it already is, and says which
way it is sorted (`aria-sort`)."""

from django.http import QueryDict

PARAM = "sort"


def query_with(params: QueryDict, **changes) -> str:
    """`params` as a query string with `changes` set (None removes a key); every value of a
    repeated key is kept."""
    query = params.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value is not None:
            query[key] = value
    return "?" + query.urlencode()


def sort_columns(request, keys) -> dict:
    """{key: {"url", "sort"}} for each sortable column; a new order starts at page 1."""
    current = request.GET.get(PARAM, "")
    columns = {}
    for key in keys:
        following = f"-{key}" if current == key else key
        state = "ascending" if current == key else "descending" if current == f"-{key}" \
            else "none"
        columns[key] = {"url": query_with(request.GET, **{PARAM: following, "page": None}),
                        "sort": state}
    return columns


def filtered(found):
    """The FilterSet's rows; the whole list when a filter was refused (its form says why)."""
    return found.qs if not found.is_bound or found.is_valid() else found.queryset
