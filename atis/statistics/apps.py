from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    name = "atis.statistics"
    label = "statistics"
    verbose_name = _("Statistics")

    def ready(self):
        from atis.statistics import policy, receivers

        policy.register()  # its actions and visibility rules, to atis.core.access
        receivers.connect()  # the facts follow the records they are derived from
