"""Reads of reports, checklists and hotline calls, through the access policy."""

from django.db.models import F, Func, IntegerField, OuterRef, QuerySet, Subquery

from atis.audit import services as audit
from atis.core import access
from atis.core.errors import DomainError
from atis.intake import policy as intake_policy
from atis.intake.filters import ReportFilter
from atis.intake.models import HotlineCall, IndicatorChecklist, Report, ReportPerson


def checklists(*, kind: str = IndicatorChecklist.Kind.PRELIMINARY) -> QuerySet[IndicatorChecklist]:
    """Current checklists (reference material, not personal data)."""
    return (IndicatorChecklist.objects.filter(kind=kind, current=True)
            .prefetch_related("indicators"))


def _person_count():
    """A correlated count: a page of 50 reports counts 50 times, instead of grouping every
    report of the filter before LIMIT."""
    counted = (ReportPerson.objects.filter(report=OuterRef("pk")).order_by()
               .annotate(n=Func(F("pk"), function="COUNT")).values("n"))
    return Subquery(counted, output_field=IntegerField())


def report_list(*, user, filters=None) -> QuerySet[Report]:
    """Reports the user may see, newest first, narrowed by `filters` (a `ReportFilter`'s
    data, e.g. the query string); a bad filter value is refused naming the filter."""
    qs = (intake_policy.visible_reports(user).select_related("source_organisation")
          .annotate(person_count=_person_count())
          .order_by("-received_at", "-pk"))
    if not filters:
        return qs
    filterset = ReportFilter(filters, qs)
    if not filterset.is_valid():
        raise DomainError({name: list(errors) for name, errors in filterset.errors.items()})
    return filterset.qs


def report_get(*, user, reference: str) -> Report:
    return access.get_visible(user, intake_policy.visible_reports(user).select_related(
        "source_organisation", "checklist", "exploitation_country", "referred_to"),
        "report.view", reference=reference)


def report_file(*, user, report: Report) -> dict:
    """The Centre's view of a report: the narrative and contact (decrypted, audited)."""
    access.require(user, "report.view_file", report)
    audit.record(user, "report.view_file", report)
    return {"narrative": report.narrative, "reporter_contact": report.reporter_contact,
            "triage_note": report.triage_note}


def hotline_calls(*, user) -> QuerySet[HotlineCall]:
    access.require(user, "hotline.log")
    return HotlineCall.objects.filter(operator=user).select_related("report")
