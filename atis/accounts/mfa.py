"""Who must use two-step verification (MFA_POLICY), and who has it."""

from django.conf import settings
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from atis.core import access
from atis.core.roles import Role

# Every role that can see identities, and administrators.
MFA_ROLES = access.ROLE_ACTIONS["person.view_identity"] | {Role.ADMIN}
RECOVERY_DEVICE = "recovery"
TOTP_DEVICE = "authenticator"


def required_for(user) -> bool:
    return settings.MFA_POLICY == "required" and access.role_of(user) in MFA_ROLES


def enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def has_device(user) -> bool:
    return user_has_device(user, confirmed=True)


def verified(user) -> bool:
    return bool(getattr(user, "is_verified", lambda: False)())


def must_enrol(user) -> bool:
    return required_for(user) and not enrolled(user)


def recovery_left(user) -> int:
    device = StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE).first()
    return device.token_set.count() if device else 0
