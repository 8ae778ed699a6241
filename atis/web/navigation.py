"""The menu each role sees, grouped by what the role does. An entry appears only where the
access policy lets the role in; the entry of the page being shown is marked current."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from atis.core import access


def _may(action):
    return lambda user: access.may(user, action)


def _anyone(user):
    return True


def _member(user):
    return access.role_of(user) is not None


CASES, JUSTICE, TOGETHER, FIGURES, SYSTEM = (
    _("Cases"), _("Justice"), _("Working together"), _("Figures"), _("System"))

# (group, label, url name, who sees it)
MENU = [
    (CASES, _("Work queue"), "work-queue", _may("procedure.view")),
    (CASES, _("Reports"), "report-list", _may("report.triage")),
    (CASES, _("My reports"), "report-list",
     lambda user: access.may(user, "report.submit") and not access.may(user, "report.triage")),
    (CASES, _("Hotline"), "hotline", _may("hotline.log")),
    (CASES, _("People"), "person-list", _may("person.view")),
    (CASES, _("Alerts from the Centre"), "alert-inbox", _may("alert.receive")),
    (CASES, _("Tasks"), "task-inbox", _may("task.update")),
    (CASES, _("Shelter"), "shelter", _may("shelter.work")),
    (JUSTICE, _("Criminal cases"), "case-list", _may("case.view")),
    (JUSTICE, _("Notifications"), "justice-inbox", _member),
    (TOGETHER, _("Coordination"), "meetings", _may("coordination.view")),
    (TOGETHER, _("Memos"), "memos", _may("memo.send")),
    (TOGETHER, _("Contact points"), "contacts", _member),
    (FIGURES, _("Statistics"), "statistics-internal", _may("statistics.internal")),
    (FIGURES, _("Releases"), "statistics-releases", _may("statistics.publish")),
    (FIGURES, _("Public statistics"), "statistics-public",
     lambda user: not access.may(user, "statistics.internal")),
    (FIGURES, _("Monitoring"), "monitoring", _may("registry.record")),
    (FIGURES, _("Questionnaire campaigns"), "campaigns", _may("campaign.manage")),
    (SYSTEM, _("Users"), "admin-users", _may("user.manage")),
    (SYSTEM, _("Pending role grants"), "admin-requests", _may("user.manage")),
    (SYSTEM, _("Organisations"), "admin-organisations", _may("organisation.manage")),
    (SYSTEM, _("Audit trail"), "audit-list", _may("audit.view")),
    (SYSTEM, _("Import"), "import-page", _may("import.run")),
    (SYSTEM, _("Scheduled jobs"), "job-list", _may("jobs.view")),
]


def _current(path: str, url: str) -> bool:
    return path == url if url == "/" else path.startswith(url)


def menu_for(user, path: str = "") -> list[dict]:
    """The role's entries in menu order, each with its group; the one whose address is the
    longest prefix of `path` is current."""
    items = [{"group": group, "label": label, "url": reverse(name)}
             for group, label, name, shown in MENU if shown(user)]
    if user.is_staff:
        items.append({"group": SYSTEM, "label": _("Administration"), "url": reverse("admin:index")})
    items.insert(0, {"group": None, "label": _("Home"), "url": reverse("dashboard")})
    matches = [item for item in items if _current(path, item["url"])]
    if matches:
        max(matches, key=lambda item: len(item["url"]))["current"] = True
    previous = object()
    for item in items:
        item["starts_group"] = item["group"] is not None and item["group"] != previous
        previous = item["group"]
    return items
