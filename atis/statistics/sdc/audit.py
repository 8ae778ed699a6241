"""What an attacker learns about each hidden node of a suppression pattern from the
published nodes, the equations, and that every value is a non-negative integer."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from atis.statistics.sdc.system import System, connected

_INTEGRAL = 1e-6  # how far from an integer an LP solution may be and still count as one
_SOLVED, _INFEASIBLE, _UNBOUNDED = 0, 2, 3


@dataclass(frozen=True)
class Interval:
    """The values a hidden node can take for the attacker: [low, high], high may be inf."""

    node: int
    low: float
    high: float

    @property
    def width(self) -> float:
        return self.high - self.low


@dataclass(frozen=True)
class Audit:
    intervals: dict[int, Interval]  # every hidden node
    unsafe: frozenset[int]  # hidden primary nodes whose interval is pinned below the threshold
    cells_hidden: int  # hidden nodes that are base cells of some grid ...
    persons_hidden: int  # ... and the sum of their values
    tightest: Interval | None  # the hidden primary node with the narrowest interval

    @property
    def safe(self) -> bool:
        return not self.unsafe


def audit(system: System, hidden: Iterable[int], threshold: int) -> Audit:
    """The integer interval of every hidden node, and which primaries it leaves unprotected."""
    hidden = checked(system, hidden)
    intervals = {}
    for block in attacker_blocks(system, hidden):
        highs = {node: block.optimum(node, highest=True) for node in block.nodes}
        block.lower_all()
        for node in block.nodes:
            intervals[node] = Interval(node, block.optimum(node, highest=False), highs[node])
    intervals = dict(sorted(intervals.items()))
    primaries = sorted(system.primaries(threshold) & hidden)
    unsafe = frozenset(p for p in primaries if intervals[p].high < threshold)
    base = hidden & system.base_nodes
    tightest = min((intervals[p] for p in primaries), key=lambda i: i.width, default=None)
    return Audit(intervals, unsafe, len(base), sum(system.value(n) for n in base), tightest)


def unsafe_primaries(system: System, hidden: Iterable[int], threshold: int) -> frozenset[int]:
    """The `unsafe` of `audit`, without computing every interval."""
    hidden = checked(system, hidden)
    primaries = system.primaries(threshold)
    return frozenset(p for block in attacker_blocks(system, hidden)
                     for p in block.unreachable([n for n in block.nodes if n in primaries], threshold))


def checked(system: System, hidden: Iterable[int]) -> frozenset[int]:
    hidden = frozenset(hidden)
    stray = sorted(n for n in hidden if n not in system.nodes)
    if stray:
        raise ValueError(f"hidden node {stray[0]!r} is not a node of the system")
    return hidden


def attacker_blocks(system: System, hidden: frozenset[int]) -> list[AttackerBlock]:
    """The attacker's problem split into independent blocks: hidden nodes joined by the
    equations they share (published nodes are constants and join nothing)."""
    parts = connected(hidden, system.rows)
    block_of = {node: i for i, part in enumerate(parts) for node in part}
    rows: list[list[dict[int, int]]] = [[] for _ in parts]
    for row in system.rows:
        member = next((n for n in row if n in hidden), None)
        if member is not None:
            rows[block_of[member]].append(row)
    return [AttackerBlock(system, part, part_rows, hidden)
            for part, part_rows in zip(parts, rows, strict=True)]


class AttackerBlock:
    """Hidden nodes tied by equations, published values substituted: the attacker's feasible
    set {x >= 0, integer : A x = b} over `nodes`."""

    def __init__(self, system: System, nodes: tuple[int, ...], rows: list[dict[int, int]],
                 hidden: frozenset[int]):
        self.nodes = nodes
        self._column = column = {n: i for i, n in enumerate(nodes)}
        entries = [(r, column[n], c) for r, row in enumerate(rows) for n, c in row.items() if n in hidden]
        r, c, v = zip(*entries, strict=True) if entries else ((), (), ())
        self._a = sparse.csr_array((v, (r, c)), shape=(len(rows), len(nodes)), dtype=float)
        self._b = np.array([-sum(c * system.value(n) for n, c in row.items() if n not in hidden)
                            for row in rows], dtype=float)
        # the lowest value of each node among the feasible integer points met so far (the
        # true values are one): where it is 0, so is the minimum, and no LP is needed
        self._lowest = np.array([system.value(n) for n in nodes], dtype=float)

    def lower_all(self) -> None:
        """Meet a point that is low everywhere: minimise the sum of the block's nodes."""
        if self._b.size and self._lowest.any():
            self._solve(np.ones(len(self.nodes)), integer=False)

    def optimum(self, node: int, *, highest: bool) -> float:
        """The integer maximum (or minimum) of `node` over the feasible set; inf if unbounded."""
        if not self._b.size:
            return math.inf if highest else 0.0
        if not highest and self._lowest[self._column[node]] == 0:
            return 0.0
        result = self._solve(self._unit(node, -1.0 if highest else 1.0), integer=True)
        return math.inf if result is None else float(round(abs(result.fun)))

    def _solve(self, objective, *, integer: bool):
        """Minimise objective @ x over the feasible set (None if unbounded): the LP, and where
        `integer` and its vertex is fractional, the integer program."""
        result = linprog(objective, A_eq=self._a, b_eq=self._b, bounds=(0, None), method="highs")
        if result.status == _UNBOUNDED:
            return None
        _require(result.status == _SOLVED, result)
        if integer and not _integral(result.x):
            result = milp(objective, integrality=np.ones(len(self.nodes)), bounds=Bounds(0, np.inf),
                          constraints=self._equations(), options={"mip_rel_gap": 0})
            _require(result.status == _SOLVED, result)
        if _integral(result.x):
            self._lowest = np.minimum(self._lowest, np.round(result.x))
        return result

    def unreachable(self, nodes: list[int], threshold: int) -> list[int]:
        """Those of `nodes` that no feasible integer point lifts to the threshold.

        One LP lifts them all at once (maximise the sum of min(x_n, threshold)); each node its
        integral optimum lifts is settled, and only the others are asked one by one. (In 2-D
        tables the constraint matrix is totally unimodular, so the vertex is integral.)"""
        open_nodes = list(nodes)
        while len(open_nodes) > 1 and self._b.size:
            lifted = self._lift(open_nodes, threshold)
            if not lifted:
                break
            open_nodes = [n for n in open_nodes if n not in lifted]
        return [n for n in open_nodes if not self.reaches(n, threshold)]

    def _lift(self, nodes: list[int], threshold: int) -> set[int]:
        n, k = len(self.nodes), len(nodes)
        columns = [self._column[node] for node in nodes]
        objective = np.concatenate([np.zeros(n), -np.ones(k)])
        # z_i <= x_(node i), 0 <= z_i <= threshold
        pick = sparse.csr_array((-np.ones(k), (range(k), columns)), shape=(k, n))
        result = linprog(objective, A_ub=sparse.hstack([pick, sparse.identity(k)]), b_ub=np.zeros(k),
                         A_eq=sparse.hstack([self._a, sparse.csr_array((self._b.size, k))]), b_eq=self._b,
                         bounds=[(0, None)] * n + [(0, threshold)] * k, method="highs")
        if result.status != _SOLVED or not _integral(result.x[:n]):
            return set()
        return {node for node, column in zip(nodes, columns, strict=True)
                if result.x[column] >= threshold - _INTEGRAL}

    def reaches(self, node: int, threshold: int) -> bool:
        """Whether some feasible integer point has `node` >= threshold."""
        if not self._b.size:
            return True
        relaxed = self._solve(self._unit(node, -1.0), integer=False)
        if relaxed is None:
            return True
        if -relaxed.fun < threshold - _INTEGRAL:
            return False
        return _integral(relaxed.x) or self.optimum(node, highest=True) >= threshold

    def _unit(self, node, sign):
        vector = np.zeros(len(self.nodes))
        vector[self._column[node]] = sign
        return vector

    def _equations(self):
        return LinearConstraint(self._a, self._b, self._b)


def _integral(x) -> bool:
    return bool(np.all(np.abs(x - np.round(x)) <= _INTEGRAL))


def _require(condition: bool, result) -> None:
    if not condition:
        raise RuntimeError(f"HiGHS did not solve an audit problem: {result.message}")
