"""What the case record page shows: the person's facts, then each app's section (see
atis.core.record), the flags they raise, the current assignees and one timeline."""

from django.urls import reverse
from django.utils.translation import gettext as _

from atis.core import access
from atis.core import record as case_record
from atis.core.roles import CENTRE_ROLES
from atis.people.models import CaseAssignment


def _assignees(person) -> list[str]:
    rows = CaseAssignment.objects.filter(person=person, active=True).select_related("user", "team")
    return [row.user.get_full_name() or row.user.get_username() if row.user else row.team.name
            for row in rows]


def page_context(user, person) -> dict:
    sections = case_record.sections_for(user, person)
    centre = access.role_of(user) in CENTRE_ROLES
    return {
        "sections": sections, "timeline": case_record.timeline(sections),
        "flags": sorted({flag for section in sections for flag in section.flags}),
        "work": [item for section in sections for item in section.work],
        "assignees": _assignees(person) if centre else None,
        "may_reassign": access.may(user, "person.assign"),
        "breadcrumbs": [{"label": _("People"), "url": reverse("person-list")},
                        {"label": person.pseudonym}],
    }
