"""The cascading secondary suppression that `atis.statistics.disclosure` used before the
`sdc` package, kept as the baseline `sdc.protect` is measured against.

Primary suppression hides every count with 0 < count < threshold. Along every dimension,
each line of cells (all dimensions fixed but one) that contains one hidden cell gets a second:
the smallest visible non-zero cell of the line, or a zero cell when there is none, until
every line holds. A dimension with a single category forms no lines. Totals are not cells.
"""

from itertools import product

Key = tuple


def suppress(cells: dict[Key, int], threshold: int) -> set[Key]:
    """Keys to hide. `cells` maps one key per combination of dimension values (zeros may be
    absent) to its count."""
    if not cells:
        return set()
    dims = len(next(iter(cells)))
    categories = [sorted({key[d] for key in cells}, key=str) for d in range(dims)]
    hidden = {key for key, count in cells.items() if 0 < count < threshold}
    if not hidden:
        return hidden
    changed = True
    while changed:
        changed = False
        for d in range(dims):
            if len(categories[d]) < 2:
                continue
            for line in _lines(categories, d):
                if sum(1 for key in line if key in hidden) != 1:
                    continue
                extra = _second_cell(line, cells, hidden)
                if extra is not None:
                    hidden.add(extra)
                    changed = True
    return hidden


def _lines(categories, d):
    others = [categories[i] if i != d else [None] for i in range(len(categories))]
    for fixed in product(*others):
        yield [fixed[:d] + (value,) + fixed[d + 1:] for value in categories[d]]


def _second_cell(line, cells, hidden):
    visible = [key for key in line if key not in hidden]
    nonzero = sorted((k for k in visible if cells.get(k, 0) > 0), key=lambda k: (cells[k], str(k)))
    if nonzero:
        return nonzero[0]
    return visible[0] if visible else None
