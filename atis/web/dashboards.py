"""What each role's dashboard shows. Widgets are filled by the capabilities that own the
data; a widget with nothing to show says so."""

from django.utils.translation import gettext_lazy as _

from atis.core.roles import Role

WIDGETS: dict[str, list] = {
    Role.REPORTER: [_("My reports"), _("Feedback from the Centre")],
    Role.HOTLINE_OPERATOR: [_("Calls today"), _("Reports sent to the Centre")],
    Role.CENTRE_CASEWORKER: [_("My cases"), _("Overdue alerts"), _("Tasks due")],
    Role.CENTRE_MANAGER: [_("New reports"), _("Open identification procedures"),
                          _("Overdue alerts"), _("Caseload by caseworker")],
    Role.SHELTER_STAFF: [_("Residents"), _("Stays ending within 30 days")],
    Role.PARTNER_CASEWORKER: [_("Tasks for my organisation"), _("Services to record")],
    Role.POLICE_OFFICER: [_("Criminal cases of my organisation"), _("Notifications")],
    Role.PROSECUTOR: [_("Criminal cases of my organisation"), _("Notifications")],
    Role.COURT_STAFF: [_("Criminal cases of my organisation"), _("Hearings")],
    Role.COORDINATOR_ANALYST: [_("Statistics for the year to date"), _("Action Plan progress")],
    Role.RAPPORTEUR: [_("Questionnaire campaign"), _("Recommendations")],
    Role.ADMIN: [_("Users and organisations"), _("Reference data")],
}


def widgets_for(role: str | None) -> list[dict]:
    return [{"title": title, "items": []} for title in WIDGETS.get(role, [])]
