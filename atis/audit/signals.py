from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from atis.audit.services import record


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    record(user, "auth.login")


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(user, "auth.logout")


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # Only a known account is named: a mistyped password in the username field must not
    # end up in the trail.
    username = credentials.get("username") or ""
    user = get_user_model().objects.filter(username=username).first() if username else None
    record(user, "auth.login_failed", known_user=user is not None)
