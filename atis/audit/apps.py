from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "atis.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self):
        from atis.audit import policy, signals  # noqa: F401  (login, logout, failed login)

        policy.register()  # its actions, to atis.core.access
