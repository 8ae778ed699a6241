"""Reads of coordination, through the access policy: overdue groups, meetings (minutes
for the Centre and the Coordinator only), memos and per-recipient response rates, the
contact-points directory."""

import datetime

from django.conf import settings
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone

from atis.coordination import policy as coordination_policy
from atis.coordination.models import ContactPoint, CoordinationGroup, Meeting, MeetingTask, Memo
from atis.core import access
from atis.core.roles import CENTRE_ROLES


def groups(*, user) -> QuerySet[CoordinationGroup]:
    access.require(user, "coordination.view")
    return (CoordinationGroup.objects.filter(active=True).select_related("convenor")
            .annotate(last_met=Max("meetings__held_on")))


def groups_overdue(*, user) -> list[CoordinationGroup]:
    """Groups that have not met within their interval (the Group for Coordination and
    Cooperation: 15 days)."""
    today = timezone.localdate()
    return [g for g in groups(user=user).exclude(meets_every_days=None)
            if g.last_met is None or (today - g.last_met).days > g.meets_every_days]


def meetings(*, user, group: CoordinationGroup | None = None) -> QuerySet[Meeting]:
    """The meetings the user may see (their agenda names persons): the Centre and the
    organisers all, everyone else those their organisation took part in or convened."""
    access.require(user, "coordination.view")
    qs = (coordination_policy.visible_meetings(user).select_related("group")
          .prefetch_related("organisations", "cases",
                            Prefetch("tasks", MeetingTask.objects.select_related("owner"))))
    return qs.filter(group=group) if group else qs


def may_read_minutes(user) -> bool:
    return access.may(user, "coordination.manage") or access.role_of(user) in CENTRE_ROLES


def memos(*, user) -> QuerySet[Memo]:
    """The memos the user's organisation sent or received."""
    access.require(user, "memo.send")
    org = user.organisation
    return Memo.objects.filter(Q(sender=org) | Q(recipient=org)).select_related("sender", "recipient")


def memo_overdue_q() -> Q:
    """The memos that are `Memo.overdue`: no reply, and the day it was due has passed."""
    return Q(response=Memo.Response.NONE, due_on__lt=timezone.localdate())


def response_rates(*, user, year: int | None = None) -> list[dict]:
    """Per recipient: memos, replies written / oral / none, and the non-response rate. The
    Coordinator, the Rapporteur and the Centre's managers see every recipient; others the
    memos their own organisation sent."""
    if access.may(user, "memo.statistics"):
        qs = Memo.objects.all()
    else:
        access.require(user, "memo.send")
        qs = Memo.objects.filter(sender=user.organisation)
    if year:
        qs = qs.filter(sent_on__year=year)
    rows = (qs.values("recipient__code", "recipient__name_en", "recipient__type")
            .annotate(total=Count("pk"), written=Count("pk", filter=Q(response="written")),
                      oral=Count("pk", filter=Q(response="oral")),
                      none=Count("pk", filter=Q(response="none")))
            .order_by("-none", "recipient__code"))
    return [{**row, "non_response_rate": round(row["none"] / row["total"], 3)} for row in rows]


def contact_points(*, user, stale: bool | None = None) -> QuerySet[ContactPoint]:
    """The directory is for everyone signed in; `stale` means not confirmed recently."""
    if access.role_of(user) is None:
        raise access.AccessDenied()
    limit = timezone.localdate() - datetime.timedelta(days=settings.CONTACT_STALE_DAYS)
    qs = ContactPoint.objects.select_related("organisation")
    if stale is True:
        qs = qs.filter(last_confirmed_on__lt=limit)
    return qs


def is_stale(contact: ContactPoint) -> bool:
    return (timezone.localdate() - contact.last_confirmed_on).days > settings.CONTACT_STALE_DAYS
