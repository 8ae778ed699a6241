"""Static SVG charts (matplotlib), one per table, embedded as data URIs so that the HTML,
the PDF and the pages need no script and no inline style."""

import base64
import io
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
# Text stays text (the reader's font, searchable, selectable) rather than glyph outlines.
matplotlib.rcParams["svg.fonttype"] = "none"

from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from atis.statistics.tables.base import Table  # noqa: E402

COLOURS = ["#1f4e79", "#d9822b", "#2e7d32", "#8e44ad", "#c0392b", "#7f8c8d", "#16a085"]


def _series(table: Table) -> tuple[list[str], dict[str, list[int]]]:
    """Categories of the first dimension, and one series per value of the second."""
    first = table.dimensions[0]
    second = table.dimensions[1] if len(table.dimensions) > 1 else None
    sums: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for cell in table.cells:
        if cell["count"] is not None:  # a hidden count is left out, never drawn as a value
            sums[str(cell[second]) if second else ""][str(cell[first])] += cell["count"]
    categories = sorted({c for s in sums.values() for c in s})
    return categories, {name: [values.get(c, 0) for c in categories] for name, values in sums.items()}


def svg(table: Table, labels=lambda dimension, code: code) -> str | None:
    """The table as a bar chart (a line chart for a series of years) of its shown counts,
    on an axis from zero; None when nothing is shown."""
    categories, series = _series(table)
    if not categories:
        return None
    first, second = table.dimensions[0], table.dimensions[1] if len(table.dimensions) > 1 else None
    fig, ax = plt.subplots(figsize=(7, 3.2), dpi=100)
    if first == "year":
        for n, (name, values) in enumerate(sorted(series.items())):
            ax.plot(range(len(categories)), values, marker="o", color=COLOURS[n % len(COLOURS)],
                    label=labels(second, name))
        ax.set_xticks(range(len(categories)))
    else:
        width = 0.8 / max(len(series), 1)
        for n, (name, values) in enumerate(sorted(series.items())):
            positions = [i + n * width for i in range(len(categories))]
            ax.bar(positions, values, width=width, color=COLOURS[n % len(COLOURS)],
                   label=labels(second, name) if second else None)
        ax.set_xticks([i + width * (len(series) - 1) / 2 for i in range(len(categories))])
    ax.set_xticklabels([labels(first, c) for c in categories], rotation=30, ha="right", fontsize=7)
    ax.tick_params(axis="y", labelsize=7)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(bottom=0)
    ax.spines[["top", "right"]].set_visible(False)
    if second and len(series) > 1:
        ax.legend(fontsize=7, frameon=False)
    fig.subplots_adjust(left=0.08, right=0.98, top=0.95, bottom=0.35)
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    plt.close(fig)
    return buffer.getvalue()


def data_uri(table: Table, labels=lambda dimension, code: code) -> str | None:
    drawing = svg(table, labels)
    if drawing is None:
        return None
    return "data:image/svg+xml;base64," + base64.b64encode(drawing.encode()).decode("ascii")
