from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "atis.jobs"
    label = "jobs"
    verbose_name = _("Scheduled jobs")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from atis.jobs import policy

        policy.register()  # its actions, to atis.core.access
        autodiscover_modules("tasks")  # each app's scheduled jobs, in every process
