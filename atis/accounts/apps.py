from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "atis.accounts"
    label = "accounts"
    verbose_name = _("Accounts and sign-in")

    def ready(self):
        from atis.accounts import schema, signals  # noqa: F401 (audit receivers, OpenAPI)
