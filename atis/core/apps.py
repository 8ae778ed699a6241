from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "atis.core"
    label = "core"
    verbose_name = _("Organisations and users")

    def ready(self):
        from django.core.signals import request_finished, request_started

        from atis.core import access
        from atis.core.roles import Role

        access.register_actions("core", {"organisation.manage": frozenset({Role.ADMIN}),
                                         "user.manage": frozenset({Role.ADMIN})})
        # Refusals audited inside a transaction that rolled back are written at the end
        # of the request (atis.core.access).
        request_started.connect(access.discard_refusals, dispatch_uid="atis.access.discard")
        request_finished.connect(access.flush_refusals, dispatch_uid="atis.access.flush")
