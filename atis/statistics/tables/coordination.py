"""Cooperation between institutions (§4, §7.3)."""

from django.db.models import Case, CharField, F, Value, When
from django.utils.translation import gettext as _

from atis.coordination.models import Memo
from atis.statistics.tables.base import Period, Table, counted, organisation_types, table


@table("memo_response", "cooperation")
def memo_response(period: Period) -> Table:
    memos = Memo.objects.filter(sent_on__year=period.year)
    response = Case(When(responded_on__lte=period.last_day, then=F("response")),
                    default=Value(Memo.Response.NONE), output_field=CharField())
    return Table("memo_response", _("Memos by recipient and response"),
                 _("Memos, referrals and operational reports sent in the year (by the day sent), by "
                   "the type of the recipient organisation and the response they got by 31 "
                   "December (written, oral, none), by the day of the reply."),
                 ["recipient_type", "response"],
                 counted(memos, distinct=False, recipient_type=F("recipient__type"),
                         response=response),
                 organisation_types(memos, "sender"), totals=["recipient_type", "response"])
