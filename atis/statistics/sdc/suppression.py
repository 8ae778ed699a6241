"""Choosing what to hide: every primary node, and the secondary suppression that hides the
fewest persons (then the fewest numbers) such that the audit passes.

Per connected component, a mixed-integer program over binaries s_n (1 = hidden) minimises
sum(s_n * (value_n * (N + 1) + 1)), N the component's node count, so one person outweighs
every cell. Totals are weighed like cells: were they free, hiding every margin would be the
cheapest protection of all.

The program starts from the necessary constraints: in each equation, a hidden member needs
another hidden member (or it could be recomputed), and a primary needs one that can move the
other way without bound, or ones that can shrink enough (`_row_cut`). Then, until the integer
audit passes: Fischetti and Salazar's protection cut from the dual of the attacker's LP for
each leaking primary (more of them from greedily grown patterns, and more at the LP
relaxation's fractional optimum), or a no-good cut (hide one more node) where the integers
leak but the LP does not. The cuts keep every safe pattern as long as no attacker needs to
move a number by more than `big` (the component's persons plus the threshold), so the
answer is optimal. Past `max_rounds` the component falls back to hiding every non-zero node,
which is always safe: every multiple of the true values is then feasible for the attacker.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from atis.statistics.sdc.audit import unsafe_primaries
from atis.statistics.sdc.system import System

MAX_ROUNDS = 200
_SLACK = 1e-6  # cuts are relaxed by this much so that rounding never cuts off a safe pattern
_LP_ROUNDS = 50  # rounds of cuts on the LP relaxation after each integer round
_GROWTH = 30  # cuts per leaking primary and round (see _Component._cuts)
_VIOLATION = 1e-4  # how far a pattern must miss a cut for the cut to be worth adding
_SOLVED = 0


def protect(system: System, threshold: int, *, max_rounds: int = MAX_ROUNDS) -> frozenset[int]:
    """Primary suppression (every node with 0 < value < threshold, totals included) plus the
    secondary suppression that hides the fewest persons (ties: fewest cells) such that the
    audit passes."""
    primaries = system.primaries(threshold)
    hidden: set[int] = set()
    for nodes in system.components():
        if primaries.intersection(nodes):
            hidden |= _Component(system, nodes, threshold).protect(max_rounds)
    return frozenset(hidden)


class _Component:
    """The master problem of one component, with the cuts found so far. Cuts are kept as
    rows c with c @ s >= 1 (scaled so), none dominated by another."""

    def __init__(self, system: System, nodes: tuple[int, ...], threshold: int):
        self.system, self.nodes, self.threshold = system, nodes, threshold
        self.column = column = {n: i for i, n in enumerate(nodes)}
        self.values = np.array([system.value(n) for n in nodes], dtype=float)
        self.primary = (self.values > 0) & (self.values < threshold)
        self.weights = self.values * (len(nodes) + 1) + 1
        rows = [{column[n]: c for n, c in row.items()} for row in system.rows if next(iter(row)) in column]
        self.equations = _matrix(rows, len(nodes))
        self.lines = _matrix([{j: (-1 if j == i else 1) for j in row} for row in rows for i in row],
                             len(nodes))
        # the attacker's largest upward deviation in the cut LP
        self.big = sum(system.value(n) for n in nodes if n in system.base_nodes) + threshold
        self.cuts = np.zeros((0, len(nodes)))
        for row in rows:
            for p in row:
                if self.primary[p]:
                    self._add(self._row_cut(p, row))

    def protect(self, max_rounds: int) -> frozenset[int]:
        leaking: set[int] = set()  # primaries that some round's pattern left unsafe
        for _ in range(max_rounds):
            hidden = self._cheapest()
            if hidden is None:
                break
            unsafe = unsafe_primaries(self.system, self._nodes(hidden), self.threshold)
            if not unsafe:
                return self._nodes(hidden)
            leaking |= {self.column[p] for p in unsafe}
            for p in sorted(unsafe):
                for cut in self._cuts(self.column[p], hidden):
                    self._add(cut)
            self._tighten_relaxation(sorted(leaking))
        return self._nodes(self.values > 0)

    def _nodes(self, mask) -> frozenset[int]:
        return frozenset(n for n, hidden in zip(self.nodes, mask, strict=True) if hidden)

    def _add(self, cut: np.ndarray) -> None:
        """Keep `cut` unless a kept cut is as strong; drop the kept ones it is stronger than."""
        if np.any(np.all(self.cuts <= cut + _SLACK, axis=1)):
            return
        self.cuts = np.vstack([self.cuts[~np.all(cut <= self.cuts + _SLACK, axis=1)], cut])

    def _tighten_relaxation(self, primaries: list[int]) -> None:
        """Protection cuts for `primaries` at the fractional optimum of the LP relaxation:
        cheap LPs that spare integer rounds."""
        for _ in range(_LP_ROUNDS):
            lhs, rhs = self._constraints()
            relaxed = linprog(self.weights, A_ub=-lhs, b_ub=-rhs, bounds=self._bounds(), method="highs")
            if relaxed.status != _SOLVED:
                return
            needs = self.threshold - self.values
            cuts = [cut for p in primaries
                    if (cut := self._protection_cut(p, relaxed.x, needs[p])) is not None]
            if not cuts:
                return
            for cut in cuts:
                self._add(cut)

    def _cheapest(self) -> np.ndarray | None:
        """The cheapest pattern (a mask over the nodes) that meets every constraint so far."""
        lhs, rhs = self._constraints()
        result = milp(self.weights, integrality=np.ones(len(self.nodes)), bounds=Bounds(*self._bounds().T),
                      constraints=LinearConstraint(lhs, rhs, np.inf), options={"mip_rel_gap": 0})
        return result.x > 0.5 if result.status == _SOLVED else None

    def _constraints(self) -> tuple[sparse.csr_array, np.ndarray]:
        """lhs @ s >= rhs: the line constraints and every cut so far."""
        rhs = np.concatenate([np.zeros(self.lines.shape[0]), np.full(len(self.cuts), 1 - _SLACK)])
        return sparse.vstack([self.lines, sparse.csr_array(self.cuts)], format="csr"), rhs

    def _bounds(self) -> np.ndarray:
        return np.stack([self.primary.astype(float), np.ones(len(self.nodes))], 1)

    def _row_cut(self, p: int, row: dict[int, int]) -> np.ndarray:
        """What one equation alone demands for primary p to reach the threshold: another
        member moving the other way hidden (it may grow without bound), or members moving the
        same way that can shrink enough (each by at most its value)."""
        need = self.threshold - self.values[p]
        cut = np.zeros(len(self.nodes))
        for j, c in row.items():
            if j != p:
                grows = (c > 0) != (row[p] > 0)
                cut[j] = 1.0 if grows else abs(c) * self.values[j] / abs(row[p]) / need
        return np.minimum(cut, 1.0)

    def _cuts(self, p: int, hidden: np.ndarray) -> list[np.ndarray]:
        """Cuts that every safe pattern meets and `hidden` (leaking p) does not: protection
        cuts, or when the LP sees no leak, a no-good (hide one more node).

        One cut would let the next round hide one more cheap node and leak again; so the
        pattern is also grown greedily (the cheapest node each cut asks for), and each larger
        pattern that still leaks in the LP gives one more cut, which `hidden` misses too."""
        s = hidden.astype(float)
        cuts: list[np.ndarray] = []
        for _ in range(_GROWTH):
            cut = self._protection_cut(p, s, self.threshold - self.values[p])
            if cut is None and not cuts:
                cut = self._protection_cut(p, s, self.big)
            if cut is None:
                break
            cuts.append(cut)
            wanted = np.flatnonzero((cut > 0) & (s == 0))
            if not wanted.size:
                break
            s[wanted[np.argmin(self.weights[wanted] / cut[wanted])]] = 1.0
        return cuts or [1.0 - hidden]

    def _protection_cut(self, p: int, s: np.ndarray, cap: float) -> np.ndarray | None:
        """Fischetti and Salazar's cut, if it keeps the (maybe fractional) pattern s out.

        For any multipliers u of A y = 0, the attacker's largest deviation y_p = x_p - value_p
        with -value_j s_j <= y_j <= big s_j is at most sum_j (big max(g_j, 0) + value_j
        max(-g_j, 0)) s_j, g = e_p - A'u; in every safe pattern that reaches threshold -
        value_p. Every u gives a valid cut; the duals of the same LP with upward deviations
        capped at `cap` give one that s misses."""
        need = self.threshold - self.values[p]
        objective = np.zeros(len(self.nodes))
        objective[p] = -1.0
        result = linprog(objective, A_eq=self.equations, b_eq=np.zeros(self.equations.shape[0]),
                         bounds=np.stack([-self.values * s, cap * s], 1), method="highs")
        if result.status != _SOLVED or -result.fun >= need - _SLACK:
            return None
        g = self.equations.T @ result.eqlin.marginals - objective
        cut = (self.big * np.maximum(g, 0) + self.values * np.maximum(-g, 0)) / need
        cut[cut < 1e-9] = 0.0
        cut = np.minimum(cut, 1.0)  # s is binary: no coefficient needs to exceed the rhs
        return cut if cut @ s < 1 - _VIOLATION else None


def _matrix(rows: list[dict[int, int]], width: int) -> sparse.csr_array:
    entries = [(r, c, v) for r, row in enumerate(rows) for c, v in row.items()]
    r, c, v = zip(*entries, strict=True) if entries else ((), (), ())
    return sparse.csr_array((v, (r, c)), shape=(len(rows), width), dtype=float)
