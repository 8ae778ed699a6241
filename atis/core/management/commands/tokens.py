from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from knox.models import AuthToken

from atis.audit import services as audit
from atis.core.models import User


class Command(BaseCommand):
    help = "API tokens. `atis tokens create --user U [--days N]` prints a new token once."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create"])
        parser.add_argument("--user", required=True)
        parser.add_argument("--days", type=int, default=1, help="validity (1–365 days)")

    def handle(self, *args, action, user, days, **options):
        if not 1 <= days <= 365:
            raise CommandError("--days must be between 1 and 365", returncode=2)
        account = User.objects.filter(username=user, is_active=True).first()
        if account is None or account.membership is None:
            raise CommandError(f"no active user {user!r} with an active membership", returncode=2)
        _instance, token = AuthToken.objects.create(account, expiry=timedelta(days=days))
        audit.record("cli", "auth.token_created", None, user=account.pk, days=days)
        self.stdout.write(token)
