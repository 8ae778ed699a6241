"""The years ATIS holds records for: from FIRST_YEAR (ATIS_FIRST_YEAR) to next year."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from atis.core.errors import DomainError


def last_year() -> int:
    return timezone.localdate().year + 1


def check_year(year: int, *, field: str = "year") -> int:
    """`year`, or a DomainError naming `field` and the years there are."""
    if not settings.FIRST_YEAR <= year <= last_year():
        raise DomainError({field: _("There are no records for %(year)s: years go from "
                                    "%(first)s to %(last)s.")
                           % {"year": year, "first": settings.FIRST_YEAR, "last": last_year()}})
    return year
