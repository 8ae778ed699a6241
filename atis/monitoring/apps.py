from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "atis.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self):
        from atis.monitoring import policy

        policy.register()  # its actions and visibility rules, to atis.core.access
