from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferenceConfig(AppConfig):
    name = "atis.reference"
    label = "reference"
    verbose_name = _("Reference data")

    def ready(self):
        from atis.reference import policy

        policy.register()  # its actions and visibility rules, to atis.core.access
