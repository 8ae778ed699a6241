"""Reads of the justice track, through the access policy: cases, their timelines per
defendant and per victim, inboxes of notifications, risk assessments, non-punishment flags
and legal assistance."""

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from atis.core import access
from atis.justice import policy as justice_policy
from atis.justice.models import (
    CriminalCase,
    DamagedParty,
    Defendant,
    ImpunityFlag,
    LegalAssistanceRequest,
    Notification,
    ProceedingEvent,
    RiskAssessment,
)
from atis.people import policy as people_policy


def case_list(*, user) -> QuerySet[CriminalCase]:
    access.require(user, "case.view")
    return (justice_policy.visible_cases(user)
            .select_related("police_administration", "prosecutor_office")
            .prefetch_related("offences"))


def case_get(*, user, pk: int) -> CriminalCase:
    """The case with everything its page and its API answer show, fetched once (a query
    per relation, not per defendant, party or event)."""
    access.require(user, "case.view")
    return access.get_visible(user, justice_policy.visible_cases(user).select_related(
        "police_administration", "prosecutor_office").prefetch_related(
        "offences", Prefetch("defendants", Defendant.objects.select_related("citizenship")),
        Prefetch("damaged_parties", DamagedParty.objects.select_related("person")),
        Prefetch("events", ProceedingEvent.objects.select_related(
            "defendant", "damaged_party__person", "court"))), "case.view", pk=pk)


def case_timeline(*, case: CriminalCase) -> dict:
    """Events per defendant and per damaged party (and those of the whole case)."""
    events = list(case.events.all())
    return {
        "case": [e for e in events if e.defendant_id is None and e.damaged_party_id is None],
        "defendants": [(d, [e for e in events if e.defendant_id == d.pk])
                       for d in case.defendants.all()],
        "victims": [(p, [e for e in events if e.damaged_party_id == p.pk]
                     + [e for e in events if e.damaged_party_id is None])
                    for p in case.damaged_parties.all()],
    }


def overdue_notification_q() -> Q:
    """Notifications not read by the time they should have been acknowledged."""
    return Q(read_at__isnull=True, acknowledge_by__lt=timezone.now())


def notification_inbox(*, user, unread: bool | None = None,
                       overdue: bool | None = None) -> QuerySet[Notification]:
    """The user's notifications and their organisation's, the newest first."""
    qs = (justice_policy.visible_notifications(user)
          .select_related("event", "event__case", "person").order_by("-created_at", "-pk"))
    if unread:
        qs = qs.filter(read_at__isnull=True)
    if overdue:
        qs = qs.filter(overdue_notification_q())
    return qs


def risk_assessments(*, user, open_only: bool = True) -> QuerySet[RiskAssessment]:
    qs = justice_policy.visible_risk_assessments(user).select_related("person", "event", "organisation")
    return qs.filter(completed_at__isnull=True) if open_only else qs


def impunity_flags(*, user) -> QuerySet[ImpunityFlag]:
    access.require(user, "impunity.opinion")
    return ImpunityFlag.objects.filter(person__in=people_policy.visible_persons(user)).select_related(
        "person", "institution")


def legal_assistance(*, user) -> QuerySet[LegalAssistanceRequest]:
    access.require(user, "legal_assistance.view")
    return LegalAssistanceRequest.objects.select_related("country", "case")


def unacknowledged_overdue(*, user) -> int:
    return notification_inbox(user=user, overdue=True).count()

