from django.core.management.base import CommandError

from atis.core import services
from atis.core.commands import AtisCommand
from atis.core.models import Organisation, Team, User
from atis.core.roles import Role


class Command(AtisCommand):
    help = ("Memberships from the console (the operator; no second administrator is asked): "
            "`atis memberships grant --user U --organisation CODE --role ROLE [--team NAME]`, "
            "`atis memberships end --user U`. Audited as the console.")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["grant", "end"])
        parser.add_argument("--user", required=True)
        parser.add_argument("--organisation")
        parser.add_argument("--role", choices=Role.values)
        parser.add_argument("--team")

    def handle(self, *args, action, user, organisation, role, team, **options):
        account = User.objects.filter(username=user).first()
        if account is None:
            raise CommandError(f"no user {user!r}", returncode=2)
        if action == "end":
            ended = services.membership_end(actor="cli", user=account)
            self.stdout.write(f"memberships ended: {ended}")
            return
        if not organisation or not role:
            raise CommandError("grant takes --organisation and --role", returncode=2)
        org = Organisation.objects.filter(code=organisation).first()
        if org is None:
            raise CommandError(f"no organisation {organisation!r}", returncode=2)
        team_obj = Team.objects.filter(organisation=org, name=team).first() if team else None
        if team and team_obj is None:
            raise CommandError(f"no team {team!r} in {organisation}", returncode=2)
        services.membership_grant(actor="cli", user=account, organisation=org, role=role,
                                  team=team_obj)
        self.stdout.write(f"{account.username}: {role} @ {org.code}")
