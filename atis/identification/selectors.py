"""Reads of procedures, alerts and decisions, through the access policy: the work queue,
overdue lists, pending cases at year end, and the case timeline."""

import datetime

from django.db.models import (
    Case,
    Count,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from atis.core import access
from atis.core.models import Membership, User
from atis.core.paging import head
from atis.identification import policy as identification_policy
from atis.identification.models import Alert, Decision, Interview, Procedure
from atis.intake import policy as intake_policy
from atis.intake.models import Report
from atis.reference import selectors as reference

OPEN_STATUSES = (Procedure.Status.OPEN, Procedure.Status.AWAITING_APPROVAL,
                 Procedure.Status.SUSPENDED)


def overdue_q(now) -> Q:
    """Overdue: open past the decision date, or with an alert not sent in 24 hours (the
    earliest unsent alert, denormalised on the procedure: one table, no join). With
    OVERDUE_CANDIDATES, an ordered scan of the index ident_proc_overdue."""
    return (Q(status__in=OPEN_STATUSES, target_date__lt=timezone.localdate(now))
            | Q(alert_due_at__lt=now))


# The predicate of the index ident_proc_overdue, which `overdue_q` implies: stated with it
# so that the planner need not prove the implication.
OVERDUE_CANDIDATES = Q(status__in=OPEN_STATUSES) | Q(alert_due_at__isnull=False)


def _interview_count():
    """A correlated count, so that a page of 50 procedures counts 50 times, not the whole
    filtered set before LIMIT."""
    counted = (Interview.objects.filter(procedure=OuterRef("pk")).order_by()
               .annotate(n=Func(F("pk"), function="COUNT")).values("n"))
    return Subquery(counted, output_field=IntegerField())


def procedure_list(*, user, status: str | None = None, caseworker: int | None = None,
                   overdue: bool | None = None, pending_on: datetime.date | None = None
                   ) -> QuerySet[Procedure]:
    """Procedures the user may see. `overdue`: past the decision date or with an alert
    not sent in 24 hours. `pending_on`: open on that day (e.g. 31 December)."""
    now = timezone.now()
    qs = (identification_policy.visible_procedures(user)
          .select_related("person", "report", "lead_caseworker")
          .annotate(alerts_overdue=Case(When(alert_due_at__lt=now, then=Value(True)),
                                        default=Value(False)),
                    interview_count=_interview_count()))
    if status:
        qs = qs.filter(status=status)
    if caseworker:
        qs = qs.filter(lead_caseworker_id=caseworker)
    if overdue is not None:
        qs = qs.filter(OVERDUE_CANDIDATES, overdue_q(now)) if overdue else qs.exclude(overdue_q(now))
    if pending_on is not None:
        qs = qs.filter(opened_at__date__lte=pending_on).filter(
            Q(closed_at__isnull=True) | Q(closed_at__date__gt=pending_on))
    return qs.order_by("-particular_urgency", "target_date", "pk")


def procedure_get(*, user, pk: int) -> Procedure:
    return access.get_visible(user, identification_policy.visible_procedures(user).select_related(
        "person", "report", "lead_caseworker"), "procedure.view", pk=pk)


def alert_list(*, user, overdue: bool | None = None) -> QuerySet[Alert]:
    qs = identification_policy.visible_alerts(user).select_related("procedure__person", "procedure__report",
                                                    "organisation")
    if overdue:
        qs = qs.filter(sent_at__isnull=True, due_at__lt=timezone.now())
    return qs


def decisions_awaiting_approval(*, user) -> QuerySet[Decision]:
    access.require(user, "procedure.approve")
    return (Decision.objects.filter(state=Decision.State.PROPOSED,
                                    procedure__in=identification_policy.visible_procedures(user))
            .select_related("procedure__person", "decided_by"))


def caseload(*, user) -> list[dict]:
    """Open procedures by lead caseworker, the busiest first: all of them for a manager;
    a caseworker's own and their team's (the leads they cover for). Counted from the
    index of open procedures by lead (ident_proc_open_lead), never through the caseload
    of assignments, which keeps every closed case too."""
    qs = Procedure.objects.filter(status__in=OPEN_STATUSES)
    if not access.may(user, "procedure.approve"):
        leads = [user.pk]
        team_id = user.membership.team_id if user.membership else None
        if team_id:
            leads += Membership.objects.filter(team_id=team_id, active=True).values_list(
                "user_id", flat=True)
        qs = qs.filter(lead_caseworker__in=leads)
    counts = list(qs.order_by().values("lead_caseworker").annotate(count=Count("pk")))
    names = {user.pk: user.get_full_name() or user.username for user in User.objects.filter(
        pk__in=[r["lead_caseworker"] for r in counts]).only("username", "first_name", "last_name")}
    rows = [{"lead_caseworker": r["lead_caseworker"], "name": names.get(r["lead_caseworker"]),
             "count": r["count"]} for r in counts]
    return sorted(rows, key=lambda r: (-r["count"], r["name"] or ""))


def _overdue(*, user, caseworker: int | None, now) -> QuerySet:
    """The overdue procedures the user sees, in queue order."""
    qs = identification_policy.visible_procedures(user).filter(OVERDUE_CANDIDATES, overdue_q(now))
    if caseworker:
        qs = qs.filter(lead_caseworker_id=caseworker)
    return qs.order_by("-particular_urgency", "target_date", "pk")


# A widget of the queue counts up to here ("100+"): enough to say how much waits, and
# each row past the first 10 it counts is a probe of the caseworker's caseload.
QUEUE_BOUND = 100


def work_queue(*, user, caseworker: int | None = None) -> dict:
    """The Centre's queue: new reports, open procedures, overdue alerts and procedures
    (each its first 10 and a count bounded at QUEUE_BOUND, atis.core.paging: the queue
    never counts the 200,000 untriaged reports of a year), decisions awaiting approval,
    caseload by caseworker."""
    access.require(user, "procedure.view")
    now = timezone.now()
    lists = {
        "new_reports": (intake_policy.visible_reports(user).filter(status=Report.Status.RECEIVED)
                        .order_by("received_at", "pk"), None),
        "overdue_procedures": (_overdue(user=user, caseworker=caseworker, now=now),
                               Procedure.objects.select_related("person")),
        "overdue_alerts": (alert_list(user=user, overdue=True), None),
    }
    if access.may(user, "procedure.approve"):
        lists["awaiting_approval"] = (decisions_awaiting_approval(user=user), None)
    queue = {"procedures": procedure_list(user=user, caseworker=caseworker)
             .filter(status__in=OPEN_STATUSES), "caseload": caseload(user=user), "counts": {}}
    for name, (qs, rows) in lists.items():
        queue[name], queue["counts"][name] = head(qs, 10, rows=rows, bound=QUEUE_BOUND)
    return queue


def timeline(*, procedure: Procedure) -> list[dict]:
    """Everything that happened in a case, oldest first (the caller has the procedure
    through `procedure_get`, so access was checked)."""
    report = procedure.report
    events = [{"at": report.received_at, "kind": "report", "text": _("Report %(ref)s received")
               % {"ref": report.reference}},
              {"at": procedure.opened_at, "kind": "opened",
               "text": _("Identification procedure opened: presumed victim")}]
    for alert in procedure.alerts.select_related("organisation"):
        if alert.sent_at:
            events.append({"at": alert.sent_at, "kind": "alert",
                           "text": _("Alert sent: %(to)s") % {"to": alert.organisation}})
    for interview in procedure.interviews.all():
        # An interview has a date only; recorded the same day, its recording time orders it.
        recorded = timezone.localtime(interview.recorded_at)
        moment = recorded if recorded.date() == interview.held_on else timezone.make_aware(
            datetime.datetime.combine(interview.held_on, datetime.time(12)))
        events.append({"at": moment, "kind": "interview", "text": _("Interview (%(mode)s)")
                       % {"mode": reference.label("interview_mode", interview.mode)}})
    for note in procedure.notes.select_related("author"):
        events.append({"at": note.created_at, "kind": "note",
                       "text": _("Note by %(user)s") % {
                           "user": note.author.get_full_name() or note.author.get_username()}})
    for decision in procedure.decisions.all():
        events.append({"at": decision.decided_at, "kind": "decision",
                       "text": _("Decision proposed: %(outcome)s")
                       % {"outcome": decision.get_outcome_display()}})
        if decision.approved_at:
            events.append({"at": decision.approved_at, "kind": "approved",
                           "text": _("Decision approved: %(outcome)s")
                           % {"outcome": decision.get_outcome_display()}})
        if decision.person_informed_at:
            events.append({"at": decision.person_informed_at, "kind": "informed",
                           "text": _("The person was informed of the outcome")})
    return sorted(events, key=lambda e: e["at"])
