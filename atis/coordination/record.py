"""The coordination section of a person's case record: the memos that name the person,
between the user's organisation and others."""

from django.utils.translation import gettext as _

from atis.coordination import selectors
from atis.core import access
from atis.core.record import Section

SHOWN = 20


def section(user, person) -> Section | None:
    if not access.may(user, "memo.send"):
        return None
    memos = list(selectors.memos(user=user).filter(persons=person).order_by("-sent_on")[:SHOWN])
    if not memos:
        return None
    return Section("coordination", _("Coordination"), "coordination/record.html", {"memos": memos},
                   events=[{"on": memo.sent_on, "text": _("Memo %(ref)s from %(sender)s to %(recipient)s")
                            % {"ref": memo.reference, "sender": memo.sender.name,
                               "recipient": memo.recipient.name}} for memo in memos])
