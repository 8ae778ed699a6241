from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JusticeConfig(AppConfig):
    name = "atis.justice"
    label = "justice"
    verbose_name = _("Criminal proceedings")

    def ready(self):
        from atis.core import record as case_record
        from atis.justice import policy, record

        policy.register()  # its actions and visibility rules, to atis.core.access
        case_record.register(40, record.section)  # its section of the case record
