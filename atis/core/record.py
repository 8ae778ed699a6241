"""The case record: one page per person to which each app contributes its section (reports,
identification, protection, criminal proceedings, coordination). `core` knows no domain app,
so each app registers its section at start-up, as it registers its access rules; a section
whose provider finds nothing the user may see is left out, so a role sees only its part."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone


@dataclass
class Section:
    id: str                       # the tab's anchor
    title: str
    template: str                 # renders `section` (this object) and its `context`
    context: dict = field(default_factory=dict)
    events: list[dict] = field(default_factory=list)   # {"on": date, "text": str}
    flags: list[str] = field(default_factory=list)     # shown in the summary
    work: list[dict] = field(default_factory=list)     # {"label", "url"}: where work is done


Provider = Callable[..., Section | None]   # provider(user, person) -> Section | None
_providers: list[tuple[int, Provider]] = []


def register(order: int, provider: Provider) -> None:
    if all(existing is not provider for _order, existing in _providers):
        _providers.append((order, provider))
        _providers.sort(key=lambda item: item[0])


def sections_for(user, person) -> list[Section]:
    return [section for section in (provider(user, person) for _order, provider in _providers)
            if section is not None]


def _day(moment) -> datetime.date:
    return timezone.localtime(moment).date() if isinstance(moment, datetime.datetime) else moment


def timeline(sections: list[Section]) -> list[dict]:
    """Every section's events on one line, newest first; each names its section."""
    events = [{**event, "on": _day(event["on"]), "section": section.title}
              for section in sections for event in section.events if event.get("on")]
    return sorted(events, key=lambda event: event["on"], reverse=True)
