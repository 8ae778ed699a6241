from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentificationConfig(AppConfig):
    name = "atis.identification"
    label = "identification"
    verbose_name = _("Identification")

    def ready(self):
        from atis.core import record as case_record
        from atis.identification import policy, record, services
        from atis.people.signals import case_reassigned

        policy.register()  # its actions and visibility rules, to atis.core.access
        case_record.register(20, record.section)  # its section of the case record
        case_reassigned.connect(services.lead_follows_reassignment,
                                dispatch_uid="identification.lead_follows_reassignment")
