"""Cooperation between institutions (§4, §7.3)."""

from django.db.models import F
from django.utils.translation import gettext as _

from atis.coordination.models import Memo
from atis.statistics.tables.base import Period, Table, counted, organisation_types, table


@table("memo_response", "cooperation")
def memo_response(period: Period) -> Table:
    memos = Memo.objects.filter(sent_on__year=period.year)
    return Table("memo_response", _("Memos by recipient and response"),
                 _("Memos, referrals and operational reports sent in the year, by the type of the "
                   "recipient organisation and the response they got (written, oral, none)."),
                 ["recipient_type", "response"],
                 counted(memos, recipient_type=F("recipient__type"), response=F("response")),
                 organisation_types(memos, "sender"))
