"""Synthetic protection: consents, conferences, plans with tasks for the Centre and Atina,
services, Shelter stays and a refused placement. Deterministic for a given seed."""

import datetime

from django.utils import timezone

from atis.core.models import Organisation
from atis.identification.models import Procedure
from atis.protection import services
from atis.protection.models import ProtectionPlan, ShelterSite, ShelterStay

SERVICES = ["information", "psychological_support", "legal_support", "medical_examination",
            "beneficiary_interview", "transport_escort"]


def generate(*, rng, scale: int, users, out) -> None:
    if ProtectionPlan.objects.exists():
        return
    today = timezone.localdate()
    caseworker, manager = users["caseworker"], users["manager"]
    org = {code: Organisation.objects.get(code=code)
           for code in ["centre", "atina", "shelter", "csw-novi-sad", "csw-nis"]}
    if not ShelterSite.objects.exists():
        services.shelter_site_set(actor=manager, shelter=org["shelter"],
                                  address="(demo) the address is known to shelter staff only",
                                  capacity=12)
    # A full Shelter admits no one more (at larger scales most women are not admitted).
    places = ShelterSite.objects.get(organisation=org["shelter"]).capacity - \
        ShelterStay.objects.filter(shelter=org["shelter"], left_on__isnull=True).count()
    identified = Procedure.objects.filter(status="identified").select_related("person")
    plans = 0
    for n, procedure in enumerate(identified):
        person = procedure.person
        child = procedure.is_child
        given_by = "guardian" if child else "person"
        services.consent_record(actor=caseworker, person=person, organisation=org["atina"],
                                area="psychological_support", given_by=given_by,
                                share_identity=n % 2 == 0)
        conference = services.conference_record(
            actor=caseworker, person=person, held_on=today, victim_participated=not child,
            organisations=[org["centre"], org["atina"]], decisions="Support network agreed.")
        tasks = [{"area": "psychological_support", "goal": "Weekly counselling",
                  "organisation": org["atina"], "due_on": today + datetime.timedelta(days=14)},
                 {"area": "safety", "goal": "Risk assessment and safety plan",
                  "organisation": org["centre"], "due_on": today + datetime.timedelta(days=7)}]
        csw = None
        if child:
            services.consent_record(actor=caseworker, person=person, organisation=org["csw-novi-sad"],
                                    area="guardianship", given_by="guardian")
            tasks.append({"area": "guardianship", "goal": "Guardian appointed",
                          "organisation": org["csw-novi-sad"],
                          "due_on": today + datetime.timedelta(days=5)})
            csw = org["csw-novi-sad"]
        services.plan_create(actor=caseworker, person=person, conference=conference, tasks=tasks,
                             social_work_centre=csw)
        for _ in range(rng.randint(1, 4)):
            services.service_record(actor=caseworker, person=person, service=rng.choice(SERVICES),
                                    delivered_on=person.first_known_on)
        if person.sex == "female" and not child and n % 3 == 0 and places > 0:
            places -= 1
            services.stay_admit(actor=caseworker, person=person, shelter=org["shelter"],
                                admitted_on=today)
        if child and n % 2:
            services.placement_refusal_record(
                actor=caseworker, person=person, kind="child_institution", organisation=org["csw-nis"],
                requested_on=today, refused_on=today, reason="No free places")
        plans += 1
    out(f"  {plans} protection plans with services")
