"""The DuckDB peer of the annual report (issue 12, deliverable 5). The columns the 24 tables
read are exported from the database (COPY on PostgreSQL, a CSV writer on SQLite) into an
in-memory DuckDB, where `duckdb_sql/<table id>.sql` computes each table in plain SQL (and
`<table id>.values.sql` its values); the cells and values must equal `engine.compute`'s,
and the benchmark reports the ratio of the times per table and for the whole report.

Datetimes travel as UTC; the year's bounds (Period in the project's time zone) and "today"
(timezone.localdate, for the proceedings that have happened) come in as parameters."""

import csv
import datetime
import re
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path

SQL_DIR = Path(__file__).with_name("duckdb_sql")
NULL = r"\N"
REPEAT = 3

# DuckDB table → (model label, or "label.m2m_field" for a through table; the columns read,
# "column:name" where DuckDB names it otherwise).
SOURCES = {
    "report": ("intake.Report", ["id", "received_at", "source_type", "status", "triaged_at",
                                 "dismissal_reason"]),
    "report_person": ("intake.ReportPerson", ["id", "report_id", "person_id"]),
    "procedure": ("identification.Procedure", ["id", "person_id", "report_id"]),
    "decision": ("identification.Decision", [
        "id", "procedure_id", "outcome", "state", "reason", "approved_at", "recruitment_online",
        "origin_country_id", "exploitation_country_id", "age_at_identification",
        "age_at_exploitation_start", "child_school_attendance", "child_in_institutional_care",
        "child_parent_complicit"]),
    "decision_form": ("identification.DecisionForm", ["decision_id", "form"]),
    "decision_recruitment": ("identification.DecisionRecruitment", ["id", "decision_id", "method"]),
    "person": ("people.Person", ["id", "sex", "birth_year"]),
    "citizenship": ("people.Person.citizenships", ["person_id", "country_id"]),
    "country": ("reference.Country", ["id", "code"]),
    "organisation": ("core.Organisation", ["id", "code", "type"]),
    "service": ("protection.ServiceRecord", ["id", "person_id", "service", "delivered_on"]),
    "plan": ("protection.ProtectionPlan", ["person_id", "started_on", "closed_on"]),
    "stay": ("protection.ShelterStay", ["id", "person_id", "admitted_on", "left_on", "is_return"]),
    "examination": ("protection.MedicalExamination", ["id", "examination", "on:day"]),
    "criminal_case": ("justice.CriminalCase", ["id", "opened_on", "police_administration_id",
                                               "prosecutor_office_id"]),
    "offence": ("justice.CaseOffence", ["id", "case_id"]),
    "defendant": ("justice.Defendant", ["id", "case_id", "sex", "citizenship_id"]),
    "damaged_party": ("justice.DamagedParty", ["id", "case_id", "person_id"]),
    "event": ("justice.ProceedingEvent", ["id", "case_id", "defendant_id", "damaged_party_id", "kind",
                                          "on:day", "court_id", "sentence_months",
                                          "recorded_by_organisation_id"]),
    "legal_assistance": ("justice.LegalAssistanceRequest", ["id", "direction", "type", "outcome",
                                                            "outcome_on", "requested_on"]),
    "memo": ("coordination.Memo", ["id", "sent_on", "recipient_id", "response", "responded_on"]),
}


def _model(label: str):
    from django.apps import apps

    app, name, *m2m = label.split(".")
    model = apps.get_model(app, name)
    return model._meta.get_field(m2m[0]).remote_field.through if m2m else model


def _columns(model, spec: list[str]) -> list[tuple[str, str, str]]:
    """(column, DuckDB name, DuckDB type) of each column read."""
    fields = {f.column: f for f in model._meta.concrete_fields}
    result = []
    for item in spec:
        column, _, name = item.partition(":")
        f = fields[column]
        kind = f.get_internal_type()
        if f.is_relation or kind.endswith("AutoField") or "Integer" in kind:
            duck = "BIGINT"
        else:
            duck = {"DateTimeField": "TIMESTAMP", "DateField": "DATE",
                    "BooleanField": "BOOLEAN"}.get(kind, "VARCHAR")
        result.append((column, name or column, duck))
    return result


def _select(table: str, columns, vendor: str) -> str:
    """The export query: datetimes in UTC, booleans as 0/1 (SQLite: the stored value, as
    `+col` escapes the driver's conversions, and NULL already written as \\N)."""
    parts = []
    for column, _name, duck in columns:
        if vendor == "postgresql":
            expr = {"TIMESTAMP": f"(\"{column}\" AT TIME ZONE 'UTC')",
                    "BOOLEAN": f"\"{column}\"::int"}.get(duck, f'"{column}"')
        else:
            expr = f"coalesce(+\"{column}\", '{NULL}')"
        parts.append(expr)
    return f'SELECT {", ".join(parts)} FROM "{table}"'


def export(directory: Path) -> dict[str, int]:
    """Write one CSV per DuckDB table into `directory` (NULL as \\N); the rows per table."""
    from django.db import connection

    rows = {}
    for name, (label, spec) in SOURCES.items():
        model = _model(label)
        columns = _columns(model, spec)
        query = _select(model._meta.db_table, columns, connection.vendor)
        path = directory / f"{name}.csv"
        if connection.vendor == "postgresql":
            connection.ensure_connection()
            with connection.connection.cursor() as cursor, open(path, "wb") as out:
                header = ",".join(n for _c, n, _t in columns)
                out.write(f"{header}\n".encode())
                with cursor.copy(f"COPY ({query}) TO STDOUT WITH (FORMAT csv, NULL '{NULL}')") as copy:
                    for block in copy:
                        out.write(block)
                rows[name] = cursor.rowcount
        else:
            connection.ensure_connection()
            cursor = connection.connection.cursor()
            with open(path, "w", newline="") as out:
                writer = csv.writer(out)
                writer.writerow([n for _c, n, _t in columns])
                cursor.execute(query)
                count = 0
                while batch := cursor.fetchmany(50_000):
                    writer.writerows(batch)
                    count += len(batch)
                rows[name] = count
            cursor.close()
    return rows


def load(directory: Path):
    """An in-memory DuckDB holding the exported tables and the shared macros."""
    import duckdb

    con = duckdb.connect()
    for name, (label, spec) in SOURCES.items():
        columns = ", ".join(f"'{n}': '{t}'" for _c, n, t in _columns(_model(label), spec))
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM read_csv(?, header = true, "
                    f"auto_detect = false, delim = ',', quote = '\"', escape = '\"', "
                    f"nullstr = '{NULL}', allow_quoted_nulls = false, columns = {{{columns}}})",
                    [str(directory / f"{name}.csv")])
    con.execute((SQL_DIR / "_macros.sql").read_text())
    return con


def parameters(year: int, today: datetime.date) -> dict:
    from atis.statistics.tables.base import Period
    from atis.statistics.tables.trends import YEARS

    def utc(moment: datetime.datetime) -> datetime.datetime:
        return moment.astimezone(datetime.UTC).replace(tzinfo=None)

    period = Period(year)
    return {"start": utc(period.start), "end": utc(period.end), "first_day": period.first_day,
            "last_day": period.last_day, "today": today,
            "periods": [{"year": y, "start_at": utc(Period(y).start), "end_at": utc(Period(y).end)}
                        for y in range(year - YEARS + 1, year + 1)]}


def _run(con, path: Path, params: dict) -> list[tuple]:
    sql = path.read_text()
    used = set(re.findall(r"\$(\w+)", sql))
    return con.execute(sql, {k: v for k, v in params.items() if k in used}).fetchall()


def _values(table_id: str, con, params: dict, rows: list[tuple]) -> dict:
    """The table's `values`, as the ORM definition gives them."""
    path = SQL_DIR / f"{table_id}.values.sql"
    if table_id == "identified_victims_by_citizenship_group":
        found = {"average_age": None, "average_age_children": None, "average_age_by_form": {}}
        for key, form, average in _run(con, path, params):
            value = round(average, 1) if average is not None else None
            if key == "average_age_by_form":
                if value is not None:
                    found[key][form] = value
            else:
                found[key] = value
        return found
    if table_id == "recruitment_methods_by_form":
        [(online, total)] = _run(con, path, params)
        return {"online": online, "total": total,
                "online_share": round(online / total, 3) if total else None}
    if table_id == "child_victims_context":
        [(children,)] = _run(con, path, params)
        return {"children": children}
    if table_id == "time_series":
        counts = {(y, m): n for y, m, n in rows}
        shares = {}
        for p in params["periods"]:
            year = str(p["year"])
            total = counts.get((year, "identified"), 0)
            shares[year] = {f"{m}_share": round(counts.get((year, m), 0) / total, 3) if total else None
                            for m in ("children", "foreign", "online")}
        return {"shares": shares}
    if table_id == "cross_source_checks":
        values = {(q, s): n for q, s, n in rows}
        pairs = [("damaged_persons", "police", "prosecution"),
                 ("damaged_persons_identified", "police", "centre"),
                 ("convictions", "prosecution", "courts")]
        return {"checks": [{"quantity": q, "a": {"source": a, "value": values[q, a]},
                            "b": {"source": b, "value": values[q, b]},
                            "difference": values[q, a] - values[q, b],
                            "flag": values[q, a] != values[q, b]} for q, a, b in pairs]}
    return {}


def compute_table(con, table_id: str, params: dict) -> tuple[list[tuple], dict]:
    """One table in DuckDB: its rows (dimensions…, count) and its values."""
    rows = _run(con, SQL_DIR / f"{table_id}.sql", params)
    return rows, _values(table_id, con, params, rows)


def cells_of(rows) -> Counter:
    """The multiset of (dimension codes as text, count)."""
    return Counter((tuple(str(v) for v in row[:-1]), int(row[-1])) for row in rows)


def orm_cells(table) -> Counter:
    return cells_of([(*(c[d] for d in table.dimensions), c["count"]) for c in table.cells])


def differences(table, rows: list[tuple], values: dict) -> list[str]:
    """What differs between the ORM's table and DuckDB's rows and values (empty: identical)."""
    ours, theirs = orm_cells(table), cells_of(rows)
    found = [f"{table.id}: ORM {key} → {n} not in DuckDB" for (key, n), k in (ours - theirs).items()
             for _ in range(k)]
    found += [f"{table.id}: DuckDB {key} → {n} not in ORM" for (key, n), k in (theirs - ours).items()
              for _ in range(k)]
    if (table.values or values) and table.values != values:
        found.append(f"{table.id}: values differ: ORM {table.values} DuckDB {values}")
    return found


def _median_ms(fn) -> tuple[float, object]:
    """The median time of REPEAT calls, in milliseconds, and the last call's result."""
    samples = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        result = fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), result


def compare(*, backend: str, data, log, scale: int | None = None) -> list:
    """Export, load into DuckDB, and for each table time ATIS and DuckDB (median of 3) and
    check the cells and values are identical; a row per table and one for the report.
    (The suites' signature; `data` is the benchmark dataset, of which the year is used.)"""
    from django.utils import timezone

    from atis.statistics import engine
    from atis.statistics.tables import base
    from benchmarks.harness import Row

    year, scale = data.year, scale or data.scale
    with tempfile.TemporaryDirectory(prefix="atis-duckdb-") as tmp:
        start = time.perf_counter()
        counts = export(Path(tmp))
        export_ms = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        con = load(Path(tmp))
        load_ms = (time.perf_counter() - start) * 1000
    log(f"{backend}: DuckDB export {export_ms / 1000:.1f} s, load {load_ms / 1000:.1f} s "
        f"({sum(counts.values()):,} rows)")
    result = [Row("DuckDB export", backend, scale, export_ms, export_ms, None,
                  f"{sum(counts.values()):,} rows of {len(counts)} tables; load {load_ms:,.0f} ms")]
    params = parameters(year, timezone.localdate())
    total_atis = total_duck = 0.0
    all_identical = True
    for table_id in base.ordered_ids():
        atis_ms, tables = _median_ms(lambda tid=table_id: engine.compute(year, only={tid}))
        duck_ms, (rows, values) = _median_ms(lambda tid=table_id: compute_table(con, tid, params))
        problems = differences(tables[table_id], rows, values)
        for line in problems[:5]:
            log(f"  {line}")
        ratio = atis_ms / duck_ms if duck_ms else float("inf")
        identical = not problems
        all_identical &= identical
        total_atis += atis_ms
        total_duck += duck_ms
        verdict = "cells identical" if identical else f"{len(problems)} cells/values differ"
        result.append(Row(f"duckdb ratio: {table_id}", backend, scale, atis_ms, atis_ms, None,
                          f"DuckDB {duck_ms:,.1f} ms, ATIS/DuckDB = {ratio:,.1f}, {verdict}",
                          "ATIS ≤ DuckDB", ratio <= 1 and identical))
    ratio = total_atis / total_duck if total_duck else float("inf")
    verdict = "cells identical" if all_identical else "cells differ"
    result.append(Row("duckdb ratio: whole report", backend, scale, total_atis, total_atis, None,
                      f"DuckDB {total_duck:,.1f} ms, ATIS/DuckDB = {ratio:,.1f}, {verdict}",
                      "ATIS ≤ DuckDB", ratio <= 1 and all_identical))
    con.close()
    return result
