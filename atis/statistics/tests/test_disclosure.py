"""Property-based proof of the disclosure rules over random tables."""

from itertools import product

from hypothesis import given, settings
from hypothesis import strategies as st

from atis.statistics.disclosure import suppress


@st.composite
def tables(draw):
    """A random 1- to 3-dimensional table; absent keys are zeros that were not listed."""
    sizes = [draw(st.integers(1, 5)) for _ in range(draw(st.integers(1, 3)))]
    cells = {}
    for key in product(*[range(n) for n in sizes]):
        if draw(st.booleans()):
            cells[key] = draw(st.one_of(st.integers(0, 4), st.integers(0, 60)))
    return cells, draw(st.integers(2, 5))


def lines(cells):
    """Every line along every dimension with at least two categories (one has a total)."""
    dims = len(next(iter(cells)))
    observed = [sorted({k[d] for k in cells}) for d in range(dims)]
    for d in range(dims):
        if len(observed[d]) < 2:
            continue
        others = [observed[i] if i != d else [None] for i in range(dims)]
        for fixed in product(*others):
            yield [fixed[:d] + (v,) + fixed[d + 1:] for v in observed[d]]


@settings(max_examples=400, deadline=None)
@given(tables())
def test_small_counts_are_hidden(table):
    cells, threshold = table
    hidden = suppress(cells, threshold)
    assert {k for k, c in cells.items() if 0 < c < threshold} <= hidden


@settings(max_examples=400, deadline=None)
@given(tables())
def test_no_hidden_cell_can_be_recomputed_from_a_line_total(table):
    cells, threshold = table
    if not cells:
        return
    hidden = suppress(cells, threshold)
    for line in lines(cells):
        assert sum(1 for key in line if key in hidden) != 1


@settings(max_examples=200, deadline=None)
@given(tables())
def test_nothing_is_hidden_without_a_small_count(table):
    cells, threshold = table
    if not any(0 < c < threshold for c in cells.values()):
        assert suppress(cells, threshold) == set()


def test_a_known_example():
    cells = {("a", "x"): 1, ("a", "y"): 10, ("b", "x"): 8, ("b", "y"): 9}
    assert suppress(cells, 3) == set(cells)
    one_dim = {("a",): 2, ("b",): 5, ("c",): 40}
    assert suppress(one_dim, 3) == {("a",), ("b",)}
