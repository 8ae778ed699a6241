from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from knox.models import AuthToken

from atis.core import services, tokens
from atis.core.models import User


class Command(BaseCommand):
    help = ("API tokens. `atis tokens create --user U [--hours N]` prints a new token once "
            "(at most ATIS_TOKEN_HOURS); `atis tokens list --user U` shows a user's live "
            "tokens; `atis tokens revoke --user U [--id ID | --all]` revokes them.")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create", "list", "revoke"])
        parser.add_argument("--user", required=True)
        parser.add_argument("--hours", type=int, help="validity in hours (capped at ATIS_TOKEN_HOURS)")
        parser.add_argument("--days", type=int, help="validity in days (capped at ATIS_TOKEN_HOURS)")
        parser.add_argument("--id", dest="key", help="the token's id (revoke)")
        parser.add_argument("--all", action="store_true", help="every token of the user (revoke)")

    def handle(self, *args, action, user, hours, days, key, all, **options):
        if action == "create":
            return self._create(user, hours, days)
        account = User.objects.filter(username=user).first()
        if account is None:
            raise CommandError(f"no user {user!r}", returncode=2)
        live = tokens.live(AuthToken.objects.filter(user=account).order_by("-created"))
        if action == "list":
            for token in live:
                self.stdout.write(f"{token.token_key}  created {token.created:%Y-%m-%d %H:%M}  "
                                  f"expires {token.expiry:%Y-%m-%d %H:%M}")
            return None
        if bool(key) == bool(all):
            raise CommandError("revoke takes --id ID or --all", returncode=2)
        chosen = list(live if all else live.filter(token_key=key))
        if not chosen:
            raise CommandError("no such live token", returncode=2)
        for token in chosen:
            services.token_revoke(actor="cli", token=token)
        self.stdout.write(f"tokens revoked: {len(chosen)}")
        return None

    def _create(self, user, hours, days):
        if hours is not None and days is not None:
            raise CommandError("give --hours or --days, not both", returncode=2)
        requested = hours if hours is not None else (days * 24 if days is not None else None)
        if requested is not None and requested < 1:
            raise CommandError("the validity must be at least one hour", returncode=2)
        account = User.objects.filter(username=user, is_active=True).first()
        if account is None or account.membership is None:
            raise CommandError(f"no active user {user!r} with an active membership", returncode=2)
        if requested is not None and requested > settings.TOKEN_HOURS:
            self.stderr.write(f"the validity is capped at ATIS_TOKEN_HOURS={settings.TOKEN_HOURS}")
        _instance, token = services.token_create(actor="cli", user=account, hours=requested,
                                                 channel="cli")
        self.stdout.write(token)
        return None

