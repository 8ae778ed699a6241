"""Bounded counts for pages over large tables: a page never counts more than `BOUND` rows
past the one it shows (the queue has 200,000 untriaged reports at national scale), so
its cost does not grow with the table; the page says "1,000+" instead of the total."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

BOUND = 1000


class BoundedPaginator(Paginator):
    """A paginator counting at most `bound` rows past the start of the page asked for
    (`number`, as in the query string); `more` says the count stopped there."""

    def __init__(self, object_list, per_page, *, number=None, bound: int = BOUND):
        super().__init__(object_list, per_page)
        try:
            page = max(int(number), 1)
        except (TypeError, ValueError):
            page = 1
        self.start, self.bound, self.more = (page - 1) * per_page, bound, False

    @cached_property
    def count(self) -> int:
        qs = self.object_list.order_by()
        n = qs[self.start:self.start + self.bound + 1].count()
        if n == 0 and self.start:  # asked past the end: count from the start
            self.start = 0
            n = qs[:self.bound + 1].count()
        self.more = n > self.bound
        return self.start + min(n, self.bound)



def head(qs, n: int, *, rows=None, bound: int = BOUND) -> tuple[list, dict]:
    """The first `n` objects of `qs` in its order, and its bounded count: one query reads
    at most `bound` + 1 keys (the large set is scanned once), a second fetches the `n`
    objects from `rows` (default `qs`, with whatever it joins). `qs` may be a UNION of
    `values()` rows that have a "pk"; then `rows` is needed."""
    if qs.query.combinator:
        keys = [row["pk"] for row in qs[:bound + 1]]
    else:
        keys = list(qs.values_list("pk", flat=True)[:bound + 1])
    found = (qs if rows is None else rows).order_by().in_bulk(keys[:n])
    return [found[k] for k in keys[:n]], {"n": min(len(keys), bound), "more": len(keys) > bound}
