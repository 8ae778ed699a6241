"""Statistical disclosure control of a release's published numbers, as one linear system.

Every published number of a release (base cells and totals of every grid) is a node of a
`System`; each published total equals the sum of its parts, and numbers that two grids
publish alike are one node. `protect` chooses what to hide, `audit` proves it.

Protection criterion. A hidden node whose value v is small, 0 < v < threshold (a
"primary"), is safe when an attacker who knows every published (non-hidden) node, every
equation, and that all values are non-negative integers cannot conclude that it is below the
threshold: its largest feasible value is at least the threshold. Its existence (a lower bound
of 1 or more) is not protected: the suppression symbol already says the number may be a small
non-zero count. Secondary (large) hidden nodes have no requirement of their own.
"""

from atis.statistics.sdc.audit import Audit, Interval, audit, unsafe_primaries
from atis.statistics.sdc.suppression import MAX_ROUNDS, protect
from atis.statistics.sdc.system import TOTAL, Grid, System

__all__ = ["MAX_ROUNDS", "TOTAL", "Audit", "Grid", "Interval", "System", "audit", "protect",
           "unsafe_primaries"]
