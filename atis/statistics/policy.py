"""The statistics app's part of the access policy (atis.core.access): its actions. Who
publishes a release is configured (RELEASE_PUBLISHERS, from ATIS_RELEASE_PUBLISHERS)."""

from django.conf import settings
from django.core.signals import setting_changed

from atis.core import access
from atis.core.roles import Role

ACTIONS = {
    "statistics.internal": frozenset({Role.CENTRE_MANAGER, Role.COORDINATOR_ANALYST,
                                      Role.RAPPORTEUR}),
}


def publishers() -> frozenset[str]:
    return frozenset(settings.RELEASE_PUBLISHERS)


def register() -> None:
    access.register_actions("statistics", {**ACTIONS, "statistics.publish": publishers()})
    setting_changed.connect(_publishers_changed, dispatch_uid="atis.statistics.publishers")


def _publishers_changed(*, setting, **_kwargs) -> None:
    """A changed setting (tests override it) changes who may publish."""
    if setting == "RELEASE_PUBLISHERS":
        access.register_actions("statistics", {"statistics.publish": publishers()})
