"""A release of the previous year's statistics, published by the demo Centre manager (or the
demo Rapporteur where only the Rapporteur publishes), so the public page has one to show."""

from django.utils import timezone

from atis.core import access
from atis.statistics import services
from atis.statistics.models import Release


def generate(*, rng, scale: int, users, out) -> None:
    year = timezone.localdate().year - 1
    if Release.objects.filter(year=year).exists():
        return
    publisher = next(user for user in (users["manager"], users["rapporteur"])
                     if access.may(user, "statistics.publish"))
    release = services.publish(publisher, year=year)
    out(f"  statistics of {year} published (version {release.version})")
