"""Disclosure control of a release as one linear system: protect hides every small count and
as few persons as it can, and the audit says exactly what an attacker can learn."""

import math
from collections import Counter
from itertools import combinations, product

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from atis.statistics.sdc import TOTAL, Grid, System, audit, protect, unsafe_primaries
from atis.statistics.tests.cascade import suppress

DIMENSIONS = ("form", "sex", "age")
SETTINGS = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}


@st.composite
def grids(draw, *, dimensions=(1, 3), sizes=(1, 5), small_values=False, all_totals=False):
    """A random table; absent keys are zeros that were not listed."""
    dims = DIMENSIONS[:draw(st.integers(*dimensions))]
    shape = [draw(st.integers(*sizes)) for _ in dims]
    value = st.integers(0, 3) if small_values else st.one_of(st.integers(0, 4), st.integers(0, 60))
    counts = {key: draw(value) for key in product(*map(range, shape)) if draw(st.booleans())}
    totals = dims if all_totals else tuple(d for d in dims if draw(st.booleans()))
    return Grid("table", dims, counts, totals=totals)


def keys(system, nodes):
    return {key for node in nodes for _, key in system.keys_of(node)}


def brute_force_extremes(system, hidden, cap):
    """{node: (min, max)} over the integer assignments 0..cap of the hidden nodes that satisfy
    every equation with the published values: for each candidate value, an exhaustive search
    for a completion, pruned by each equation's range."""
    equations = []
    for total, parts in system.equations:
        coefficients = Counter({total: 1})
        coefficients.subtract(parts)
        unknown = {n: c for n, c in coefficients.items() if c and n in hidden}
        if unknown:
            equations.append((unknown, sum(c * system.value(n) for n, c in coefficients.items()
                                           if c and n not in hidden)))

    def possible(point):
        for unknown, known in equations:
            low = high = known
            for n, c in unknown.items():
                low += c * point[n] if n in point else min(0, c * cap)
                high += c * point[n] if n in point else max(0, c * cap)
            if not low <= 0 <= high:
                return False
        return True

    def completes(point, rest):
        if not possible(point):
            return False
        if not rest:
            return True
        return any(completes({**point, rest[0]: value}, rest[1:]) for value in range(cap + 1))

    extremes = {}
    for node in hidden:
        others = sorted(hidden - {node})
        values = [v for v in range(cap + 1) if completes({node: v}, others)]
        extremes[node] = (min(values), max(values))
    return extremes


def cap_for(system, threshold):
    """Above every published value (so every bounded maximum) with room to grow past it."""
    return max((system.value(n) for n in system.nodes), default=0) + 2 * threshold


def cascade_nodes(system, grid, threshold):
    return {system.node(grid.name, key) for key in suppress(dict(grid.counts), threshold)}


# Every small count is hidden, and what protect hides passes its audit.

@settings(max_examples=80, **SETTINGS)
@given(grids(), st.integers(2, 5))
def test_every_small_count_is_hidden_and_protect_passes_the_audit(grid, threshold):
    system = System.build([grid])
    primaries = system.primaries(threshold)
    hidden = protect(system, threshold)
    assert primaries <= hidden
    assert audit(system, hidden, threshold).safe
    if not primaries:
        assert hidden == frozenset()


# The audit against brute force.

@settings(max_examples=100, **SETTINGS)
@given(grids(sizes=(1, 3), small_values=True), st.integers(2, 4), st.data())
def test_audit_intervals_are_the_integer_extremes(grid, threshold, data):
    assume(math.prod(len(c) for c in grid.category_lists()) <= 8)
    system = System.build([grid])
    assume(system.nodes)
    hidden = data.draw(st.frozensets(st.sampled_from(list(system.nodes)), max_size=6))
    extremes = brute_force_extremes(system, hidden, cap_for(system, threshold))
    result = audit(system, hidden, threshold)
    assert set(result.intervals) == hidden
    for node, (low, high) in extremes.items():
        interval = result.intervals[node]
        assert interval.low == low
        if interval.high < math.inf:
            assert interval.high == high
        else:  # it can at least outgrow the threshold (cap_for leaves room)
            assert high >= system.value(node) + threshold
    for node in system.primaries(threshold) & hidden:
        assert (node in result.unsafe) == (extremes[node][1] < threshold)


@settings(max_examples=100, **SETTINGS)
@given(grids(sizes=(1, 3), small_values=True), st.integers(2, 4))
def test_no_primary_of_a_protected_table_can_be_shown_below_the_threshold(grid, threshold):
    assume(math.prod(len(c) for c in grid.category_lists()) <= 8)
    system = System.build([grid])
    hidden = protect(system, threshold)
    assume(len(hidden) <= 6)
    extremes = brute_force_extremes(system, hidden, cap_for(system, threshold))
    for node in system.primaries(threshold):
        assert extremes[node][1] >= threshold


def test_intervals_of_a_fully_hidden_two_by_two_table():
    counts = {("a", "f"): 4, ("a", "m"): 9, ("b", "f"): 7, ("b", "m"): 2}
    system = System.build([Grid("t", ("form", "sex"), counts, totals=("form", "sex"))])
    cells = {system.node("t", key): key for key in counts}
    result = audit(system, cells, threshold=3)
    grand = sum(counts.values())
    for node, (form, sex) in cells.items():
        row = sum(v for (f, _), v in counts.items() if f == form)
        column = sum(v for (_, s), v in counts.items() if s == sex)
        # x + (row - x) + (column - x) + rest = grand, each part >= 0
        assert result.intervals[node].low == max(0, row + column - grand)
        assert result.intervals[node].high == min(row, column)
    assert result.safe
    assert (result.cells_hidden, result.persons_hidden) == (4, grand)
    assert result.tightest == result.intervals[system.node("t", ("b", "m"))]


def relaxed_maximum(system, hidden, node):
    """The LP bound of `node`: the attacker's problem without integrality."""
    order = sorted(hidden)
    rows, rhs = [], []
    for total, parts in system.equations:
        coefficients = Counter({total: 1})
        coefficients.subtract(parts)
        row = np.array([coefficients[n] for n in order], dtype=float)
        if row.any():
            rows.append(row)
            rhs.append(-sum(c * system.value(n) for n, c in coefficients.items() if n not in hidden))
    objective = -np.eye(len(order))[order.index(node)]
    return -linprog(objective, A_eq=np.array(rows), b_eq=rhs, bounds=(0, None), method="highs").fun


def test_in_three_dimensions_the_interval_is_the_integer_one_where_the_lp_is_looser():
    values = [3, 0, 1, 0, 1, 1, 1, 1, 3, 1, 1, 2, 3, 1, 1, 1, 0, 0, 1, 1, 2, 2, 1, 0, 0, 1, 1]
    counts = dict(zip(product(range(3), repeat=3), values, strict=True))
    system = System.build([Grid("t", DIMENSIONS, counts, totals=DIMENSIONS)])
    hidden = {system.node("t", key) for key in counts if key not in {(1, 1, 0), (2, 1, 1)}}
    cell = system.node("t", (0, 0, 2))
    assert relaxed_maximum(system, hidden, cell) == pytest.approx(3.5)
    assert audit(system, hidden, 3).intervals[cell].high == 3


# Optimal: against every pattern of a tiny table, and against the old cascade.

@settings(max_examples=60, **SETTINGS)
@given(grids(dimensions=(1, 2), sizes=(1, 3)), st.integers(2, 5))
def test_no_safe_pattern_hides_fewer_persons_or_as_many_in_fewer_numbers(grid, threshold):
    """Persons here count every hidden number, totals too (hiding totals is not free)."""
    system = System.build([grid])
    primaries = system.primaries(threshold)
    others = [n for n in system.nodes if n not in primaries]
    assume(len(others) <= 8)

    def cost(nodes):
        return sum(system.value(n) for n in nodes), len(nodes)

    safe = [primaries | set(extra) for size in range(len(others) + 1) for extra in combinations(others, size)
            if not unsafe_primaries(system, primaries | set(extra), threshold)]
    assert cost(protect(system, threshold)) == min(map(cost, safe))


@settings(max_examples=60, **SETTINGS)
@given(grids(dimensions=(2, 3), sizes=(2, 4), all_totals=True), st.integers(2, 5))
def test_protect_hides_no_more_persons_than_a_safe_cascade(grid, threshold):
    system = System.build([grid])
    # the cascade never hides totals: its pattern is completed with the small totals
    cascade = cascade_nodes(system, grid, threshold) | system.primaries(threshold)
    baseline = audit(system, cascade, threshold)
    assume(baseline.safe)
    assert audit(system, protect(system, threshold), threshold).persons_hidden <= baseline.persons_hidden


def test_protect_hides_a_smaller_cell_than_the_cascade():
    counts = {("a", "x"): 1, ("a", "y"): 50, ("b", "x"): 3, ("b", "y"): 60, ("c", "x"): 20, ("c", "y"): 5}
    grid = Grid("t", ("form", "sex"), counts, totals=("form", "sex"))
    system = System.build([grid])
    cascade = cascade_nodes(system, grid, 3)
    optimal = protect(system, 3)
    assert audit(system, cascade, 3).safe and audit(system, optimal, 3).safe
    assert max(counts[k] for k in keys(system, cascade)) > max(counts[k] for k in keys(system, optimal))
    assert audit(system, optimal, 3).persons_hidden < audit(system, cascade, 3).persons_hidden


def test_a_zero_cell_may_protect_a_small_one():
    counts = {("a", "x"): 1, ("a", "y"): 10, ("a", "z"): 20, ("b", "x"): 10, ("b", "y"): 0,
              ("b", "z"): 30, ("c", "x"): 25, ("c", "y"): 35, ("c", "z"): 40}
    system = System.build([Grid("t", ("form", "sex"), counts, totals=("form", "sex"))])
    hidden = protect(system, 3)
    assert keys(system, hidden) == {("a", "x"), ("a", "y"), ("b", "x"), ("b", "y")}
    assert audit(system, hidden, 3).persons_hidden == 21


# Links between grids.

def by_form_and_sex():
    counts = {("labour", "f"): 1, ("labour", "m"): 8, ("sexual", "f"): 12, ("sexual", "m"): 5,
              ("begging", "f"): 6, ("begging", "m"): 7}
    by_sex = Grid("by_form_sex", ("form", "sex"), counts, totals=("form", "sex"))
    by_form = Grid("by_form", ("form",), {(f,): counts[(f, "f")] + counts[(f, "m")]
                                          for f in ("labour", "sexual", "begging")}, totals=("form",))
    links = [("by_form_sex", (f, TOTAL), "by_form", (f,)) for f in ("labour", "sexual", "begging")]
    links.append(("by_form_sex", (TOTAL, TOTAL), "by_form", (TOTAL,)))
    return [by_sex, by_form], links


def test_a_pattern_safe_in_each_grid_leaks_through_their_shared_margin():
    grids_, links = by_form_and_sex()
    # in the form x sex grid: two cells and their forms' totals, which by_form publishes
    pattern = {("labour", "f"), ("sexual", "f"), ("labour", TOTAL), ("sexual", TOTAL)}
    alone = System.build(grids_)
    assert audit(alone, {alone.node("by_form_sex", k) for k in pattern}, 3).safe
    linked = System.build(grids_, links)
    # a linked node stays hidden only if every grid that shows it hides it
    hidden = {n for n in linked.nodes
              if all(g == "by_form_sex" and k in pattern for g, k in linked.keys_of(n))}
    result = audit(linked, hidden, 3)
    small = linked.node("by_form_sex", ("labour", "f"))
    assert small in result.unsafe
    assert (result.intervals[small].low, result.intervals[small].high) == (1, 1)


def test_protect_on_linked_grids_is_safe_and_hides_linked_numbers_as_one():
    grids_, links = by_form_and_sex()
    linked = System.build(grids_, links)
    hidden = protect(linked, 3)
    assert audit(linked, hidden, 3).safe
    assert len(linked.nodes) == len(System.build(grids_).nodes) - len(links)
    for node in hidden:
        assert len({g for g, _ in linked.keys_of(node)}) == len(linked.keys_of(node))


def test_a_single_count_linked_to_a_total_is_protected_with_it():
    victims = Grid("victims", (), {(): 2})
    by_sex = Grid("by_sex", ("sex",), {("f",): 2, ("m",): 0}, totals=("sex",))
    system = System.build([victims, by_sex], [("victims", (), "by_sex", (TOTAL,))])
    hidden = protect(system, 3)
    assert keys(system, hidden) >= {(), ("f",)} and audit(system, hidden, 3).safe
    alone = Grid("alone", ("sex",), {("f",): 1, ("m",): 9})  # no totals: nothing ties its cells
    system = System.build([alone])
    assert keys(system, protect(system, 3)) == {("f",)}


@pytest.mark.parametrize(("link", "message"), [
    (("by_form_sex", ("labour", TOTAL), "by_region", ("labour",)), "unknown grid 'by_region'"),
    (("by_form_sex", ("fishing", TOTAL), "by_form", ("labour",)),
     r"key \('fishing', '\*'\) is not in grid 'by_form_sex'"),
    (("by_form_sex", ("labour", "f"), "by_form", (TOTAL, TOTAL)),
     r"key \('\*', '\*'\) is not in grid 'by_form'"),
    (("by_form", ("labour",), "by_age", (TOTAL,)), r"key \('\*',\) is not in grid 'by_age'"),
])
def test_a_link_to_an_unknown_grid_or_key_is_refused_by_name(link, message):
    grids_, _ = by_form_and_sex()
    by_age = Grid("by_age", ("age",), {("adult",): 9})  # no total is published by age
    with pytest.raises(ValueError, match=message):
        System.build([*grids_, by_age], [link])


@pytest.mark.parametrize(("counts", "totals", "message"), [
    ({("labour", TOTAL): 3}, (), "is a total"),
    ({("labour",): 3}, (), "does not match"),
    ({("labour", "f"): -1}, (), "is not a count"),
    ({("labour", "f"): 1}, ("age",), "'age' is not one of its dimensions"),
])
def test_a_grid_refuses_what_is_not_a_table_of_counts(counts, totals, message):
    with pytest.raises(ValueError, match=message):
        Grid("by_form_sex", ("form", "sex"), counts, totals=totals)


def test_a_link_between_different_numbers_is_refused():
    grids_, _ = by_form_and_sex()
    with pytest.raises(ValueError, match="different values"):
        System.build(grids_, [("by_form_sex", ("labour", TOTAL), "by_form", ("sexual",))])


# The iteration cap, and determinism.

def small_block():
    """Small counts whose first pattern (line and row constraints) still leaks."""
    counts = {("a", "x"): 1, ("a", "y"): 1, ("b", "x"): 0, ("b", "y"): 5}
    return System.build([Grid("t", ("form", "sex"), counts, totals=("form", "sex"))])


def test_the_iteration_cap_falls_back_to_a_safe_pattern():
    system = small_block()
    capped = protect(system, 3, max_rounds=1)
    assert capped == {n for n in system.nodes if system.value(n) > 0}
    assert audit(system, capped, 3).safe
    optimal = protect(system, 3)
    assert optimal != capped and audit(system, optimal, 3).safe


def test_the_same_release_gives_the_same_pattern_whatever_the_input_order():
    grids_, links = by_form_and_sex()
    reordered = [Grid(g.name, g.dimensions, dict(reversed(list(g.counts.items()))), g.totals)
                 for g in reversed(grids_)]
    first, second = System.build(grids_, links), System.build(reordered, list(reversed(links)))
    pattern = {k for n in protect(first, 5) for k in first.keys_of(n)}
    assert pattern == {k for n in protect(second, 5) for k in second.keys_of(n)}
    assert protect(first, 5) == protect(first, 5)
