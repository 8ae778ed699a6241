"""The generated history through the legacy import (the template's XLSX, a dry run, then
the commit), the clock standing in 2026: for every year, every table equals the count of
the records the template can carry."""

import time_machine

from atis.core.roles import Role
from atis.imports import services
from atis.people.models import Person
from atis.statistics import engine
from atis.statistics.tests.history.expected import differences
from atis.statistics.tests.history.generator import CLOCK, FIRST_YEAR, generate
from atis.statistics.tests.history.load_import import importable, workbook

HISTORY = importable(generate())


def test_history_through_the_import(make_user):
    content = workbook(HISTORY)
    with time_machine.travel(CLOCK, tick=False):
        manager = make_user(Role.CENTRE_MANAGER)
        checked = services.import_file(actor=manager, content=content, filename="history.xlsx",
                                       dry_run=True)
        assert (checked.status, checked.result["errors"]) == ("done", [])
        assert not Person.objects.exists()
        run = services.import_file(actor=manager, content=content, filename="history.xlsx",
                                   dry_run=False)
        assert (run.status, run.result["errors"]) == ("done", [])
        assert Person.objects.count() == len(HISTORY.persons)
        problems = []
        for year in range(FIRST_YEAR, CLOCK.year + 1):
            problems += differences(HISTORY, engine.compute(year), year)
    assert not problems, "\n".join(problems)
