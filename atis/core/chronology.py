"""When things happened (ARCHITECTURE.md §Time): every dated step is checked here, so the
chronology of a case reads the same everywhere and every refusal names the date it
conflicts with.

A step's date is what the user enters (the day a decision was signed on paper); the
moment it was recorded is set by the system and never checked against anything. Steps are
compared by calendar day in the system's time zone: two steps of one day may be entered in
either order, as paper files rarely say the hour.
"""

import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from atis.core.errors import DomainError

# A client's clock may run a little ahead of the server's.
CLOCK_SKEW = datetime.timedelta(minutes=5)


def day_of(value: datetime.date | datetime.datetime) -> datetime.date:
    """The calendar day of a date or of a moment (in the system's time zone)."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def shown(value: datetime.date | datetime.datetime) -> str:
    """A date as the person reads it, in their language."""
    return formats.date_format(day_of(value), "DATE_FORMAT")


def not_future(value, *, field: str) -> None:
    if value is None:
        return
    if isinstance(value, datetime.datetime):
        future = value > timezone.now() + CLOCK_SKEW
    else:
        future = value > timezone.localdate()
    if future:
        raise DomainError({field: _("This cannot be in the future (today is %(today)s).")
                           % {"today": shown(timezone.localdate())}})


def not_before(value, earlier, *, field: str, step: str) -> None:
    """Refuse `value` if its day is before `earlier`'s. `step` names what happened then,
    as in “This cannot be before the report was received (3 March 2024).”"""
    if value is None or earlier is None:
        return
    if day_of(value) < day_of(earlier):
        raise DomainError({field: _("This cannot be before %(step)s (%(date)s).")
                           % {"step": step, "date": shown(earlier)}})


def happened(value, *, field: str, after=(), default=None):
    """The moment (or day) a step happened: `value` as entered, else `default` (now),
    refused if it is in the future or before any of `after`, given as (moment, step)
    pairs (a missing moment is skipped)."""
    if value is None:
        value = timezone.now() if default is None else default
    not_future(value, field=field)
    for earlier, step in after:
        not_before(value, earlier, field=field, step=step)
    return value


def happened_on(value: datetime.date | None, field: str, *after) -> datetime.date:
    """The day a step happened: as entered (default today), not in the future and not
    before any of `after`, (day, step) pairs."""
    return happened(value, field=field, after=after, default=timezone.localdate())


def happened_at(value, *, field: str, after=()) -> datetime.datetime:
    """The moment a step happened, from what was entered, checked against `after`
    ((moment, step) pairs). Nothing entered: now. A day: now if it is today, else the start
    of that day, but not before a step of that same day that it follows, so that the case
    reads in order."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        if value == timezone.localdate():
            value = None
        else:
            start = timezone.make_aware(datetime.datetime.combine(value, datetime.time()))
            value = max([start, *(earlier for earlier, _step in after
                                  if isinstance(earlier, datetime.datetime)
                                  and day_of(earlier) == value)])
    return happened(value, field=field, after=after)
