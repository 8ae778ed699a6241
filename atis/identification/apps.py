from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentificationConfig(AppConfig):
    name = "atis.identification"
    label = "identification"
    verbose_name = _("Identification")

    def ready(self):
        from atis.identification import policy

        policy.register()  # its actions and visibility rules, to atis.core.access
