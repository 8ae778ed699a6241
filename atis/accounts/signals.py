"""Audit of lock-outs (failed sign-ins are audited by atis.audit.signals), and the start of
the idle clock at sign-in. As there, only a known account is named: what was typed into
the username field is not written to the trail."""

import time

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from atis.accounts.middleware import LAST_ACTIVITY
from atis.audit import services as audit


def known_user(username):
    return get_user_model().objects.filter(username=username).first() if username else None


def channel(request) -> str:
    path = getattr(request, "path_info", "") or ""
    if path.startswith("/api/"):
        return "api"
    if path.startswith("/admin/"):
        return "admin"
    return "web"


@receiver(user_locked_out)
def audit_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    user = known_user(username)
    audit.record(user, "auth.locked_out", user, known_user=user is not None,
                 channel=channel(request))


@receiver(user_logged_in)
def start_idle_clock(sender, request=None, user=None, **kwargs):
    session = getattr(request, "session", None)
    if session is not None:
        session[LAST_ACTIVITY] = int(time.time())
