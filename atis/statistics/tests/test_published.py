"""Random releases through `published.protect`: two tables that share their grand total, with
averages, a share and a count beside the cells. Whatever the counts, no published figure
pins a hidden small count (checked independently of the solver, by enumeration), and no
average or share rests on a hidden count or on fewer persons than the threshold."""

from itertools import product

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atis.statistics.published import protect
from atis.statistics.tables.base import Table
from atis.statistics.tables.rules import TOTAL, Average, Cell, Count, Parts, Share, Value

FORMS, SEXES, GROUPS = ("sexual", "labour"), ("female", "male"), ("domestic", "foreign")
THRESHOLD = 3
GRAND = Cell("victims", (TOTAL, TOTAL))


@st.composite
def releases(draw):
    """(victims by form and sex, victims by citizenship group, online count)."""
    counts = {key: draw(st.integers(0, 5)) for key in product(FORMS, SEXES)}
    total = sum(counts.values())
    domestic = draw(st.integers(0, total))
    online = draw(st.integers(0, total))
    return counts, {"domestic": domestic, "foreign": total - domestic}, online


def _tables(counts, groups, online) -> dict[str, Table]:
    total = sum(counts.values())
    by_form = {f: sum(n for (form, _), n in counts.items() if form == f) for f in FORMS}
    values = {"average_age": 30.5, "online": online,
              "average_age_by_form": {f: 20.0 + i for i, f in enumerate(FORMS) if by_form[f]}}
    rules = [Average(("average_age",), total, GRAND), Count(("online",)),
             *[Average(("average_age_by_form", f), by_form[f], Cell("victims", (f, TOTAL)))
               for f in FORMS if by_form[f]],
             Parts(("average_age",), tuple(("average_age_by_form", f) for f in FORMS))]
    if total:
        values["online_share"] = online / total
        rules.append(Share(("online_share",), Value("victims", ("online",)), GRAND))
    victims = Table("victims", "Victims", "", ["form", "sex"],
                    [{"form": f, "sex": s, "count": n} for (f, s), n in counts.items() if n],
                    values=values, totals=["form", "sex"], rules=rules)
    citizenship = Table("citizenship", "By citizenship", "", ["group"],
                        [{"group": g, "count": n} for g, n in groups.items() if n],
                        totals=["group"], links=[((TOTAL,), GRAND)])
    return {"victims": victims, "citizenship": citizenship}


def _published(table: Table, categories: dict) -> dict[tuple, int | None]:
    """Every number of the table as published, by key (TOTAL for a dimension added up):
    None when hidden, 0 for a cell or total not listed (a category nobody falls in)."""
    numbers = dict.fromkeys(product(*[[*categories[d], TOTAL] for d in table.dimensions]), 0)
    for entry in [*table.cells, *table.margins]:
        numbers[tuple(entry.get(d, TOTAL) for d in table.dimensions)] = entry["count"]
    return numbers


def _totals(cells: dict[tuple, int], dimensions: int) -> dict[tuple, int]:
    """Cells and every total of a table, from its cells."""
    numbers = {}
    for key in product(*[[*sorted({k[i] for k in cells}), TOTAL] for i in range(dimensions)]):
        numbers[key] = sum(n for k, n in cells.items()
                           if all(m in (TOTAL, c) for m, c in zip(key, k, strict=True)))
    return numbers


def _largest_consistent(victims: dict, citizenship: dict, cap: int) -> dict:
    """{(table, key): the largest value it takes in some assignment of the hidden cells
    (0..cap) that reproduces every published number of both tables}."""
    largest: dict = {}
    hidden = [key for key in product(FORMS, SEXES) if victims[key] is None]
    for values in product(range(cap + 1), repeat=len(hidden)):
        cells = {key: victims[key] for key in product(FORMS, SEXES)} | dict(zip(hidden, values, strict=True))
        numbers = _totals(cells, 2)
        if any(victims[k] is not None and victims[k] != n for k, n in numbers.items()):
            continue
        grand = numbers[(TOTAL, TOTAL)]
        if citizenship[(TOTAL,)] not in (None, grand):
            continue
        for domestic in range(grand + 1):
            groups = {("domestic",): domestic, ("foreign",): grand - domestic}
            if any(citizenship[k] not in (None, n) for k, n in groups.items()):
                continue
            found = {("victims", k): n for k, n in numbers.items()}
            found |= {("citizenship", k): n for k, n in groups.items()}
            found[("citizenship", (TOTAL,))] = grand
            for where, n in found.items():
                largest[where] = max(largest.get(where, 0), n)
    return largest


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(releases())
def test_no_published_figure_pins_a_hidden_small_count(release):
    counts, groups, online = release
    tables = _tables(counts, groups, online)
    audit = protect(tables, THRESHOLD)
    assert audit["safe"]
    victims = _published(tables["victims"], {"form": FORMS, "sex": SEXES})
    citizenship = _published(tables["citizenship"], {"group": GROUPS})
    true = {("victims", k): n for k, n in _totals(counts, 2).items()}
    true |= {("citizenship", k): n for k, n in _totals({(g,): n for g, n in groups.items()},
                                                        1).items()}
    shown = {("victims", k): n for k, n in victims.items()} | {
        ("citizenship", k): n for k, n in citizenship.items()}
    for where, n in shown.items():
        assert n is None or n == true[where], where  # what is shown is true
    largest = _largest_consistent(victims, citizenship, cap=max(counts.values()) + THRESHOLD)
    for where, n in true.items():
        if shown[where] is None and 0 < n < THRESHOLD:
            assert largest[where] >= THRESHOLD, (where, n, largest[where])
        if 0 < n < THRESHOLD:
            assert shown[where] is None, where


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(releases())
def test_averages_and_shares_rest_on_enough_shown_persons(release):
    counts, groups, online = release
    tables = _tables(counts, groups, online)
    protect(tables, THRESHOLD)
    table = tables["victims"]
    shown = _published(table, {"form": FORMS, "sex": SEXES})
    values = table.values
    by_form = {f: sum(n for (form, _), n in counts.items() if form == f) for f in FORMS}
    total = sum(counts.values())
    if values["average_age"] is not None:
        assert total >= THRESHOLD and shown[(TOTAL, TOTAL)] == total
    parts = values["average_age_by_form"]
    for form, average in parts.items():
        if average is not None:
            assert by_form[form] >= THRESHOLD and shown[(form, TOTAL)] == by_form[form]
    if values["average_age"] is not None:
        # The overall average and all parts but one would give the missing part's sum of ages.
        assert sum(average is None for average in parts.values()) != 1
    if values.get("online_share") is not None:
        assert values["online"] == online and shown[(TOTAL, TOTAL)] == total >= THRESHOLD
    if 0 < online < THRESHOLD:
        assert values["online"] is None and values.get("online_share") is None
