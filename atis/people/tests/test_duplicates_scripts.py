"""Duplicate warnings for names outside the Latin and Serbian alphabets (issue 11)."""

import pytest

from atis.core.roles import Role
from atis.people import selectors


@pytest.mark.parametrize(("stored", "probe"), [
    ({"given_name": "小明", "family_name": "王"}, {"given_name": "小明", "family_name": "王"}),
    ({"given_name": "小明", "family_name": "王"}, {"given_name": "Xiaoming", "family_name": "Wang"}),
    ({"given_name": "محمد", "family_name": "عبد الله"},
     {"given_name": "محمد", "family_name": "عبد الله"}),
    ({"given_name": "Юлия", "family_name": "Щербакова"},
     {"given_name": "Yuliya", "family_name": "Shcherbakova"}),
])
def test_duplicate_warning_for_names_in_other_scripts(make_user, make_person, stored, probe):
    manager = make_user(Role.CENTRE_MANAGER)
    person = make_person(identity=stored)
    make_person(identity={"given_name": "Marko", "family_name": "Marković"})
    matches = selectors.likely_duplicates(user=manager, **probe)
    assert [(p.pk, kinds) for p, kinds in matches] == [(person.pk, ["name"])]
