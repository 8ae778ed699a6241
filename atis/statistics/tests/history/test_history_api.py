"""The generated history through the REST API, every step with the date it happened, the
clock standing in 2026: for every year, every table equals the count of the records."""

import time_machine

from atis.statistics import engine
from atis.statistics.tests.history.expected import differences
from atis.statistics.tests.history.generator import CLOCK, FIRST_YEAR, generate
from atis.statistics.tests.history.load_api import ApiLoader

HISTORY = generate()


def test_history_through_the_api(make_user, api_client_for):
    with time_machine.travel(CLOCK, tick=False):
        ApiLoader(make_user, api_client_for).load(HISTORY)
        problems = []
        for year in range(FIRST_YEAR, CLOCK.year + 1):
            problems += differences(HISTORY, engine.compute(year), year)
    assert not problems, "\n".join(problems)
