"""Test helpers: the code an authenticator app would show, and an enrolled user."""

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from atis.accounts import services


def totp_code(device, offset: int = 0) -> str:
    """The code `device` expects `offset` seconds from now (30: the next time step)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset
    return str(totp.token()).zfill(device.digits)


def enrol(user) -> tuple[TOTPDevice, list[str]]:
    """Set up an authenticator for `user` as the enrolment page does; (device, codes)."""
    device = services.totp_start(user=user)
    codes = services.totp_confirm(user=user, device=device, code=totp_code(device))
    device.refresh_from_db()
    return device, codes
