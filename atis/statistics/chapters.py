from django.utils.translation import gettext_lazy as _

CHAPTER_TITLES = {
    "reports_identification": _("Reports and identification"),
    "victims": _("Victims"),
    "children": _("Children"),
    "foreign_victims": _("Foreign victims"),
    "protection": _("Protection and the Shelter"),
    "criminal_proceedings": _("Criminal proceedings"),
    "cooperation": _("Cooperation"),
}
