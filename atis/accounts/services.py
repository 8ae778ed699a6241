"""Writes of the accounts app: enrolling an authenticator, recovery codes, checking a code,
unlocking a locked account. Each is audited; no secret ever reaches the audit trail."""

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from atis.accounts import mfa
from atis.audit import services as audit
from atis.core import access
from atis.core.errors import DomainError

RECOVERY_CODES = 10


def normalise_code(code: str) -> str:
    return "".join((code or "").split()).replace("-", "").lower()[:32]


@transaction.atomic
def totp_start(*, user) -> TOTPDevice:
    """The unconfirmed authenticator being set up (a new secret if there is none)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=mfa.TOTP_DEVICE, confirmed=False)
    return device


def totp_confirm(*, user, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the authenticator with its first code; returns the new recovery codes."""
    if device.user_id != user.pk or device.confirmed:
        raise DomainError({"code": _("Start the set-up again.")})
    if not device.verify_token(normalise_code(code)):
        audit.record(user, "auth.mfa_failed", None, step="enrol")
        raise DomainError({"code": _("This code is not right. Check the time on your phone "
                                     "and enter the code it shows now.")})
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(user)
        audit.record(user, "auth.mfa_enrolled", None, recovery_codes=len(codes))
    return codes


def _new_recovery_codes(user) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=mfa.RECOVERY_DEVICE, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _n in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


@transaction.atomic
def recovery_regenerate(*, user) -> list[str]:
    if not mfa.enrolled(user):
        raise DomainError({"non_field_errors": _("Set up an authenticator first.")})
    codes = _new_recovery_codes(user)
    audit.record(user, "auth.recovery_codes_created", None, recovery_codes=len(codes))
    return codes


def code_check(*, user, code: str, channel: str = "web"):
    """The device that accepts `code` (a current authenticator code or an unused recovery
    code, which is then spent), or None. Each device slows down after wrong codes."""
    token = normalise_code(code)
    if token:
        # Six digits are an authenticator's code, anything else a recovery code: a device
        # is asked only for its own kind, so one kind's mistakes do not slow the other.
        kind = TOTPDevice if token.isdigit() else StaticDevice
        for device in devices_for_user(user, confirmed=True):
            if isinstance(device, kind) and device.verify_token(token):
                if isinstance(device, StaticDevice):
                    audit.record(user, "auth.recovery_code_used", None, channel=channel,
                                 recovery_codes_left=device.token_set.count())
                else:
                    audit.record(user, "auth.mfa_verified", None, channel=channel)
                return device
    audit.record(user, "auth.mfa_failed", None, step="sign_in", channel=channel)
    return None


def locked_accounts() -> list[dict]:
    """Usernames whose failures within the cool-off reach the limit (read for the unlock
    page; only administrators are shown it)."""
    from axes.models import AccessAttempt
    from django.conf import settings
    from django.db.models import Max, Sum
    from django.utils import timezone

    since = timezone.now() - settings.AXES_COOLOFF_TIME
    rows = (AccessAttempt.objects.filter(attempt_time__gte=since).values("username")
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=settings.AXES_FAILURE_LIMIT).order_by("-last"))
    return [{**row, "until": row["last"] + settings.AXES_COOLOFF_TIME} for row in rows]


@transaction.atomic
def lockout_reset(*, actor, username: str) -> int:
    """Unlock `username` (administrators only); returns the number of records cleared."""
    access.require(actor, "user.manage")
    username = (username or "").strip()
    if not username:
        raise DomainError({"username": _("Name the account to unlock.")})
    cleared = AxesProxyHandler.reset_attempts(username=username)
    user = get_user_model().objects.filter(username=username).first()
    audit.record(actor, "auth.unlock", user, known_user=user is not None, cleared=cleared)
    return cleared


def password_changed(*, user) -> None:
    """After the user changed their own password (a one-time password no longer applies)."""
    one_time = bool(getattr(user, "password_change_required", False))
    if one_time:
        get_user_model().objects.filter(pk=user.pk).update(password_change_required=False)
        user.password_change_required = False
    audit.record(user, "auth.password_changed", user, one_time=one_time)
