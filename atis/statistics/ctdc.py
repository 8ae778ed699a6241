"""A case-level dataset of the victims identified in a year, for public release beside the
Counter Trafficking Data Collaborative's k-anonymised global dataset: one row per victim,
coarse categories only, and every combination of quasi-identifier values shared by at least
k rows (k-anonymity by local suppression, `anonymise`).

Columns take the HTCDS v2.0 field name where HTCDS defines the variable at this coarseness,
else the CTDC global dataset's name, else the statistics fact's own name in the same style:

- `yearOfRegistration` (CTDC): the fact's `year`, when the identification took effect;
  never a finer date.
- `prs_Gender` (HTCDS): `sex`, as the sex code list's HTCDS value.
- `ageBroad` (CTDC): `age` in CTDC's bands (HTCDS's `vic_AgeWhenTrafficked` is exact years).
- `countryOfOrigin` (the fact's): `origin_country`, ISO 3166-1 alpha-2. HTCDS and CTDC
  have citizenship only, which is not what the fact records.
- `CountryOfExploitation` (CTDC): `exploitation_country`, ISO 3166-1 alpha-2 (HTCDS's
  `vic_LocationOfExploitation` points to an organisation).
- `vic_TypeOfExploitation` (HTCDS): the decision's forms as the code list's HTCDS values;
  a multiselect, so a victim of several forms has their distinct values joined by ";".
- `recruitmentOnline` (the fact's): `recruitment_online`, True, False or "unknown" (HTCDS's
  `vic_RecruitmentWebsitesAndApps` lists platforms, which ATIS does not record).

Every missing value is "unknown", the same word a suppressed value becomes, so a reader
cannot tell the two apart. No pseudonym, id, name, organisation, free text or date finer than
the year is read into a row.
"""

import csv
import io
from collections import Counter
from dataclasses import dataclass
from itertools import combinations

from django.conf import settings

from atis.core.exports import safe_row
from atis.identification.models import DecisionForm
from atis.reference.models import Term
from atis.statistics.models import VictimYear

UNKNOWN = "unknown"
HEADER = ["yearOfRegistration", "prs_Gender", "ageBroad", "countryOfOrigin",
          "CountryOfExploitation", "vic_TypeOfExploitation", "recruitmentOnline"]
# What a neighbour, an employer or a newspaper may know of a victim. In a country that
# identifies a few dozen victims a year the form of exploitation is as public as the age
# ("a girl forced to beg"), so it is one too. The year is the same on every row; whether the
# internet was used is the attribute the release is for, and rarely known from outside.
QUASI_IDENTIFIERS = ["ageBroad", "prs_Gender", "countryOfOrigin", "CountryOfExploitation",
                     "vic_TypeOfExploitation"]
# CTDC's broad age bands: (oldest age in the band, band); older than the last is "48+".
AGE_BANDS = ((8, "0-8"), (17, "9-17"), (20, "18-20"), (23, "21-23"), (26, "24-26"),
             (29, "27-29"), (38, "30-38"), (47, "39-47"))
OLDEST_BAND = "48+"
# HTCDS names no value for a form the code list leaves unmapped.
OTHER_FORM = "Other"
MULTISELECT_SEPARATOR = ";"


@dataclass(frozen=True)
class Dataset:
    header: list[str]
    rows: list[tuple]
    k: int
    quasi_identifiers: list[str]
    suppressed_values: int  # quasi-identifier values replaced by "unknown" to reach k
    suppressed_rows: int  # rows left out: they reach no combination shared by k rows


def dataset(year: int, *, k: int | None = None) -> Dataset:
    """The victims identified in `year`, k-anonymous over `QUASI_IDENTIFIERS`; `k` defaults
    to the setting."""
    k = settings.CTDC_K if k is None else k
    records = sorted(_records(year), key=_canonical)
    kept, suppressed_values, suppressed_rows = anonymise(records, QUASI_IDENTIFIERS, k)
    rows = sorted((tuple(record[column] for column in HEADER) for record in kept),
                  key=_canonical)
    return Dataset(HEADER, rows, k, list(QUASI_IDENTIFIERS), suppressed_values,
                   suppressed_rows)


def to_csv(data: Dataset) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(safe_row(data.header))
    writer.writerows(safe_row(row) for row in data.rows)
    return text.getvalue().encode()


def _records(year: int) -> list[dict]:
    facts = VictimYear.objects.filter(year=year)
    sexes, forms = _htcds("sex"), _htcds("exploitation_form")
    several: dict[int, set[str]] = {}
    for decision, form in DecisionForm.objects.filter(
            decision__in=facts.filter(form="multiple").values("decision_id")
    ).values_list("decision_id", "form"):
        several.setdefault(decision, set()).add(forms.get(form, OTHER_FORM))
    found = facts.values("decision_id", "form", "sex", "age", "origin_country__code",
                         "exploitation_country__code", "recruitment_online")
    return [{
        "yearOfRegistration": year,
        "prs_Gender": sexes.get(fact["sex"], UNKNOWN),
        "ageBroad": _age_band(fact["age"]),
        "countryOfOrigin": fact["origin_country__code"] or UNKNOWN,
        "CountryOfExploitation": fact["exploitation_country__code"] or UNKNOWN,
        "vic_TypeOfExploitation": _type_of_exploitation(fact, forms, several),
        "recruitmentOnline": UNKNOWN if fact["recruitment_online"] is None
        else fact["recruitment_online"],
    } for fact in found]


def _htcds(code_list: str) -> dict[str, str]:
    """The code list's HTCDS values, from the reference data; "unknown" stays unknown."""
    return dict(Term.objects.filter(list=code_list).exclude(code=UNKNOWN).exclude(htcds="")
                .values_list("code", "htcds"))


def _age_band(age: int | None) -> str:
    if age is None:
        return UNKNOWN
    return next((band for oldest, band in AGE_BANDS if age <= oldest), OLDEST_BAND)


def _type_of_exploitation(fact: dict, forms: dict[str, str], several: dict[int, set]) -> str:
    if fact["form"] is None:
        return UNKNOWN
    if fact["form"] == "multiple":
        return MULTISELECT_SEPARATOR.join(sorted(several.get(fact["decision_id"], {UNKNOWN})))
    return forms.get(fact["form"], OTHER_FORM)


def _canonical(row) -> tuple:
    """An order that depends on the published values only (never on ids or dates)."""
    values = row.values() if isinstance(row, dict) else row
    return tuple(str(value) for value in values)


def anonymise(records: list[dict], quasi: list[str], k: int) -> tuple[list[dict], int, int]:
    """`records` made k-anonymous over the `quasi` fields by replacing values with "unknown"
    ("unknown" is a value like any other: it matches only "unknown"). Returns the rows kept,
    in their order and with every other field as it was, the number of values suppressed in
    them, and the number of rows left out.

    CTDC's order: a value fewer than k records have cannot be published at all, so it is
    suppressed first (a country with few victims). Then, while some combinations have fewer
    than k rows, the field with the most distinct values among those rows is suppressed in
    them. Rows whose every value is then suppressed, still fewer than k, are left out. Last,
    each row (in order) joins the class of k or more that needs fewest suppressions of its
    values, if that is fewer than now and leaves its own class at k or more: this gives
    back what the blunt steps took without need, and keeps rows that fit a class after all.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    given = [[record[field] for field in quasi] for record in records]
    keys = [list(values) for values in given]
    _suppress_rare_values(keys, k)
    dropped = _suppress_locally(keys, k)
    _move_to_fewer_suppressions(keys, given, dropped, k)
    kept, suppressed = [], 0
    for index, record in enumerate(records):
        if index in dropped:
            continue
        suppressed += sum(value == UNKNOWN != was
                          for value, was in zip(keys[index], given[index], strict=True))
        kept.append({**record, **dict(zip(quasi, keys[index], strict=True))})
    return kept, suppressed, len(dropped)


def _suppress_rare_values(keys: list[list], k: int) -> None:
    for column in range(len(keys[0]) if keys else 0):
        counts = Counter(key[column] for key in keys)
        for key in keys:
            if counts[key[column]] < k:
                key[column] = UNKNOWN


def _suppress_locally(keys: list[list], k: int) -> set[int]:
    """Suppress in the rows of the combinations smaller than k until none is left but the
    one of rows with nothing left to suppress; returns those rows."""
    while True:
        sizes = Counter(map(tuple, keys))
        small = [index for index, key in enumerate(keys) if sizes[tuple(key)] < k]
        column = _most_distinct_column(keys, small)
        if column is None:
            return set(small)
        for index in small:
            keys[index][column] = UNKNOWN


def _most_distinct_column(keys: list[list], rows: list[int]) -> int | None:
    """The field with the most distinct known values in `rows` (then the fewest such values
    to suppress, then the first); None when nothing in them is known."""
    best, best_rank = None, None
    for column in range(len(keys[0]) if keys else 0):
        known = [keys[index][column] for index in rows if keys[index][column] != UNKNOWN]
        rank = (len(set(known)), -len(known))
        if known and (best_rank is None or rank > best_rank):
            best, best_rank = column, rank
    return best


def _move_to_fewer_suppressions(keys: list[list], given: list[list], dropped: set[int],
                                k: int) -> None:
    """Move each row (a dropped one back in) to the class of k or more that suppresses the
    fewest of its given values, while that is fewer than its present one, until none moves.
    Every move lowers the suppressions or keeps a row, so this ends."""
    sizes = Counter(tuple(key) for index, key in enumerate(keys) if index not in dropped)
    moved = True
    while moved:
        moved = False
        for index, values in enumerate(given):
            leaving = index in dropped
            if not leaving and sizes[tuple(keys[index])] <= k:
                continue
            cost = len(values) + 1 if leaving else _suppressions(keys[index], values)
            target = _closest_class(values, sizes, k)
            if target is None or _suppressions(target, values) >= cost:
                continue
            if leaving:
                dropped.discard(index)
            else:
                sizes[tuple(keys[index])] -= 1
            sizes[target] += 1
            keys[index] = list(target)
            moved = True


def _closest_class(values: list, sizes: Counter, k: int) -> tuple | None:
    """The class of k or more rows that `values` fit with fewest suppressions. The classes
    are looked up by the row's generalisations, or scanned when there are fewer of them."""
    known = [column for column, value in enumerate(values) if value != UNKNOWN]
    if 2 ** len(known) <= len(sizes):
        candidates = [tuple(UNKNOWN if column in hidden else value
                            for column, value in enumerate(values))
                      for size in range(len(known) + 1) for hidden in combinations(known, size)]
    else:
        candidates = list(sizes)
    fitting = [key for key in candidates if sizes[key] >= k and all(
        have in (was, UNKNOWN) for have, was in zip(key, values, strict=True))]
    return min(fitting, key=lambda key: (_suppressions(key, values), _canonical(key)),
               default=None)


def _suppressions(key, values) -> int:
    return sum(have == UNKNOWN != was for have, was in zip(key, values, strict=True))
