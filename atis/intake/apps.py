from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "atis.intake"
    label = "intake"
    verbose_name = _("Reports")

    def ready(self):
        from atis.core import record as case_record
        from atis.intake import policy, record

        policy.register()  # its actions and visibility rules, to atis.core.access
        case_record.register(10, record.section)  # its section of the case record
