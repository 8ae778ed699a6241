"""Synthetic coordination: the national group (overdue for a meeting), a local team, memos
with and without replies, and contact points (one stale)."""

import datetime

from django.utils import timezone

from atis.coordination import services
from atis.coordination.models import CoordinationGroup
from atis.core.models import Organisation, User


def generate(*, rng, scale: int, users, out) -> None:
    if CoordinationGroup.objects.exists():
        return
    today = timezone.localdate()
    coordinator = users["coordinator"]
    org = {o.code: o for o in Organisation.objects.filter(code__in=[
        "national-coordinator", "centre", "mup", "hppo-novi-sad", "pu-novi-sad", "csw-novi-sad",
        "astra", "atina", "nes", "pu-nis", "school-gimnazija-jj-zmaj-novi-sad"])}
    national = services.group_create(actor=coordinator, kind="national",
                                     name="Group for Coordination and Cooperation",
                                     convenor=org["national-coordinator"])
    services.meeting_record(actor=coordinator, group=national, held_on=today - datetime.timedelta(days=20),
                            organisations=[org["centre"], org["mup"], org["hppo-novi-sad"]],
                            decisions="Review of open cases; labour inspection to join.",
                            minutes="(demo) minutes", tasks=[{
                                "description": "Propose a joint training", "owner": org["centre"],
                                "due_on": today + datetime.timedelta(days=10)}])
    local = services.group_create(actor=coordinator, kind="local_team", name="Local team Novi Sad",
                                  convenor=org["csw-novi-sad"], municipality="Novi Sad",
                                  meets_every_days=60)
    services.meeting_record(actor=coordinator, group=local, held_on=today - datetime.timedelta(days=7),
                            organisations=[org["csw-novi-sad"], org["pu-novi-sad"]])
    sender = User.objects.get(username="partner")
    for n in range(6 * scale):
        memo = services.memo_send(actor=sender, recipient=rng.choice([org["pu-novi-sad"], org["pu-nis"],
                                                                      org["school-gimnazija-jj-zmaj-novi-sad"]]),
                                  kind=rng.choice(["letter", "request", "referral"]),
                                  sent_on=today - datetime.timedelta(days=30 + n),
                                  due_on=today - datetime.timedelta(days=15 + n))
        if n % 3 == 0:
            services.memo_response(actor=sender, memo=memo, response="written",
                                   responded_on=today)
    services.contact_point_save(actor=coordinator, organisation=org["hppo-novi-sad"],
                                kind="prosecutor_contact", function="Contact prosecutor for THB",
                                phone="021 000 000", last_confirmed_on=today - datetime.timedelta(days=30))
    services.contact_point_save(actor=coordinator, organisation=org["nes"], kind="employment_service",
                                function="THB representative, Novi Sad branch",
                                last_confirmed_on=today - datetime.timedelta(days=400))
    out("  coordination groups, meetings, memos and contact points")
