from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferenceConfig(AppConfig):
    name = "atis.reference"
    label = "reference"
    verbose_name = _("Reference data")

    def ready(self):
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import post_delete, post_save

        from atis.reference import policy, selectors
        from atis.reference.models import Term

        policy.register()  # its actions and visibility rules, to atis.core.access
        # The cached labels of the `term` filter (reference.selectors.label).
        post_save.connect(selectors.terms_changed, sender=Term, dispatch_uid="atis.terms.saved")
        post_delete.connect(selectors.terms_changed, sender=Term, dispatch_uid="atis.terms.deleted")
        request_started.connect(selectors.request_begins, dispatch_uid="atis.terms.request")
        request_finished.connect(selectors.request_ends, dispatch_uid="atis.terms.request_end")
