from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtectionConfig(AppConfig):
    name = "atis.protection"
    label = "protection"
    verbose_name = _("Protection")

    def ready(self):
        from atis.protection import policy

        policy.register()  # its actions and visibility rules, to atis.core.access
