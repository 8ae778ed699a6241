"""The CTDC-style case-level dataset: k-anonymous over its quasi-identifiers whatever the
records, coarse values only, and one row per victim of the year (`ctdc`)."""

import csv
import datetime
import io
import re
from collections import Counter

import pytest
import time_machine
from hypothesis import given, settings
from hypothesis import strategies as st

from atis.people.models import Person
from atis.statistics import ctdc
from atis.statistics.ctdc import QUASI_IDENTIFIERS, UNKNOWN

THIS_YEAR = 2025
IN_THIS_YEAR = datetime.datetime(THIS_YEAR, 3, 10, 12, tzinfo=datetime.UTC)
IN_THE_YEAR_BEFORE = datetime.datetime(THIS_YEAR - 1, 6, 3, 12, tzinfo=datetime.UTC)

# Skewed categories, as a year's victims are: most alike, a few rare ones.
CATEGORIES = {
    "ageBroad": ["18-20"] * 3 + ["9-17"] * 3 + ["0-8", "21-23", "30-38", "48+", UNKNOWN],
    "prs_Gender": ["Female"] * 4 + ["Male"] * 2 + [UNKNOWN],
    "countryOfOrigin": ["RS"] * 8 + ["BA", "RO", "NG", "UA", "AL", "CN", UNKNOWN],
    "CountryOfExploitation": ["RS"] * 8 + ["DE", "BE", "AT", UNKNOWN],
    "vic_TypeOfExploitation": ["SexualExploitation"] * 4 + ["ForcedLabour"] * 3 + [
        "ForcedBegging", "ForcedMarriage", "Other", "ForcedLabour;SexualExploitation", UNKNOWN],
}
RECORD = st.fixed_dictionaries({
    **{field: st.sampled_from(values) for field, values in CATEGORIES.items()},
    "recruitmentOnline": st.sampled_from([True, False, UNKNOWN]),
    "note": st.text(max_size=3),
})
# Sizes drawn evenly up to 300: left to itself, hypothesis draws mostly short lists.
RECORDS = st.integers(0, 300).flatmap(lambda n: st.lists(RECORD, min_size=n, max_size=n)).map(
    lambda records: [{**record, "row": row} for row, record in enumerate(records)])


def classes(rows) -> Counter:
    return Counter(tuple(row[field] for field in QUASI_IDENTIFIERS) for row in rows)


def fits(key, values) -> bool:
    return all(have in (was, UNKNOWN) for have, was in zip(key, values, strict=True))


def suppressions(key, values) -> int:
    return sum(have == UNKNOWN != was for have, was in zip(key, values, strict=True))


@settings(max_examples=120, deadline=None)
@given(records=RECORDS, k=st.integers(2, 15))
def test_anonymise_is_k_anonymous_and_only_ever_writes_unknown(records, k):
    given_records = [dict(record) for record in records]
    kept, suppressed_values, suppressed_rows = ctdc.anonymise(records, QUASI_IDENTIFIERS, k)

    assert records == given_records  # the input is left as it was
    assert all(size >= k for size in classes(kept).values())
    assert [row["row"] for row in kept] == sorted({row["row"] for row in kept})
    changed = 0
    for row in kept:
        source = records[row["row"]]
        assert row.keys() == source.keys()
        assert {f: v for f, v in row.items() if f not in QUASI_IDENTIFIERS} == {
            f: v for f, v in source.items() if f not in QUASI_IDENTIFIERS}
        for field in QUASI_IDENTIFIERS:
            assert row[field] in (source[field], UNKNOWN)
            changed += row[field] != source[field]
    assert suppressed_values == changed
    assert suppressed_rows == len(records) - len(kept)
    assert ctdc.anonymise([dict(r) for r in records], QUASI_IDENTIFIERS, k) == (
        kept, suppressed_values, suppressed_rows)


@settings(max_examples=60, deadline=None)
@given(records=RECORDS, k=st.integers(2, 15))
def test_no_row_could_give_back_a_value_or_be_kept_after_all(records, k):
    """Greedy minimality: no kept row fits a class of k or more with fewer of its values
    suppressed (without leaving its own class below k), and no row left out fits one."""
    kept, _, _ = ctdc.anonymise(records, QUASI_IDENTIFIERS, k)
    sizes = classes(kept)
    published = {row["row"]: tuple(row[f] for f in QUASI_IDENTIFIERS) for row in kept}
    for record in records:
        values = tuple(record[f] for f in QUASI_IDENTIFIERS)
        fitting = [key for key, size in sizes.items() if size >= k and fits(key, values)]
        if record["row"] not in published:
            assert not fitting
        elif sizes[published[record["row"]]] > k:
            now = suppressions(published[record["row"]], values)
            assert all(suppressions(key, values) >= now for key in fitting)


def test_countries_with_fewer_than_k_victims_become_unknown_first():
    alike = {"ageBroad": "18-20", "prs_Gender": "Female", "CountryOfExploitation": "RS",
             "vic_TypeOfExploitation": "SexualExploitation"}
    records = [{**alike, "countryOfOrigin": country} for country in ["RS"] * 3 + ["BA", "RO", "NG"]]
    kept, suppressed_values, suppressed_rows = ctdc.anonymise(records, QUASI_IDENTIFIERS, 3)
    assert [row["countryOfOrigin"] for row in kept] == ["RS"] * 3 + [UNKNOWN] * 3
    assert (suppressed_values, suppressed_rows) == (3, 0)


def test_a_row_does_not_leave_a_class_of_exactly_k_for_one_that_suppresses_less():
    """(1, 1, 5) fits (1, 1, unknown) with one suppression instead of two, but leaving would
    leave (3, 3, 5) alone in its class."""
    columns = ["a", "b", "c"]
    records = [dict(zip(columns, values, strict=True))
               for values in [(1, 1, UNKNOWN), (1, 1, UNKNOWN), (1, 1, 5), (3, 3, 5)]]
    kept, suppressed_values, suppressed_rows = ctdc.anonymise(records, columns, 2)
    assert [tuple(row.values()) for row in kept] == [
        (1, 1, UNKNOWN), (1, 1, UNKNOWN), (UNKNOWN, UNKNOWN, 5), (UNKNOWN, UNKNOWN, 5)]
    assert (suppressed_values, suppressed_rows) == (4, 0)


def test_fewer_records_than_k_are_all_left_out():
    records = [dict.fromkeys(QUASI_IDENTIFIERS, "same")] * 4
    assert ctdc.anonymise(records, QUASI_IDENTIFIERS, 5) == ([], 0, 4)
    assert ctdc.anonymise([], QUASI_IDENTIFIERS, 5) == ([], 0, 0)
    with pytest.raises(ValueError, match="k must be at least 1"):
        ctdc.anonymise(records, QUASI_IDENTIFIERS, 0)


def test_csv_has_the_header_and_writes_formulas_as_text():
    data = ctdc.Dataset(["a", "b"], [("=HYPERLINK(1)", True)], 11, ["a"], 0, 0)
    assert list(csv.reader(io.StringIO(ctdc.to_csv(data).decode()))) == [
        ["a", "b"], ["'=HYPERLINK(1)", "True"]]


def _victims(identify) -> list[Person]:
    """Three victims identified in the year, one the year before."""
    with time_machine.travel(IN_THE_YEAR_BEFORE, tick=False):
        earlier = identify(forms=["labour"], sex="male", birth_year=THIS_YEAR - 40).person
    with time_machine.travel(IN_THIS_YEAR, tick=False):
        persons = [
            identify(forms=["sexual"], birth_year=THIS_YEAR - 20, citizenship="NG",
                     origin_country="NG", exploitation_country="RS",
                     recruitment_online=True).person,
            identify(forms=["sexual"], birth_year=THIS_YEAR - 20, citizenship="NG",
                     origin_country="NG", exploitation_country="RS",
                     recruitment_online=False).person,
            identify(forms=["labour", "forced_begging"], sex="male",
                     birth_year=THIS_YEAR - 35).person,
        ]
    return [*persons, earlier]


DATE_OR_ID = re.compile(r"\d{4}-\d{2}|\d{1,2}[./]\d{1,2}|^\d+$")


def test_one_row_per_victim_of_the_year_with_coarse_values_only(identify):
    *of_the_year, earlier = _victims(identify)
    data = ctdc.dataset(THIS_YEAR, k=1)

    assert data.header == ["yearOfRegistration", "prs_Gender", "ageBroad", "countryOfOrigin",
                           "CountryOfExploitation", "vic_TypeOfExploitation",
                           "recruitmentOnline"]
    assert sorted(data.rows, key=str) == sorted([
        (THIS_YEAR, "Female", "18-20", "NG", "RS", "SexualExploitation", True),
        (THIS_YEAR, "Female", "18-20", "NG", "RS", "SexualExploitation", False),
        (THIS_YEAR, "Male", "30-38", UNKNOWN, UNKNOWN, "ForcedBegging;ForcedLabour", UNKNOWN),
    ], key=str)
    assert (data.k, data.suppressed_values, data.suppressed_rows) == (1, 0, 0)
    text = ctdc.to_csv(data).decode()
    for person in [*of_the_year, earlier]:
        assert person.pseudonym not in text
    cells = [cell for row in data.rows for cell in row[1:]]
    assert not [cell for cell in cells if DATE_OR_ID.search(str(cell))]
    assert not {"id", "date", "pseudonym", "name"} & {
        word for name in data.header for word in re.findall("[a-z]+", name.lower())}


def test_victims_that_reach_no_class_of_k_are_left_out_and_counted(identify, settings):
    _victims(identify)
    settings.CTDC_K = 2
    data = ctdc.dataset(THIS_YEAR)
    assert data.k == 2
    # The two women share everything but the use of the internet, which is not a
    # quasi-identifier; the man shares nothing with them.
    assert data.rows == [
        (THIS_YEAR, "Female", "18-20", "NG", "RS", "SexualExploitation", False),
        (THIS_YEAR, "Female", "18-20", "NG", "RS", "SexualExploitation", True)]
    assert (data.suppressed_values, data.suppressed_rows) == (0, 1)

    everyone_out = ctdc.dataset(THIS_YEAR, k=4)
    assert (everyone_out.rows, everyone_out.suppressed_rows) == ([], 3)
    assert list(csv.reader(io.StringIO(ctdc.to_csv(everyone_out).decode()))) == [
        everyone_out.header]
