from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "atis.intake"
    label = "intake"
    verbose_name = _("Reports")

    def ready(self):
        from atis.intake import policy

        policy.register()  # its actions and visibility rules, to atis.core.access
