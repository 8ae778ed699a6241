"""The protection section of a person's case record: the plan, its tasks, services, Shelter
stays, placements and residence, as far as the user may see them (reading it is the audited
view of the protection file)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from atis.core.record import Section
from atis.protection import selectors


def section(user, person) -> Section | None:
    data = selectors.protection_file(user=user, person=person)
    if not any(data.get(name) for name in ("plan", "plans", "tasks", "services", "stays",
                                           "placements", "residence", "conferences")):
        return None
    return Section("protection", _("Protection"), "protection/record.html", data,
                   events=data["timeline"],
                   work=[{"label": _("Open the protection file"),
                          "url": reverse("protection-page", args=[person.pseudonym])}])
