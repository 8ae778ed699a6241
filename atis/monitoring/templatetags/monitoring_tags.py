from django import template

from atis.monitoring.models import Assessment, ProgressReport

register = template.Library()


@register.filter
def progress_status(code: str | None) -> str:
    """The label of a progress status code; "—" where no report was made."""
    return ProgressReport.Status(code).label if code in ProgressReport.Status.values else "—"


@register.filter
def assessment_category(code: str | None) -> str:
    return Assessment.Category(code).label if code in Assessment.Category.values else "—"


@register.filter
def percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.1f}%"
