from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtectionConfig(AppConfig):
    name = "atis.protection"
    label = "protection"
    verbose_name = _("Protection")

    def ready(self):
        from atis.core import record as case_record
        from atis.protection import policy, record

        policy.register()  # its actions and visibility rules, to atis.core.access
        case_record.register(30, record.section)  # its section of the case record
