"""Demo organisations and one demo user per role (synthetic; no real person)."""

from atis.core import services
from atis.core.models import Organisation, Team, User
from atis.core.roles import Role

DEMO_PASSWORD = "Atis-demo-2026!"

# username → (organisation code, role, team name or None)
DEMO_USERS = {
    "reporter": ("pu-novi-sad", Role.REPORTER, None),
    "hotline": ("astra-sos", Role.HOTLINE_OPERATOR, None),
    "caseworker": ("centre", Role.CENTRE_CASEWORKER, "Identification team"),
    "manager": ("centre", Role.CENTRE_MANAGER, None),
    "shelter": ("shelter", Role.SHELTER_STAFF, None),
    "partner": ("atina", Role.PARTNER_CASEWORKER, None),
    "police": ("pu-novi-sad", Role.POLICE_OFFICER, None),
    "prosecutor": ("hppo-novi-sad", Role.PROSECUTOR, None),
    "court": ("higher-court-novi-sad", Role.COURT_STAFF, None),
    "coordinator": ("national-coordinator", Role.COORDINATOR_ANALYST, None),
    "rapporteur": ("rapporteur", Role.RAPPORTEUR, None),
    "admin": ("centre", Role.ADMIN, None),
}


def generate(*, rng, scale: int, out) -> dict[str, User]:
    services.organisations_load(actor="demo-data")
    users = {}
    for username, (org_code, role, team_name) in DEMO_USERS.items():
        organisation = Organisation.objects.get(code=org_code)
        users[username] = User.objects.filter(username=username).first()
        if users[username] is None:
            team = Team.objects.get_or_create(organisation=organisation, name=team_name)[0] \
                if team_name else None
            users[username] = services.user_create(
                actor="demo-data", username=username, password=DEMO_PASSWORD,
                organisation=organisation, role=role, team=team,
                first_name="Demo", last_name=str(Role(role).label))
        out(f"  {username:<12} {DEMO_PASSWORD}  {Role(role).label} @ {organisation.name_en}")
    return users
