"""The menu each role sees. An entry appears only where the access policy lets the role in."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from atis.core import access


def _may(action):
    return lambda user: access.may(user, action)


# (label, url name, who sees it)
MENU = [
    (_("Dashboard"), "dashboard", lambda user: True),
    (_("Work queue"), "work-queue", _may("procedure.view")),
    (_("Reports"), "report-list", _may("report.triage")),
    (_("My reports"), "report-list",
     lambda user: access.may(user, "report.submit") and not access.may(user, "report.triage")),
    (_("Hotline"), "hotline", _may("hotline.log")),
    (_("Alerts from the Centre"), "alert-inbox", _may("alert.receive")),
    (_("Tasks"), "task-inbox", _may("task.update")),
    (_("Shelter"), "shelter", _may("shelter.work")),
    (_("Criminal cases"), "case-list", _may("case.view")),
    (_("Notifications"), "justice-inbox", lambda user: access.role_of(user) is not None),
    (_("Coordination"), "meetings", _may("coordination.view")),
    (_("Memos"), "memos", _may("memo.send")),
    (_("Contact points"), "contacts", lambda user: access.role_of(user) is not None),
    (_("Statistics"), "statistics-internal", _may("statistics.internal")),
    (_("Releases"), "statistics-releases", _may("statistics.publish")),
    (_("Public statistics"), "statistics-public", lambda user: not access.may(user, "statistics.internal")),
    (_("Monitoring"), "monitoring", _may("registry.record")),
    (_("Questionnaire campaigns"), "campaigns", _may("campaign.manage")),
    (_("People"), "person-list", _may("person.view")),
    (_("Audit trail"), "audit-list", _may("audit.view")),
    (_("Import"), "import-page", _may("import.run")),
]


def menu_for(user) -> list[dict]:
    items = [{"label": label, "url": reverse(name)} for label, name, shown in MENU if shown(user)]
    if user.is_staff:
        items.append({"label": _("Administration"), "url": reverse("admin:index")})
    return items
