from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "atis.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        from atis.search import policy

        policy.register()  # its action, to atis.core.access
