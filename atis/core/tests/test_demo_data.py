import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from atis.core.demo import DEMO_PASSWORD, DEMO_USERS
from atis.core.models import User
from atis.core.roles import Role
from atis.people.models import Person, PersonIdentity


def test_demo_data_creates_one_user_per_role_and_prints_them(db, capsys):
    call_command("demo-data", "--seed", "3", "--scale", "1")
    out = capsys.readouterr().out
    assert {u.role for u in User.objects.all()} == set(Role.values)
    for username in DEMO_USERS:
        assert f"{username}" in out
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD)
    assert Person.objects.count() == 40


def test_demo_data_is_deterministic_and_idempotent(db):
    call_command("demo-data", "--seed", "7")
    first = sorted((i.given_name, i.family_name, i.date_of_birth.isoformat())
                   for i in PersonIdentity.objects.all())
    call_command("demo-data", "--seed", "7")
    assert Person.objects.count() == 40
    Person.objects.all().delete()
    call_command("demo-data", "--seed", "7")
    again = sorted((i.given_name, i.family_name, i.date_of_birth.isoformat())
                   for i in PersonIdentity.objects.all())
    assert first == again
    assert any(any("\u0400" <= ch <= "\u04ff" for ch in name) for name, _, _ in first)


def test_demo_data_refuses_a_silly_scale(db):
    with pytest.raises(CommandError) as exc:
        call_command("demo-data", "--scale", "0")
    assert exc.value.returncode == 2
