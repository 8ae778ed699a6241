"""The Coordinator's consolidated progress report (monthly or annual) and the export of a
campaign's answers: HTML, PDF and XLSX."""

import io

from django.db.models import OuterRef, Subquery
from django.template.loader import render_to_string
from django.utils import timezone

from atis.audit import services as audit
from atis.core.exports import safe_row
from atis.monitoring import selectors
from atis.monitoring.models import Activity, ProgressReport, StrategicDocument
from atis.statistics.exports import to_pdf

FORMATS = ("html", "pdf", "xlsx")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def consolidated(*, user, document: StrategicDocument, year: int, month: int = 0) -> dict:
    """Each activity's status as reported for the period (the latest report up to it) and
    the completion rate per objective."""
    reports = ProgressReport.objects.filter(activity=OuterRef("pk"), year__lte=year)
    if month:
        reports = reports.exclude(year=year, month__gt=month).exclude(year=year, period="annual")
    reports = reports.order_by(*selectors.LATEST_FIRST)
    activities = (Activity.objects.filter(measure__objective__document=document)
                  .annotate(latest=Subquery(reports.values("status")[:1]),
                            narrative=Subquery(reports.values("narrative")[:1]))
                  .select_related("measure__objective").order_by("measure__objective", "measure", "pk"))
    selectors.documents(user=user)
    objectives = {}
    for activity in activities:
        objectives.setdefault(activity.measure.objective, []).append(activity)
    rows = [{"objective": o, "activities": acts, **selectors.rates(acts)} for o, acts in objectives.items()]
    return {"document": document, "year": year, "month": month, "objectives": rows,
            "overall": selectors.rates(list(activities)), "generated_at": timezone.now()}


def filename(report: dict, fmt: str) -> str:
    period = f"{report['year']}-{report['month']:02d}" if report["month"] else str(report["year"])
    return f"progress-{report['document'].code}-{period}.{fmt}"


def as_json(report: dict) -> dict:
    def rates(row):
        return {"total": row["total"], "counts": row["counts"],
                "completion_rate": row["completion_rate"]}

    return {"document": report["document"].code, "year": report["year"],
            "month": report["month"] or None, "overall": rates(report["overall"]),
            "objectives": [{"code": row["objective"].code, "title": row["objective"].title,
                            **rates(row),
                            "activities": [{"code": a.code, "title": a.title,
                                            "responsible": a.responsible_text,
                                            "deadline": a.deadline_text, "status": a.latest,
                                            "narrative": a.narrative}
                                           for a in row["activities"]]}
                           for row in report["objectives"]]}


def xlsx_bytes(sheets: dict[str, list[list]]) -> bytes:
    """A workbook with one sheet per entry (title → rows, the first row the header)."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(safe_row(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def render(report: dict, fmt: str, *, user) -> tuple[bytes, str]:
    """The report as a file; every export is audited (who, which plan and period, format)."""
    audit.record(user, "monitoring.export", report["document"], what="consolidated",
                 year=report["year"], month=report["month"], format=fmt)
    if fmt == "xlsx":
        progress = [["objective", "activity", "title", "responsible", "deadline", "status"]]
        progress += [[row["objective"].code, a.code, a.title_en, a.responsible_text,
                      a.deadline_text, a.latest or "no report"]
                     for row in report["objectives"] for a in row["activities"]]
        completion = [["objective", "activities", "completed", "partially completed",
                       "not completed", "not started", "completion rate"]]
        completion += [[row["objective"].code, row["total"], row["counts"]["completed"],
                        row["counts"]["partially_completed"], row["counts"]["not_completed"],
                        row["counts"]["not_started"], row["completion_rate"]]
                       for row in report["objectives"]]
        return xlsx_bytes({"progress": progress, "completion": completion}), XLSX
    html = render_to_string("monitoring/consolidated.html", {"report": report})
    if fmt == "html":
        return html.encode(), "text/html; charset=utf-8"
    return to_pdf(html), "application/pdf"


def answers_xlsx(rows: list[dict], *, user, campaign) -> bytes:
    audit.record(user, "monitoring.export", campaign, what="answers", format="xlsx",
                 rows=len(rows))
    columns = ["question", "unit", "text", "stakeholder", "stakeholder_name", "answer",
               "figure_from_records"]
    by_stakeholder = sorted(rows, key=lambda r: (r["stakeholder"], r["question"]))
    return xlsx_bytes({"by question": [columns, *([r[c] for c in columns] for r in rows)],
                       "by stakeholder": [columns, *([r[c] for c in columns]
                                                     for r in by_stakeholder)]})
