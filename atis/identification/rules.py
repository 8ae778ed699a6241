"""The 24-hour alert rules and the procedure's deadlines (ARCHITECTURE.md §The case
lifecycle; the Centre's Rulebook, Dec 2024)."""

import datetime

from django.conf import settings

from atis.core.models import Organisation
from atis.core.roles import OrganisationType as T

ALERT_WINDOW = datetime.timedelta(hours=24)
SERBIA = "RS"

# Which organisation type may receive each kind of alert.
RECIPIENT_TYPES = {
    "police": {T.POLICE_ADMINISTRATION},
    "prosecutor": {T.PROSECUTOR_OFFICE},
    "social_work": {T.SOCIAL_WORK_CENTRE},
    "labour_inspection": {T.LABOUR_INSPECTION},
    "foreigners_administration": {T.MINISTRY, T.POLICE_ADMINISTRATION},
}


def age_at(birth_date: datetime.date | None, birth_year: int | None, day: datetime.date) -> int | None:
    if birth_date:
        return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
    return day.year - birth_year if birth_year else None


def is_foreign(citizenship_codes: list[str]) -> bool:
    """A foreign national: citizenship known and not Serbian."""
    return bool(citizenship_codes) and SERBIA not in citizenship_codes


def alert_recipients(*, is_child: bool, is_foreign: bool, forms: list[str]) -> list[str]:
    """Police and the prosecutor always; social work for a child; labour inspection for
    labour exploitation; the Administration for Foreigners for a foreign national."""
    recipients = ["police", "prosecutor"]
    if is_child:
        recipients.append("social_work")
    if "labour" in forms:
        recipients.append("labour_inspection")
    if is_foreign:
        recipients.append("foreigners_administration")
    return recipients


def default_organisation(recipient: str, report) -> Organisation | None:
    """The obvious addressee where there is one; the caseworker confirms when sending."""
    if recipient == "foreigners_administration":
        return Organisation.objects.filter(code="mup-foreigners").first()
    source = report.source_organisation
    if source is not None and source.type in RECIPIENT_TYPES[recipient]:
        return source
    if recipient == "labour_inspection":
        return Organisation.objects.filter(type=T.LABOUR_INSPECTION, active=True).first()
    return None


def target_date(received: datetime.date, particular_urgency: bool) -> datetime.date:
    days = settings.IDENTIFICATION_URGENT_DAYS if particular_urgency else settings.IDENTIFICATION_DAYS
    return received + datetime.timedelta(days=days)
