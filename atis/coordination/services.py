"""Every write of coordination: groups, meetings with their tasks, memos and responses,
contact points."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from atis.audit import services as audit
from atis.coordination.models import ContactPoint, CoordinationGroup, Meeting, MeetingTask, Memo
from atis.core import access, chronology
from atis.core.errors import DomainError
from atis.core.services import sequence_next
from atis.people import policy as people_policy
from atis.people.models import Person
from atis.reference import selectors as reference


def _text(value: str, field: str, limit: int) -> str:
    if len(value or "") > limit:
        raise DomainError({field: _("At most %(limit)d characters.") % {"limit": limit}})
    return value or ""


@transaction.atomic
def group_create(*, actor, name: str, kind: str, convenor, municipality: str = "",
                 meets_every_days: int | None = None) -> CoordinationGroup:
    access.require(actor, "coordination.manage")
    if kind not in CoordinationGroup.Kind.values:
        raise DomainError({"kind": _("Unknown kind of group.")})
    if not (name or "").strip():
        raise DomainError({"name": _("Name the group.")})
    if kind == CoordinationGroup.Kind.NATIONAL and meets_every_days is None:
        meets_every_days = 15
    if meets_every_days is not None and not 1 <= meets_every_days <= 366:
        raise DomainError({"meets_every_days": _("Between 1 and 366 days.")})
    group = CoordinationGroup.objects.create(name=_text(name, "name", 200), kind=kind,
                                             convenor=convenor, municipality=municipality,
                                             meets_every_days=meets_every_days)
    audit.record(actor, "group.create", group, kind=kind)
    return group


@transaction.atomic
def meeting_record(*, actor, group: CoordinationGroup, organisations,
                   held_on: datetime.date | None = None, cases=(), decisions: str = "",
                   minutes: str = "", tasks=()) -> Meeting:
    """A meeting: participants by organisation, cases reviewed (by pseudonym), decisions
    and tasks with owners and due dates, minutes (encrypted)."""
    access.require(actor, "coordination.manage")
    held_on = chronology.happened_on(held_on, "held_on")
    organisations = list(organisations)
    if not organisations:
        raise DomainError({"organisations": _("Name the organisations that took part.")})
    persons = list(Person.objects.filter(pseudonym__in=list(cases)))
    if len(persons) != len(set(cases)):
        raise DomainError({"cases": _("Some pseudonyms are unknown.")})
    visible = people_policy.visible_persons(actor).filter(pk__in=[p.pk for p in persons]).count()
    if visible != len(persons):
        raise DomainError({"cases": _("Only cases you can see can be put on the agenda.")})
    clean_tasks = []
    for task in tasks:
        if not (task.get("description") or "").strip() or task.get("owner") is None \
                or task.get("due_on") is None:
            raise DomainError({"tasks": _("Each task needs a description, an owner and a due date.")})
        chronology.not_before(task["due_on"], held_on, field="tasks", step=_("the meeting"))
        clean_tasks.append({"description": _text(task["description"], "tasks", 500),
                            "owner": task["owner"], "due_on": task["due_on"]})
    meeting = Meeting.objects.create(group=group, held_on=held_on,
                                     decisions=_text(decisions, "decisions", 5000),
                                     minutes=_text(minutes, "minutes", 20000), recorded_by=actor)
    meeting.organisations.set(organisations)
    meeting.cases.set(persons)
    MeetingTask.objects.bulk_create(MeetingTask(meeting=meeting, **t) for t in clean_tasks)
    audit.record(actor, "meeting.record", meeting, group=group.pk, cases=len(persons))
    return meeting


@transaction.atomic
def meeting_task_done(*, actor, task: MeetingTask, on: datetime.date | None = None) -> MeetingTask:
    if not (access.may(actor, "coordination.manage") or task.owner == actor.organisation):
        raise access.AccessDenied()
    task.done_on = chronology.happened_on(on, "done_on", (task.meeting.held_on, _("the meeting")))
    task.save(update_fields=["done_on"])
    audit.record(actor, "meeting.task_done", task.meeting)
    return task


@transaction.atomic
def memo_send(*, actor, recipient, kind: str, sent_on: datetime.date | None = None,
              subject: str = "", persons=(), due_on: datetime.date | None = None) -> Memo:
    """Record a memo from the user's organisation."""
    access.require(actor, "memo.send")
    reference.require_term("memo_kind", kind, field="kind")
    sent_on = chronology.happened_on(sent_on, "sent_on")
    if recipient == actor.organisation:
        raise DomainError({"recipient": _("A memo goes to another organisation.")})
    chronology.not_before(due_on, sent_on, field="due_on", step=_("the memo was sent"))
    linked = list(people_policy.visible_persons(actor).filter(pseudonym__in=list(persons)))
    if len(linked) != len(set(persons)):
        raise DomainError({"persons": _("Only persons you can see can be named.")})
    year = sent_on.year
    memo = Memo.objects.create(reference=f"M-{year}-{sequence_next(f'memo:{year}'):04d}",
                               kind=kind, sender=actor.organisation, recipient=recipient,
                               sent_on=sent_on, subject=_text(subject, "subject", 500),
                               due_on=due_on, created_by=actor)
    memo.persons.set(linked)
    audit.record(actor, "memo.send", memo, recipient=recipient.code, kind=kind)
    return memo


@transaction.atomic
def memo_response(*, actor, memo: Memo, response: str,
                  responded_on: datetime.date | None = None) -> Memo:
    """Record the reply (written or oral), by the sender or the recipient."""
    if actor.organisation not in (memo.sender, memo.recipient):
        raise access.AccessDenied()
    if response not in (Memo.Response.WRITTEN, Memo.Response.ORAL):
        raise DomainError({"response": _("A written or an oral reply.")})
    memo.response = response
    memo.responded_on = chronology.happened_on(responded_on, "responded_on",
                                               (memo.sent_on, _("the memo was sent")))
    memo.save(update_fields=["response", "responded_on"])
    audit.record(actor, "memo.response", memo, response=response)
    return memo


@transaction.atomic
def contact_point_save(*, actor, organisation, kind: str, function: str, phone: str = "",
                       email: str = "", last_confirmed_on: datetime.date | None = None,
                       contact: ContactPoint | None = None) -> ContactPoint:
    access.require(actor, "contacts.manage")
    reference.require_term("contact_point_kind", kind, field="kind")
    last_confirmed_on = chronology.happened_on(last_confirmed_on, "last_confirmed_on")
    if not (function or "").strip():
        raise DomainError({"function": _("Name the function or the official contact.")})
    contact = contact or ContactPoint()
    contact.organisation, contact.kind = organisation, kind
    contact.function = _text(function, "function", 200)
    contact.phone, contact.email = _text(phone, "phone", 40), email
    contact.last_confirmed_on = last_confirmed_on
    try:
        contact.full_clean()
    except ValidationError as exc:
        raise DomainError.from_django(exc) from None
    contact.save()
    audit.record(actor, "contact.save", contact, kind=kind)
    return contact
