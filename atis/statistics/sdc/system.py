"""The published numbers of a release as one linear system: nodes with values, and the
equations that tie totals to their parts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, combinations, product
from numbers import Integral

TOTAL = "*"

Link = tuple[str, tuple, str, tuple]


@dataclass(frozen=True)
class Grid:
    """One published table: counts per combination of its dimensions' categories, and the
    dimensions along which totals are published (the additive ones: exclusive categories of
    one unit). Keys absent from counts are zeros. A grid may have no dimensions (a single
    published count, key ())."""

    name: str
    dimensions: tuple[str, ...]
    counts: Mapping[tuple, int]
    totals: tuple[str, ...] = ()
    categories: Mapping[str, Sequence] | None = None  # full category lists; default: those seen

    def __post_init__(self):
        if len(set(self.dimensions)) != len(self.dimensions):
            raise ValueError(f"grid {self.name!r}: a dimension is repeated in {self.dimensions!r}")
        unknown = [d for d in chain(self.totals, self.categories or ()) if d not in self.dimensions]
        if unknown:
            raise ValueError(f"grid {self.name!r}: {unknown[0]!r} is not one of its dimensions")
        for key, count in self.counts.items():
            if not isinstance(key, tuple) or len(key) != len(self.dimensions):
                raise ValueError(f"grid {self.name!r}: key {key!r} does not match {self.dimensions!r}")
            if TOTAL in key:
                raise ValueError(f"grid {self.name!r}: key {key!r} is a total; counts hold base cells")
            if isinstance(count, bool) or not isinstance(count, Integral) or count < 0:
                raise ValueError(f"grid {self.name!r}: count {count!r} of {key!r} is not a count")
        for d, listed in (self.categories or {}).items():
            if TOTAL in listed or len(set(listed)) != len(listed):
                raise ValueError(f"grid {self.name!r}: categories of {d!r} repeat or contain {TOTAL!r}")
            i = self.dimensions.index(d)
            stray = [key for key in self.counts if key[i] not in listed]
            if stray:
                raise ValueError(f"grid {self.name!r}: key {stray[0]!r} has a category not listed for {d!r}")

    def category_lists(self) -> tuple[tuple, ...]:
        """Each dimension's categories: as given, or those seen in counts, sorted."""
        given = self.categories or {}
        return tuple(tuple(given[d]) if d in given else _sorted({key[i] for key in self.counts})
                     for i, d in enumerate(self.dimensions))

    def values(self) -> dict[tuple, int]:
        """Every published key of the grid with its value, in key order (each dimension's
        categories, then TOTAL where its total is published)."""
        positions = [i for i, d in enumerate(self.dimensions) if d in self.totals]
        options = [cats + (TOTAL,) if i in positions else cats
                   for i, cats in enumerate(self.category_lists())]
        values = dict.fromkeys(product(*options), 0)
        subsets = [s for r in range(len(positions) + 1) for s in combinations(positions, r)]
        for key, count in self.counts.items():
            for subset in subsets:
                values[tuple(TOTAL if i in subset else c for i, c in enumerate(key))] += count
        return values

    def equations(self) -> list[tuple[tuple, list[tuple]]]:
        """(total key, part keys): each key with TOTAL in a total dimension is the sum over
        that dimension's categories."""
        cats = self.category_lists()
        positions = [i for i, d in enumerate(self.dimensions) if d in self.totals]
        return [(key, [key[:i] + (c,) + key[i + 1:] for c in cats[i]])
                for key in self.values() for i in positions if key[i] == TOTAL]


class System:
    """Every published number of a release as nodes with values, and the linear equations
    between them: for each grid, each key with TOTAL in a total dimension equals the sum over
    that dimension's categories. Nodes of different grids that are the same number (declared
    links) are one node. Node ids follow the grids sorted by name and each grid's key order."""

    def __init__(self, keys: list[list[tuple[str, tuple]]], values: list[int],
                 equations: list[tuple[int, tuple[int, ...]]]):
        self._keys = keys
        self._values = values
        self._index = {grid_key: node for node, grid_keys in enumerate(keys) for grid_key in grid_keys}
        self.equations: tuple[tuple[int, tuple[int, ...]], ...] = tuple(equations)
        # Each equation as {node: coefficient} with sum(coefficient * value) == 0, linked
        # nodes merged; equations that merging made trivial or repeated are dropped.
        self.rows: tuple[dict[int, int], ...] = _rows(self.equations)
        self.base_nodes = frozenset(node for node, grid_keys in enumerate(keys)
                                    if any(TOTAL not in key for _, key in grid_keys))

    @classmethod
    def build(cls, grids: Iterable[Grid], links: Iterable[Link] = ()) -> System:
        """The system of `grids`, with each link (grid_a, key_a, grid_b, key_b) making two
        published keys one node. A link naming an unknown grid or key, or joining keys of
        different values, is a ValueError naming it."""
        grids = sorted(grids, key=lambda g: g.name)
        names = [g.name for g in grids]
        if len(set(names)) != len(names):
            raise ValueError(f"two grids are named {next(n for n in names if names.count(n) > 1)!r}")
        flat, values = [], []
        for grid in grids:
            for key, value in grid.values().items():
                flat.append((grid.name, key))
                values.append(value)
        position = {grid_key: i for i, grid_key in enumerate(flat)}
        parent = list(range(len(flat)))
        for link in links:
            grid_a, key_a, grid_b, key_b = link
            a, b = (_position(position, names, link, g, k) for g, k in ((grid_a, key_a), (grid_b, key_b)))
            if values[a] != values[b]:
                raise ValueError(f"link {link!r} joins different values {values[a]} and {values[b]}")
            ra, rb = _root(parent, a), _root(parent, b)
            parent[max(ra, rb)] = min(ra, rb)
        node_of_root: dict[int, int] = {}
        keys: list[list[tuple[str, tuple]]] = []
        node_values: list[int] = []
        for i, grid_key in enumerate(flat):
            root = _root(parent, i)
            if root not in node_of_root:
                node_of_root[root] = len(keys)
                keys.append([])
                node_values.append(values[i])
            keys[node_of_root[root]].append(grid_key)

        def node(grid_key):
            return node_of_root[_root(parent, position[grid_key])]

        equations, seen = [], set()
        for grid in grids:
            for total, parts in grid.equations():
                equation = (node((grid.name, total)), tuple(node((grid.name, p)) for p in parts))
                signature = (equation[0], tuple(sorted(equation[1])))
                if signature not in seen:
                    seen.add(signature)
                    equations.append(equation)
        return cls(keys, node_values, equations)

    def node(self, grid: str, key: tuple) -> int:
        try:
            return self._index[(grid, tuple(key))]
        except KeyError:
            raise KeyError(f"no key {key!r} in grid {grid!r}") from None

    def value(self, node: int) -> int:
        return self._values[node]

    @property
    def nodes(self) -> range:
        return range(len(self._values))

    def keys_of(self, node: int) -> list[tuple[str, tuple]]:
        """Every (grid, key) that publishes this node."""
        return list(self._keys[node])

    def primaries(self, threshold: int) -> frozenset[int]:
        """Nodes with a small non-zero value: 0 < value < threshold."""
        return frozenset(n for n, v in enumerate(self._values) if 0 < v < threshold)

    def components(self) -> list[tuple[int, ...]]:
        """Connected components of the equation graph (a node in no equation is one alone)."""
        return connected(self.nodes, self.rows)


def connected(nodes: Iterable[int], groups: Iterable[Iterable[int]]) -> list[tuple[int, ...]]:
    """`nodes` partitioned by `groups` (each joins its members), each part sorted, the parts
    ordered by their first node. Members of a group that are not among `nodes` are ignored."""
    parent = {n: n for n in nodes}
    for group in groups:
        members = [n for n in group if n in parent]
        for other in members[1:]:
            ra, rb = _root(parent, members[0]), _root(parent, other)
            parent[max(ra, rb)] = min(ra, rb)
    parts: dict[int, list[int]] = {}
    for node in sorted(parent):
        parts.setdefault(_root(parent, node), []).append(node)
    return [tuple(part) for part in parts.values()]


def _rows(equations):
    rows, seen = [], set()
    for total, parts in equations:
        row = {total: 1}
        for part in parts:
            row[part] = row.get(part, 0) - 1
        row = {n: c for n, c in sorted(row.items()) if c}
        signature = tuple(row.items())
        negated = tuple((n, -c) for n, c in signature)
        if row and signature not in seen and negated not in seen:
            seen.add(signature)
            rows.append(row)
    return tuple(rows)


def _position(position, names, link, grid, key):
    if grid not in names:
        raise ValueError(f"link {link!r}: unknown grid {grid!r}")
    try:
        return position[(grid, tuple(key))]
    except (KeyError, TypeError):
        raise ValueError(f"link {link!r}: key {key!r} is not in grid {grid!r}") from None


def _root(parent, i):
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _sorted(categories):
    try:
        return tuple(sorted(categories))
    except TypeError:
        return tuple(sorted(categories, key=repr))
