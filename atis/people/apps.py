from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "atis.people"
    label = "people"
    verbose_name = _("People")

    def ready(self):
        from atis.people import policy

        policy.register()  # its actions and visibility rules, to atis.core.access
