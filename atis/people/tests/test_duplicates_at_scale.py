"""The duplicate warning at scale (issue 12): among thousands of persons sharing a name,
the one with the same name and date of birth always comes first."""

import datetime

import pytest

from atis.core.roles import Role
from atis.people import selectors, services
from atis.people.models import PersonIdentity

NAMESAKES = 3000


@pytest.fixture
def namesakes(make_user):
    """3,000 "Ana Petrović" born on different days, and (created among them, neither first
    nor last by id) the one born on 1990-06-15, who also shares nothing else."""
    base = datetime.date(1950, 1, 1)
    days = [base + datetime.timedelta(days=3 * i) for i in range(NAMESAKES)]
    exact = datetime.date(1990, 6, 15)
    assert exact not in days
    days.insert(NAMESAKES // 2, exact)
    services.persons_bulk_create(actor_label="test", rows=(
        {"sex": "female", "birth_year": day.year, "citizenships": ["RS"],
         "identity": {"given_name": "Ana", "family_name": "Petrović", "date_of_birth": day}}
        for day in days), batch_size=1000)
    return exact


def test_exact_match_comes_first_among_thousands_of_namesakes(make_user, namesakes):
    manager = make_user(Role.CENTRE_MANAGER)
    for spelling in (("Ana", "Petrović"), ("ANA", "petrovic"), ("Ана", "Петровић")):
        found = selectors.likely_duplicates(user=manager, given_name=spelling[0],
                                            family_name=spelling[1], date_of_birth=namesakes)
        first, kinds = found[0]
        assert PersonIdentity.objects.get(person=first).date_of_birth == namesakes
        assert kinds == ["name", "name_birth"]
        assert len(found) == selectors.MATCH_LIMIT
        assert all(k == ["name"] for _, k in found[1:])
        rest = [p.pk for p, _ in found[1:]]
        assert rest == sorted(rest)  # deterministic: then by person id


def test_same_answer_every_time(make_user, namesakes):
    manager = make_user(Role.CENTRE_MANAGER)
    probe = {"given_name": "Ana", "family_name": "Petrović", "date_of_birth": namesakes}
    first = [p.pk for p, _ in selectors.likely_duplicates(user=manager, **probe)]
    assert [p.pk for p, _ in selectors.likely_duplicates(user=manager, **probe)] == first


def test_name_alone_lists_the_first_namesakes_by_id(make_user, namesakes):
    manager = make_user(Role.CENTRE_MANAGER)
    found = selectors.likely_duplicates(user=manager, given_name="Ana", family_name="Petrović")
    ids = [p.pk for p, _ in found]
    assert len(ids) == selectors.MATCH_LIMIT and ids == sorted(ids)
