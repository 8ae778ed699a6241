"""Loading the shipped datasets (the Strategy 2017–2022 with its Action Plan 2017–2018, and
the National Rapporteur's recommendations) and importing new action plans from XLSX."""

import datetime
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from atis.audit import services as audit
from atis.core.errors import DomainError
from atis.core.models import Organisation
from atis.core.translit import to_cyrillic
from atis.monitoring import reports
from atis.monitoring.models import (
    Activity,
    ActivityIndicator,
    Assessment,
    Measure,
    Objective,
    Recommendation,
    RecommendationSource,
    StrategicDocument,
)

DATA = Path(__file__).parent / "data"


def _titles(row: dict) -> dict:
    latin = row.get("title_sr_latn", "")
    return {"title_en": row["title_en"], "title_sr_latn": latin, "title_sr_cyrl": to_cyrillic(latin)}


def _organisations(codes) -> list[Organisation]:
    return list(Organisation.objects.filter(code__in=list(codes or [])))


def _activity(measure: Measure, row: dict) -> Activity:
    budget = row.get("budget") or {}
    activity = Activity.objects.create(
        measure=measure, code=row["code"], **_titles(row),
        responsible_text="; ".join(row.get("responsible") or []),
        partners="; ".join(p for p in row.get("partners") or [] if p != "partners"),
        deadline=datetime.date.fromisoformat(row["deadline"]) if row.get("deadline") else None,
        deadline_text=row.get("deadline_text", ""), verification=row.get("verification", ""),
        budget_amount=budget.get("amount"), budget_currency=budget.get("currency") or "",
        funding_source=budget.get("source") or "", funding_secured=budget.get("secured"),
        reconstructed=bool(row.get("reconstructed")))
    activity.responsible.set(_organisations(row.get("responsible_codes")))
    ActivityIndicator.objects.bulk_create(
        ActivityIndicator(activity=activity, text=i["text"], baseline=i.get("baseline", ""),
                          target=i.get("target", "")) for i in row.get("indicators") or [])
    return activity


@transaction.atomic
def strategy_load(*, actor=None, path: Path = DATA / "strategy_2017_2022.json") -> int:
    """Load strategic documents (a document already loaded is left alone)."""
    created = 0
    for doc in json.loads(path.read_text())["documents"]:
        if StrategicDocument.objects.filter(code=doc["code"]).exists():
            continue
        general = doc.get("general_objective") or {}
        document = StrategicDocument.objects.create(
            code=doc["code"], kind=doc["kind"], **_titles(doc),
            parent=StrategicDocument.objects.filter(code=doc.get("parent") or "").first(),
            starts_on=datetime.date.fromisoformat(doc["start"]),
            ends_on=datetime.date.fromisoformat(doc["end"]),
            general_objective=general.get("title_en", ""))
        for obj in doc.get("objectives", []):
            objective = Objective.objects.create(document=document, code=obj["code"], **_titles(obj))
            for mea in obj.get("measures", []):
                measure = Measure.objects.create(objective=objective, code=mea["code"], **_titles(mea))
                for act in mea.get("activities", []):
                    _activity(measure, act)
        created += 1
    if created:
        audit.record(actor, "monitoring.load_strategy", None, documents=created)
    return created


@transaction.atomic
def recommendations_load(*, actor=None, path: Path = DATA / "recommendations.json") -> int:
    data = json.loads(path.read_text())
    created = 0
    for rep in data["reports"]:
        source, made = RecommendationSource.objects.get_or_create(
            code=rep["code"], defaults={**_titles(rep), "kind": "national_rapporteur",
                                        "period_year": rep["period_year"],
                                        "published_on": rep.get("published_on")})
        if not made:
            continue
        for row in (r for r in data["recommendations"] if r["report"] == rep["code"]):
            latin = row.get("text_sr_latn", "")
            recommendation = Recommendation.objects.create(
                source=source, number=row["number"], unit=row["unit"], text_en=row["text_en"],
                text_sr_latn=latin, text_sr_cyrl=to_cyrillic(latin),
                addressees_text=row.get("addressees_text", ""))
            recommendation.addressees.set(_organisations(row.get("addressees")))
            created += 1
        for row in (a for a in data.get("assessments", []) if a["report"] == rep["code"]):
            Assessment.objects.create(
                recommendation=source.recommendations.get(number=row["number"]),
                period_year=row["period_year"], category=row["category"],
                justification=row["justification_en"], inferred=row.get("inferred", False),
                continue_monitoring=row.get("continue_monitoring", True),
                needs_formalisation=row.get("needs_formalisation", False))
    if created:
        audit.record(actor, "monitoring.load_recommendations", None, recommendations=created)
    return created


# --- XLSX import of a new action plan -------------------------------------------------------

COLUMNS = ["objective_code", "objective_title", "measure_code", "measure_title", "activity_code",
           "activity_title", "responsible", "responsible_text", "partners", "deadline",
           "indicator", "baseline", "target", "verification", "budget_amount", "budget_currency",
           "funding_source", "funding_secured"]
REQUIRED = ["objective_code", "objective_title", "measure_code", "measure_title", "activity_code",
            "activity_title"]


def template_xlsx() -> bytes:
    """An empty import template with the columns and one example row."""
    return reports.xlsx_bytes({"activities": [COLUMNS, [
        "1", "Strengthened partnership", "1.1", "Partnership at the local level", "1.1.1",
        "Establish local teams", "national-coordinator;ministry-labour",
        "National Coordinator; Ministry of Labour", "local self-governments", "2026-12-31",
        "Number of local teams established", "17", "25",
        "Annual report of the National Coordinator", "1500000", "RSD", "Budget of Serbia",
        "yes"]]})


def _cell(value) -> str:
    return "" if value is None else str(value).strip()


def _parse_rows(content: bytes) -> list[dict]:
    import io

    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    except Exception:  # openpyxl raises many kinds of errors for a file that is not XLSX
        raise DomainError({"file": _("The file is not an XLSX workbook.")}) from None
    rows = sheet.iter_rows(values_only=True)
    header = [_cell(h) for h in next(rows, [])]
    unknown = [h for h in header if h and h not in COLUMNS]
    missing = [c for c in REQUIRED if c not in header]
    if unknown or missing:
        raise DomainError({"file": _("Row 1: unknown column(s) %(unknown)s; missing column(s) "
                                     "%(missing)s.") % {"unknown": ", ".join(unknown) or "—",
                                                        "missing": ", ".join(missing) or "—"}})
    return [dict(zip(header, (_cell(v) for v in values), strict=False))
            for values in rows if any(_cell(v) for v in values)]


def _check_row(n: int, row: dict, organisations: dict) -> dict:
    def refuse(field, message):
        raise DomainError({field: _("Row %(n)d, %(field)s: %(message)s") % {
            "n": n, "field": field, "message": message}})

    for field in REQUIRED:
        if not row.get(field):
            refuse(field, _("required."))
    codes = [c.strip() for c in row.get("responsible", "").split(";") if c.strip()]
    if not codes and not row.get("responsible_text"):
        refuse("responsible", _("every activity needs a responsible body."))
    unknown = [c for c in codes if c not in organisations]
    if unknown:
        refuse("responsible", _("unknown organisation code(s) %(codes)s.") % {"codes": ", ".join(unknown)})
    clean = {**row, "responsible_orgs": [organisations[c] for c in codes]}
    if row.get("deadline"):
        try:
            clean["deadline_date"] = datetime.date.fromisoformat(row["deadline"][:10])
        except ValueError:
            refuse("deadline", _("not a date (YYYY-MM-DD)."))
    if row.get("budget_amount"):
        try:
            clean["amount"] = Decimal(row["budget_amount"])
        except InvalidOperation:
            refuse("budget_amount", _("not a number."))
    secured = row.get("funding_secured", "").lower()
    if secured not in ("", "yes", "no"):
        refuse("funding_secured", _("yes or no."))
    clean["secured"] = {"yes": True, "no": False}.get(secured)
    return clean


@transaction.atomic
def action_plan_import(*, actor, code: str, title: str, starts_on: datetime.date,
                       ends_on: datetime.date, content: bytes, parent=None) -> StrategicDocument:
    """Import a new action plan from the XLSX template; all or nothing: the first bad row
    is named and nothing is written."""
    from atis.core import access

    access.require(actor, "monitoring.manage")
    if StrategicDocument.objects.filter(code=code).exists():
        raise DomainError({"code": _("A document with this code exists.")})
    if ends_on < starts_on:
        raise DomainError({"ends_on": _("The plan cannot end before it starts.")})
    rows = _parse_rows(content)
    if not rows:
        raise DomainError({"file": _("The file has no activities.")})
    organisations = {o.code: o for o in Organisation.objects.all()}
    clean = [_check_row(n, row, organisations) for n, row in enumerate(rows, start=2)]
    document = StrategicDocument.objects.create(code=code, kind="action_plan", title_en=title,
                                                parent=parent, starts_on=starts_on, ends_on=ends_on)
    objectives, measures, activities = {}, {}, {}
    for row in clean:
        objective = objectives.get(row["objective_code"]) or Objective.objects.create(
            document=document, code=row["objective_code"], title_en=row["objective_title"])
        objectives[row["objective_code"]] = objective
        key = (objective.pk, row["measure_code"])
        measure = measures.get(key) or Measure.objects.create(
            objective=objective, code=row["measure_code"], title_en=row["measure_title"])
        measures[key] = measure
        activity = activities.get((measure.pk, row["activity_code"]))
        if activity is None:
            activity = Activity.objects.create(
                measure=measure, code=row["activity_code"], title_en=row["activity_title"],
                responsible_text=row.get("responsible_text") or ", ".join(
                    o.name_en for o in row["responsible_orgs"]),
                partners=row.get("partners", ""), deadline=row.get("deadline_date"),
                deadline_text=row.get("deadline", ""), verification=row.get("verification", ""),
                budget_amount=row.get("amount"), budget_currency=row.get("budget_currency", ""),
                funding_source=row.get("funding_source", ""), funding_secured=row.get("secured"))
            activity.responsible.set(row["responsible_orgs"])
            activities[(measure.pk, row["activity_code"])] = activity
        if row.get("indicator"):
            ActivityIndicator.objects.create(activity=activity, text=row["indicator"],
                                             baseline=row.get("baseline", ""),
                                             target=row.get("target", ""))
    audit.record(actor, "monitoring.import", document, activities=len(activities))
    return document
