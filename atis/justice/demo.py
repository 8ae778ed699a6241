"""Synthetic criminal proceedings: a case per identified victim alerted to the Novi Sad
police, with events up to a release that opens a risk assessment, and a legal-assistance
request. Deterministic for a given seed."""

import datetime

from django.utils import timezone

from atis.core.models import Organisation
from atis.identification.models import Procedure
from atis.justice import services
from atis.justice.models import CriminalCase


def generate(*, rng, scale: int, users, out) -> None:
    if CriminalCase.objects.exists():
        return
    today = timezone.localdate()
    police, prosecutor = users["police"], users["prosecutor"]
    court = Organisation.objects.get(code="higher-court-novi-sad")
    procedures = Procedure.objects.filter(status="identified", alerts__recipient="police",
                                          alerts__organisation__code="pu-novi-sad",
                                          alerts__sent_at__isnull=False).select_related("person")
    cases = 0
    for n, procedure in enumerate(procedures[:3 * scale]):
        case = services.case_open(actor=police, opened_on=today - datetime.timedelta(days=120),
                                  offences=["art388_1"], police_number=f"KU-{100 + n}/2026",
                                  prosecutor_office=prosecutor.organisation,
                                  financial_investigation=n % 2 == 0)
        services.event_record(actor=police, case=case, kind="criminal_report", on=case.opened_on)
        defendant = services.defendant_add(actor=police, case=case, sex="male",
                                           birth_year=rng.randint(1965, 1995), citizenship="RS",
                                           role=rng.choice(["recruiter", "exploiter"]))
        services.damaged_party_add(actor=police, case=case, person=procedure.person.pseudonym)

        steps = [("investigation_ordered", 110), ("detention_ordered", 109),
                 ("investigation_closed", 60), ("indictment", 50)]
        if n % 2 == 0:
            steps.append(("detention_ended", -5))
        for kind, days_ago in steps:
            services.event_record(actor=prosecutor, case=case, kind=kind, defendant=defendant,
                                  on=today - datetime.timedelta(days=days_ago))
        services.event_record(actor=prosecutor, case=case, kind="hearing", court=court,
                              on=today + datetime.timedelta(days=20))
        cases += 1
    services.legal_assistance_record(actor=prosecutor, direction="outbound", type="general",
                                     country="HR", requested_on=today - datetime.timedelta(days=30))
    out(f"  {cases} criminal cases with events and notifications")
