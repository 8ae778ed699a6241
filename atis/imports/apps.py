from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "atis.imports"
    label = "imports"
    verbose_name = _("Legacy import")

    def ready(self):
        from atis.imports import policy

        policy.register()  # its actions and visibility rules, to atis.core.access
