from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "atis.coordination"
    label = "coordination"
    verbose_name = _("Coordination")

    def ready(self):
        from atis.coordination import policy, record
        from atis.core import record as case_record

        policy.register()  # its actions and visibility rules, to atis.core.access
        case_record.register(50, record.section)  # its section of the case record
