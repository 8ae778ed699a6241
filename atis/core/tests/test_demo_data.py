import datetime
import random

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from atis.core.demo import DEMO_PASSWORD, DEMO_USERS
from atis.core.models import User
from atis.core.roles import Role
from atis.identification.models import Procedure
from atis.intake.models import Report
from atis.people.demo import person_row
from atis.people.models import Person


def test_demo_data_creates_one_user_per_role_and_prints_them(db, capsys):
    call_command("demo-data", "--seed", "3", "--scale", "1")
    out = capsys.readouterr().out
    assert {u.role for u in User.objects.all()} == set(Role.values)
    for username in DEMO_USERS:
        assert f"{username}" in out
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD)
    assert Person.objects.count() == 40 + Report.objects.count()


def test_demo_reports_cover_every_stage(db):
    call_command("demo-data", "--seed", "3")
    assert set(Report.objects.values_list("status", flat=True)) == {"received", "accepted",
                                                                     "dismissed"}
    statuses = set(Procedure.objects.values_list("status", flat=True))
    assert {"identified", "open"} <= statuses


def test_demo_data_is_idempotent(db):
    call_command("demo-data", "--seed", "7")
    counts = (Person.objects.count(), Report.objects.count(), User.objects.count())
    call_command("demo-data", "--seed", "7")
    assert (Person.objects.count(), Report.objects.count(), User.objects.count()) == counts


def test_synthetic_persons_are_deterministic_and_mix_scripts():
    day = datetime.date(2026, 1, 1)
    first = [person_row(random.Random(7), day) for _ in range(1)] + \
        [person_row(rng, day) for rng in [random.Random(7)] for _ in range(60)]
    again = [person_row(random.Random(7), day)] + \
        [person_row(rng, day) for rng in [random.Random(7)] for _ in range(60)]
    assert first == again
    names = [row["identity"]["family_name"] for row in first]
    assert any(any("\u0400" <= ch <= "\u04ff" for ch in name) for name in names)
    assert {row["citizenships"][0] for row in first} - {"RS"}


def test_demo_data_refuses_a_silly_scale(db):
    with pytest.raises(CommandError) as exc:
        call_command("demo-data", "--scale", "0")
    assert exc.value.returncode == 2


def test_a_full_shelter_stops_admitting_and_the_generation_goes_on(db):
    from atis.core.models import Organisation
    from atis.protection.models import ProtectionPlan, ShelterSite, ShelterStay

    shelter = Organisation.objects.get(code="shelter")
    ShelterSite.objects.create(organisation=shelter, address="(test)", capacity=1)
    call_command("demo-data", "--seed", "3", "--scale", "3")
    assert ShelterStay.objects.filter(left_on__isnull=True).count() == 1
    identified = Procedure.objects.filter(status="identified").count()
    assert identified > 3 and ProtectionPlan.objects.count() == identified
