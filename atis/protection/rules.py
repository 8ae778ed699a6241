"""Rules of protection that are not mere validation: Shelter stays (ARCHITECTURE.md; the
Shelter's licence: women over 16 and their children, 6 months plus one extension of up
to 6 months on an assessed need) and plan reviews."""

import datetime

from dateutil.relativedelta import relativedelta

FIRST_STAY_MONTHS = 6
MAX_EXTENSION_MONTHS = 6
MAX_STAY_MONTHS = FIRST_STAY_MONTHS + MAX_EXTENSION_MONTHS
MINIMUM_AGE = 16
WARN_DAYS = 30
REVIEW_MONTHS = 3
PHASE_ORDER = ["adaptation", "recovery", "preparation"]


def add_months(day: datetime.date, months: int) -> datetime.date:
    return day + relativedelta(months=months)


def latest_end(admitted_on: datetime.date) -> datetime.date:
    return add_months(admitted_on, MAX_STAY_MONTHS)
