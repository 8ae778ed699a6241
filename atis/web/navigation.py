"""The menu each role sees. An entry appears only where the access policy lets the role in."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from atis.core import access

# (label, url name, action the access policy must allow)
MENU = [
    (_("Dashboard"), "dashboard", None),
    (_("People"), "person-list", "person.view"),
    (_("Audit trail"), "audit-list", "audit.view"),
]


def menu_for(user) -> list[dict]:
    items = [{"label": label, "url": reverse(name)} for label, name, action in MENU
             if action is None or access.may(user, action)]
    if user.is_staff:
        items.append({"label": _("Administration"), "url": reverse("admin:index")})
    return items
