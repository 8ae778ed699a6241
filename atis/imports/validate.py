"""Checking every row of an import file before anything is written: columns, types, code
lists, references between sheets (to rows of the file or to records an earlier import from
the same source created), and each case's chronology with `atis.core.chronology`, the
rules the services apply when the same steps are entered one by one.

Rows whose source reference was imported before are skipped unchecked: they create
nothing. Look-ups are read in bulk (one query per code list, per chunk of references), never
row by row. Problems name sheet, row and column and never repeat a personal value.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from atis.core import chronology
from atis.core.errors import DomainError
from atis.identification import rules as ident_rules
from atis.imports import cells, reader
from atis.imports import template as t
from atis.imports.models import ImportedRecord
from atis.justice import machine
from atis.people.identifiers import clean_identity, index_rows
from atis.people.models import IdentifierIndex
from atis.protection import rules as prot_rules

CHUNK = 5000
MAX_PERSONS = 20
# Blind-index kinds strong enough to call two persons likely duplicates (a name alone is
# shared by too many people in a national history).
STRONG = frozenset({IdentifierIndex.Kind.NAME_BIRTH, IdentifierIndex.Kind.DOCUMENT,
                    IdentifierIndex.Kind.PHONE})
IDENTITY_COLUMNS = ("given_name", "family_name", "aliases", "date_of_birth", "place_of_birth",
                    "phones", "addresses")
IDENTIFICATION_ONLY = ("forms", "recruitment_methods", "recruitment_online", "exploiter_relations",
                       "control_methods", "origin_country", "exploitation_country",
                       "exploitation_municipality", "exploitation_began_on", "exploitation_months",
                       "exploitation_intended", "identified_where", "mixed_migration",
                       "child_school_attendance", "child_in_institutional_care",
                       "child_parent_complicit")
REASON_LIST = {"not_identified": "not_identified_reason", "terminated": "termination_reason",
               "suspended": "termination_reason"}

Progress = Callable[[str, int, int], None]


def chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start:start + size]


@dataclass
class Checked:
    """What the check found. `rows[sheet]` maps each new row's source reference to its clean
    values (in file order); `known[sheet]` the facts of records imported before that new
    rows refer to (with their "pk")."""

    source: str
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    rows: dict[str, dict[str, dict]] = field(default_factory=dict)
    known: dict[str, dict[str, dict]] = field(default_factory=dict)
    problems: list[dict] = field(default_factory=list)
    duplicates: list[dict] = field(default_factory=list)
    # Defendants (new or imported before) whose stage or custody the events move.
    defendant_states: dict[str, SimpleNamespace] = field(default_factory=dict)
    lookups: cells.Lookups | None = None

    def problem(self, sheet: str, row: int | None, column: str, message: str) -> None:
        self.problems.append({"sheet": sheet, "row": row, "column": column, "message": str(message)})

    def fact(self, sheet: str, ref: str) -> dict | None:
        return self.rows.get(sheet, {}).get(ref) or self.known.get(sheet, {}).get(ref)

    @property
    def new_rows(self) -> int:
        return sum(len(rows) for rows in self.rows.values())


def check(book: reader.Book, *, source: str, progress: Progress | None = None) -> Checked:
    checker = _Checker(source, progress or (lambda phase, done, total: None))
    return checker.run(book)


class _Checker:
    def __init__(self, source: str, progress: Progress):
        self.out = Checked(source)
        self.source = source
        self.progress = progress
        self.lookups = self.out.lookups = cells.Lookups()
        self.today = timezone.localdate()
        self.done = 0
        self.total = 0
        self.refused: dict[str, set[str]] = {}

    # --- the file --------------------------------------------------------------------------

    def run(self, book: reader.Book) -> Checked:
        for name in book.unknown:
            self.out.problem(name, None, "", _("Unknown sheet: the template's sheets are %(names)s.")
                             % {"names": ", ".join(s.name for s in t.SHEETS)})
        if not book.sheets:
            self.out.problem("", None, "", _("The file has none of the template's sheets."))
        self.total = sum(s.total or 0 for s in book.sheets.values())
        for sheet in t.SHEETS:
            self.out.rows[sheet.name], self.out.known[sheet.name] = {}, {}
            self.refused[sheet.name] = set()
            if sheet.name in book.sheets:
                self._sheet(sheet, book.sheets[sheet.name])
            finish = getattr(self, f"_finish_{sheet.name}", None)
            if finish:
                finish()
        self._events_in_order()
        self.progress("checking", self.total, self.total)
        return self.out

    def _sheet(self, sheet: t.Sheet, data: reader.Sheet) -> None:
        header = next(data.rows, None)
        columns = self._header(sheet, header[1] if header else [])
        raw_rows, refs = [], {}
        for number, values in data.rows:
            self._tick()
            if all(cells.is_blank(v) for v in values):
                continue
            raw = {name: values[i] if i < len(values) else None for i, name in columns.items()}
            ref = cells.as_text(raw.get("source_reference")) if not cells.is_blank(
                raw.get("source_reference")) else ""
            if not ref:
                self.out.problem(sheet.name, number, "source_reference", _("This is required."))
                continue
            if len(ref) > 100:
                self.out.problem(sheet.name, number, "source_reference",
                                 _("At most %(limit)d characters.") % {"limit": 100})
                continue
            if ref in refs:
                self.out.problem(sheet.name, number, "source_reference",
                                 _("This reference is already on row %(row)d.") % {"row": refs[ref]})
                continue
            refs[ref] = number
            raw_rows.append((number, ref, raw))
        if not set(sheet.required) <= set(columns.values()):
            # Reported on the header; the rows cannot be checked without the column.
            self.out.counts[sheet.name] = {"rows": len(raw_rows), "new": 0, "existing": 0}
            self.refused[sheet.name] = set(refs)
            return
        imported = set(_mapped(self.source, sheet.name, list(refs)))
        self.out.counts[sheet.name] = {"rows": len(raw_rows), "new": len(raw_rows) - len(imported),
                                       "existing": len(imported)}
        new = [(number, ref, raw) for number, ref, raw in raw_rows if ref not in imported]
        parsed = []
        for number, ref, raw in new:
            row = self._parse(sheet, number, raw)
            if row is not None:
                row["_row"], row["source_reference"] = number, ref
                parsed.append(row)
        self._load_references(sheet, parsed)
        check_row = getattr(self, f"_{sheet.name}")
        for row in parsed:
            clean = check_row(row)
            if clean is not None:
                self.out.rows[sheet.name][row["source_reference"]] = clean
        # Rows refused here are not reported again where other rows refer to them.
        self.refused[sheet.name] = {ref for _n, ref, _raw in new} - set(self.out.rows[sheet.name])

    def _tick(self) -> None:
        self.done += 1
        if self.done % 500 == 0:
            self.progress("checking", self.done, max(self.total, self.done))

    def _header(self, sheet: t.Sheet, header: list) -> dict[int, str]:
        names = [cells.as_text(h).lower() if not cells.is_blank(h) else "" for h in header]
        known = {c.name for c in sheet.columns}
        columns: dict[int, str] = {}
        for i, name in enumerate(names):
            if not name:
                continue
            if name not in known:
                self.out.problem(sheet.name, 1, name, _("Unknown column."))
            elif name in columns.values():
                self.out.problem(sheet.name, 1, name, _("This column appears twice."))
            else:
                columns[i] = name
        for name in sheet.required:
            if name not in columns.values():
                self.out.problem(sheet.name, 1, name, _("This required column is missing."))
        return columns

    def _parse(self, sheet: t.Sheet, number: int, raw: dict) -> dict | None:
        row, ok = {}, True
        for column in sheet.columns:
            if column.name == "source_reference":
                continue
            try:
                row[column.name] = cells.parse(column, raw.get(column.name), self.lookups)
            except cells.CellError as exc:
                self.out.problem(sheet.name, number, column.name, exc.message)
                ok = False
                continue
            if column.required and row[column.name] in (None, "", []) and column.name in raw:
                self.out.problem(sheet.name, number, column.name, _("This is required."))
                ok = False
        return row if ok else None

    # --- references ------------------------------------------------------------------------

    def _load_references(self, sheet: t.Sheet, rows: list[dict]) -> None:
        """Look up, in bulk, the records imported before that the rows refer to."""
        for column in sheet.columns:
            if column.type != t.REFERENCE:
                continue
            wanted = {ref for row in rows for ref in (row[column.name] if column.many
                                                      else [row[column.name]]) if ref}
            missing = [ref for ref in wanted if self.out.fact(column.sheet, ref) is None]
            if missing:
                found = _mapped(self.source, column.sheet, missing)
                if found:
                    self.out.known[column.sheet].update(LOADERS[column.sheet](self.source, found))

    def _resolve(self, sheet: str, row: dict, column: str, target: str) -> dict | None:
        ref = row[column]
        fact = self.out.fact(target, ref) if ref else None
        if ref and fact is None and ref not in self.refused[target]:
            self.out.problem(sheet, row["_row"], column,
                             _("No row “%(ref)s” in the sheet %(sheet)s (nor imported before from "
                               "this source).") % {"ref": ref, "sheet": target})
        return fact

    def _catch(self, sheet: str, row: dict, check, *args, **kwargs) -> bool:
        try:
            check(*args, **kwargs)
        except DomainError as exc:
            for name, messages in exc.fields.items():
                for message in messages:
                    self.out.problem(sheet, row["_row"], name, message)
            return False
        return True

    def _dated(self, sheet: str, row: dict, column: str, after=()) -> bool:
        """Not in the future, and not before any of `after` ((moment, step) pairs)."""
        return self._catch(sheet, row, chronology.happened, row[column], field=column,
                           after=after) if row[column] is not None else True

    def _refuse(self, sheet: str, row: dict, columns, message: str) -> bool:
        given = [c for c in columns if row.get(c) not in (None, "", [], False)]
        for column in given:
            self.out.problem(sheet, row["_row"], column, message)
        return not given

    # --- persons ---------------------------------------------------------------------------

    def _persons(self, row: dict) -> dict | None:
        s, ok = "persons", True
        identity = {name: row[name] for name in IDENTITY_COLUMNS}
        try:
            identity = clean_identity(identity)
        except DomainError as exc:
            for name in exc.fields:
                self.out.problem(s, row["_row"], name, " ".join(exc.fields[name]))
            return None
        if row["document_number"]:
            identity["documents"] = [{"type": row["document_type"] or "other",
                                      "number": row["document_number"],
                                      "country": row["document_country"]}]
        elif row["document_type"] or row["document_country"]:
            self.out.problem(s, row["_row"], "document_number", _("Give the document's number."))
            ok = False
        dob, birth_year = identity["date_of_birth"], row["birth_year"]
        if birth_year is None and dob:
            birth_year = dob.year
        if birth_year is not None and birth_year > self.today.year:
            self.out.problem(s, row["_row"], "birth_year", _("The year of birth must be between 1900 "
                                                             "and %(year)d.") % {"year": self.today.year})
            ok = False
        if dob and birth_year != dob.year:
            self.out.problem(s, row["_row"], "birth_year",
                             _("The year of birth does not match the date of birth."))
            ok = False
        ok &= self._dated(s, row, "first_known_on")
        if not ok:
            return None
        return {"_row": row["_row"], "source_reference": row["source_reference"],
                "sex": row["sex"] or "unknown", "birth_year": birth_year,
                "date_of_birth": dob, "first_known_on": row["first_known_on"],
                "citizenships": row["citizenships"], "languages": row["languages"],
                "identity": identity, "stays": [],
                "_digests": {i.digest: i.kind for i in index_rows(None, identity) if i.kind in STRONG}}

    def _finish_persons(self) -> None:
        """Report likely duplicates: persons already in ATIS, or other rows of the file,
        sharing a strong identifier (name and date of birth, document, phone)."""
        rows = self.out.rows["persons"]
        digests = {d: ref for ref, row in rows.items() for d in row["_digests"]}
        existing: dict[str, set[int]] = {}
        for chunk in chunks(list(digests)):
            for digest, person_id in IdentifierIndex.objects.filter(
                    digest__in=chunk, kind__in=list(STRONG)).values_list("digest", "person_id"):
                existing.setdefault(digest, set()).add(person_id)
        person_ids = sorted({p for ids in existing.values() for p in ids})
        pseudonyms = _pseudonyms(person_ids)
        first_row: dict[str, int] = {}
        for ref, row in rows.items():
            matches: dict[str, set[str]] = {}
            same_rows: set[int] = set()
            for digest, kind in row.pop("_digests").items():
                for person_id in existing.get(digest, ()):
                    matches.setdefault(pseudonyms[person_id], set()).add(kind)
                if digest in first_row:
                    same_rows.add(first_row[digest])
                else:
                    first_row[digest] = row["_row"]
            if matches or same_rows:
                self.out.duplicates.append({
                    "sheet": "persons", "row": row["_row"], "source_reference": ref,
                    "matches": [{"pseudonym": p, "kinds": sorted(k)} for p, k in sorted(matches.items())],
                    "rows": sorted(same_rows)})

    # --- reports ---------------------------------------------------------------------------

    def _reports(self, row: dict) -> dict | None:
        s = "reports"
        ok = self._dated(s, row, "received_at")
        persons = row["persons"]
        if len(persons) > MAX_PERSONS:
            self.out.problem(s, row["_row"], "persons", _("At most %(n)d persons per report.")
                             % {"n": MAX_PERSONS})
            ok = False
        for ref in persons:
            if self.out.fact("persons", ref) is None and ref not in self.refused["persons"]:
                self.out.problem(s, row["_row"], "persons", _(
                    "No row “%(ref)s” in the sheet %(sheet)s (nor imported before from this "
                    "source).") % {"ref": ref, "sheet": "persons"})
                ok = False
            elif self.out.fact("persons", ref) is None:
                ok = False
        outcome = row["triage_outcome"] or None
        if outcome is None:
            ok &= self._refuse(s, row, ["triaged_at", "dismissal_reason", "referred_to"],
                               _("Only a triaged report has this: fill in the triage outcome."))
        else:
            if row["triaged_at"] is None:
                row["triaged_at"] = row["received_at"]
            ok &= self._dated(s, row, "triaged_at", [(row["received_at"], _("the report was received"))])
            if outcome == "dismissed" and not row["dismissal_reason"]:
                self.out.problem(s, row["_row"], "dismissal_reason",
                                 _("Give the reason for dismissing the report."))
                ok = False
            if outcome == "accepted":
                ok &= self._refuse(s, row, ["dismissal_reason", "referred_to"],
                                   _("Only a dismissed report has this."))
        if not ok:
            return None
        row["triage_outcome"] = outcome
        return row

    def _finish_reports(self) -> None:
        """A person's first known day defaults to the receipt of their first report."""
        first: dict[str, datetime.date] = {}
        for report in self.out.rows["reports"].values():
            day = chronology.day_of(report["received_at"])
            for ref in report["persons"]:
                if ref not in first or day < first[ref]:
                    first[ref] = day
        # A refused report may hold a person's first day: the file is refused anyway, so the
        # checks against that day are left out rather than made against a wrong one.
        default = None if self.refused["reports"] else self.today
        for ref, person in self.out.rows["persons"].items():
            if person["first_known_on"] is None:
                person["first_known_on"] = first.get(ref, default)

    # --- identifications -------------------------------------------------------------------

    def _identifications(self, row: dict) -> dict | None:
        s = "identifications"
        report = self._resolve(s, row, "report", "reports")
        person = self._resolve(s, row, "person", "persons")
        if report is None or person is None:
            return None
        ok = True
        if report["triage_outcome"] != "accepted":
            self.out.problem(s, row["_row"], "report", _("Only an accepted report opens an "
                                                         "identification procedure."))
            ok = False
        if row["person"] not in report["persons"]:
            self.out.problem(s, row["_row"], "person", _("This person is not one of the report's "
                                                         "persons."))
            ok = False
        pair = (row["report"], row["person"])
        if pair in self.pairs or pair in self.existing_pairs:
            self.out.problem(s, row["_row"], "person", _("This person already has a procedure for "
                                                         "this report."))
            ok = False
        self.pairs.add(pair)
        if not ok:
            return None
        received = report["received_at"]
        if row["opened_at"] is None:
            row["opened_at"] = report["triaged_at"] or received
        ok &= self._dated(s, row, "opened_at", [(received, _("the report was received"))])
        outcome = row["outcome"] or None
        row["outcome"] = outcome
        if outcome is None:
            ok &= self._refuse(s, row, ["decided_at", "approved_at", "reason", "person_informed_at",
                                        "person_informed_how", "complaint_right_explained"],
                               _("Only a decided procedure has this: fill in the outcome."))
        else:
            if row["decided_at"] is None:
                self.out.problem(s, row["_row"], "decided_at", _("Give the date of the decision."))
                return None
            ok &= self._dated(s, row, "decided_at", [(row["opened_at"], _("the procedure was opened"))])
            if row["approved_at"] is None:
                row["approved_at"] = row["decided_at"]
            ok &= self._dated(s, row, "approved_at", [(row["decided_at"], _("the decision was made"))])
            ok &= self._reason(row, outcome)
            ok &= self._informed(row, outcome)
        if outcome == "identified":
            ok &= self._identified(row, person)
        else:
            ok &= self._refuse(s, row, IDENTIFICATION_ONLY, _("Only an identification (outcome "
                                                              "identified) records this."))
        if not ok:
            return None
        received_day = chronology.day_of(received)
        age = ident_rules.age_at(person["date_of_birth"], person["birth_year"], received_day)
        row["is_child"] = age is not None and age < 18
        row["is_foreign"] = ident_rules.is_foreign(person["citizenships"])
        row["target_date"] = ident_rules.target_date(received_day, row["is_child"] or row["is_foreign"])
        if outcome is not None:
            row["age_at_identification"] = ident_rules.age_at(
                person["date_of_birth"], person["birth_year"], chronology.day_of(row["approved_at"]))
            began = row["exploitation_began_on"]
            row["age_at_exploitation_start"] = ident_rules.age_at(
                person["date_of_birth"], person["birth_year"], began) if began else None
        return row

    @cached_property
    def pairs(self) -> set:
        """(report, person) of the file's identification rows so far."""
        return set()

    @cached_property
    def existing_pairs(self) -> set:
        """(report, person) of the file's identification rows that already have a procedure
        (both imported before, the procedure entered since)."""
        from atis.identification.models import Procedure

        reports, persons = self.out.known["reports"], self.out.known["persons"]
        by_pk = {(r["pk"], p["pk"]): (rr, pr) for rr, r in reports.items()
                 for pr in r["persons"] if (p := persons.get(pr))}
        found = set()
        for chunk in chunks(sorted({r for r, _p in by_pk})):
            found |= set(Procedure.objects.filter(report_id__in=chunk)
                         .values_list("report_id", "person_id"))
        return {by_pk[pair] for pair in found if pair in by_pk}

    def _reason(self, row: dict, outcome: str) -> bool:
        list_code = REASON_LIST.get(outcome)
        if list_code is None:
            return self._refuse("identifications", row, ["reason"],
                                _("An identification has no reason code."))
        if not row["reason"]:
            self.out.problem("identifications", row["_row"], "reason",
                             _("Give the reason for this outcome."))
            return False
        if row["reason"] not in self.lookups.codes(list_code):
            self.out.problem("identifications", row["_row"], "reason",
                             _("Unknown code(s): %(codes)s.") % {"codes": row["reason"]})
            return False
        return True

    def _informed(self, row: dict, outcome: str) -> bool:
        s = "identifications"
        if outcome not in ("identified", "not_identified"):
            return self._refuse(s, row, ["person_informed_at", "person_informed_how"], _(
                "Only an identification or a non-identification is communicated to the person."))
        if (row["person_informed_at"] is None) != (not row["person_informed_how"]):
            self.out.problem(s, row["_row"], "person_informed_how" if row["person_informed_at"]
                             else "person_informed_at",
                             _("Give both when and how the person was informed."))
            return False
        return self._dated(s, row, "person_informed_at",
                           [(row["approved_at"], _("the decision took effect"))])

    def _identified(self, row: dict, person: dict) -> bool:
        s = "identifications"
        if not row["forms"]:
            self.out.problem(s, row["_row"], "forms",
                             _("An identification needs at least one form of exploitation."))
            return False
        ok = self._dated(s, row, "exploitation_began_on")
        began, dob = row["exploitation_began_on"], person["date_of_birth"]
        if began and ((dob and began < dob) or (person["birth_year"] and began.year < person["birth_year"])):
            self.out.problem(s, row["_row"], "exploitation_began_on",
                             _("This is before the person was born."))
            ok = False
        return ok

    # --- protection ------------------------------------------------------------------------

    def _first_known(self, person: dict) -> tuple:
        return person["first_known_on"], _("the person was first known")

    def _services(self, row: dict) -> dict | None:
        person = self._resolve("services", row, "person", "persons")
        if person is None or not self._dated("services", row, "delivered_on",
                                             [self._first_known(person)]):
            return None
        row["sessions"] = row["sessions"] or 1
        return row

    def _shelter_stays(self, row: dict) -> dict | None:
        s = "shelter_stays"
        person = self._resolve(s, row, "person", "persons")
        if person is None:
            return None
        admitted = row["admitted_on"]
        ok = self._dated(s, row, "admitted_on", [self._first_known(person)])
        ok &= self._dated(s, row, "recovery_on", [(admitted, _("the admission"))])
        if row["preparation_on"] is not None and row["recovery_on"] is None:
            self.out.problem(s, row["_row"], "recovery_on", _(
                "The phases follow each other: adaptation, recovery, preparation for independence."))
            ok = False
        ok &= self._dated(s, row, "preparation_on", [(row["recovery_on"], _("the recovery phase began"))])
        last_phase = row["preparation_on"] or row["recovery_on"] or admitted
        ok &= self._dated(s, row, "left_on", [(last_phase, _("the last phase began"))])
        if row["left_on"] and row["left_on"] > prot_rules.latest_end(admitted):
            self.out.problem(s, row["_row"], "left_on", _("A stay cannot last more than 12 months."))
            ok = False
        if (row["left_on"] is None) != (not row["departure_reason"]):
            self.out.problem(s, row["_row"], "departure_reason" if row["left_on"] else "left_on",
                             _("Give both the day the person left and the reason."))
            ok = False
        if not ok:
            return None
        for other in person["stays"]:
            if _overlap((admitted, row["left_on"]), other):
                self.out.problem(s, row["_row"], "admitted_on",
                                 _("This stay overlaps another stay of the same person."))
                return None
        row["is_return"] = any(other[0] < admitted for other in person["stays"])
        person["stays"].append((admitted, row["left_on"]))
        months = prot_rules.MAX_STAY_MONTHS if row["extended"] else prot_rules.FIRST_STAY_MONTHS
        row["ends_on"] = prot_rules.add_months(admitted, months)
        return row

    # --- justice ---------------------------------------------------------------------------

    def _criminal_cases(self, row: dict) -> dict | None:
        if not self._dated("criminal_cases", row, "opened_on"):
            return None
        row["event_courts"] = set()
        return row

    def _defendants(self, row: dict) -> dict | None:
        s = "defendants"
        case = self._resolve(s, row, "case", "criminal_cases")
        person = self._resolve(s, row, "person", "persons") if row["person"] else True
        if case is None or person is None:
            return None
        if row["birth_year"] is not None and row["birth_year"] > self.today.year:
            self.out.problem(s, row["_row"], "birth_year", _("Not a plausible year of birth."))
            return None
        row["stage"], row["in_custody"], row["last_on"], row["events"] = \
            machine.St.REPORTED, False, None, []
        return row

    def _damaged_parties(self, row: dict) -> dict | None:
        s = "damaged_parties"
        case = self._resolve(s, row, "case", "criminal_cases")
        person = self._resolve(s, row, "person", "persons")
        if case is None or person is None:
            return None
        pair = (row["case"], row["person"])
        if pair in self.party_pairs:
            self.out.problem(s, row["_row"], "person",
                             _("This person is already a damaged party in the case."))
            return None
        self.party_pairs.add(pair)
        if row["compensation_paid"] and not row["compensation_awarded"]:
            self.out.problem(s, row["_row"], "compensation_paid",
                             _("Nothing was awarded that could be paid."))
            return None
        row["pvw_status"] = row["pvw_status"] or "none"
        return row

    @cached_property
    def party_pairs(self) -> set:
        """(case, person) pairs already damaged parties (imported before), then the file's."""
        from atis.justice.models import DamagedParty

        cases, persons = self.out.known["criminal_cases"], self.out.known["persons"]
        case_refs = {c["pk"]: ref for ref, c in cases.items()}
        person_refs = {p["pk"]: ref for ref, p in persons.items()}
        pairs = set()
        for chunk in chunks(sorted(case_refs)):
            for case_id, person_id in DamagedParty.objects.filter(case_id__in=chunk).values_list(
                    "case_id", "person_id"):
                if person_id in person_refs:
                    pairs.add((case_refs[case_id], person_refs[person_id]))
        return pairs

    def _events(self, row: dict) -> dict | None:
        s, kind = "events", row["kind"]
        case = self._resolve(s, row, "case", "criminal_cases")
        defendant = self._resolve(s, row, "defendant", "defendants") if row["defendant"] else None
        party = self._resolve(s, row, "damaged_party", "damaged_parties") if row["damaged_party"] else None
        if case is None or (row["defendant"] and defendant is None) or \
                (row["damaged_party"] and party is None):
            return None
        ok = True
        if kind in machine.SCHEDULABLE:
            ok &= self._catch(s, row, chronology.not_before, row["on"], case["opened_on"], field="on",
                              step=_("the criminal report was filed"))
        else:
            ok &= self._dated(s, row, "on", [(case["opened_on"], _("the criminal report was filed"))])
        needs_victim = kind in machine.VICTIM_EVENTS
        needs_defendant = not needs_victim and kind not in machine.CASE_EVENTS and \
            kind != machine.K.CRIMINAL_REPORT
        if needs_victim and party is None:
            self.out.problem(s, row["_row"], "damaged_party", _("Name the damaged party this concerns."))
            ok = False
        if needs_defendant and defendant is None:
            self.out.problem(s, row["_row"], "defendant", _("Name the defendant this concerns."))
            ok = False
        if defendant is not None and defendant["case"] != row["case"]:
            self.out.problem(s, row["_row"], "defendant", _("This defendant is in another case."))
            ok = False
        if party is not None and party["case"] != row["case"]:
            self.out.problem(s, row["_row"], "damaged_party", _("This damaged party is in another case."))
            ok = False
        ok &= self._catch(s, row, _sentence, row)
        if not ok:
            return None
        if row["court"]:
            case.setdefault("event_courts", set()).add(row["court"])
        row["recorded_by_organisation"] = row["recorded_by_organisation"] or row["court"] or \
            case.get("prosecutor_office") or case.get("police_administration") or ""
        if defendant is not None:
            defendant.setdefault("events", []).append(row)
        if party is not None and kind == machine.K.PVW_GRANTED:
            party["pvw_status"] = "granted"
            party["pvw_changed"] = True
        return row

    def _events_in_order(self) -> None:
        """Each defendant's events, in date order, must follow the stages of the
        proceedings (a release after a detention, a judgement after an indictment …)."""
        defendants = {**self.out.known["defendants"], **self.out.rows["defendants"]}
        for ref, defendant in defendants.items():
            events = sorted(defendant.get("events", []), key=lambda e: (e["on"], e["_row"]))
            if not events:
                continue
            state = SimpleNamespace(stage=defendant["stage"], in_custody=defendant["in_custody"])
            for event in events:
                if defendant["last_on"] and event["kind"] in machine.STAGE_EVENTS and \
                        event["on"] < defendant["last_on"]:
                    self.out.problem("events", event["_row"], "on", _(
                        "This is before the defendant's previous step (%(date)s).")
                        % {"date": chronology.shown(defendant["last_on"])})
                    break
                try:
                    stage = machine.next_stage(state, event["kind"], event["outcome"])
                    custody = machine.check_custody(state, event["kind"])
                except DomainError as exc:
                    for message in exc.fields.get("kind", []):
                        self.out.problem("events", event["_row"], "kind", message)
                    break
                if stage:
                    state.stage = stage
                if stage == machine.St.FINAL_CONVICTION and event["sentence_months"]:
                    custody = True
                if custody is not None:
                    state.in_custody = custody
            self.out.defendant_states[ref] = state


def _sentence(row: dict) -> None:
    """The sentence, fine and outcome rules of a proceeding event (justice services)."""
    kind, months, fine, outcome = row["kind"], row["sentence_months"], row["fine"], row["outcome"]
    sentencing = kind in machine.SENTENCING and (kind != machine.K.FINAL_JUDGEMENT or outcome == "convicted")
    if (months or fine) and not sentencing:
        raise DomainError({"sentence_months": _("A sentence needs a conviction.")})
    if kind in (machine.K.CONVICTION, machine.K.PLEA_AGREEMENT) and not (months or fine):
        raise DomainError({"sentence_months": _("A conviction records the sentence or the fine.")})
    if kind == machine.K.FINAL_JUDGEMENT and not outcome:
        raise DomainError({"outcome": _("A final judgement convicts, acquits or rejects the "
                                        "charges.")})
    if kind != machine.K.FINAL_JUDGEMENT and outcome:
        raise DomainError({"outcome": _("Only a final judgement has an outcome.")})
    if kind == machine.K.RECLASSIFICATION and not row["reclassified_to"]:
        raise DomainError({"reclassified_to": _("Give the offence the case was reclassified to.")})
    if kind != machine.K.RECLASSIFICATION and row["reclassified_to"]:
        raise DomainError({"reclassified_to": _("Only a reclassification has this.")})


def _overlap(a: tuple, b: tuple) -> bool:
    """Two stays (admitted, left or None) overlap; leaving and coming back the same day does not."""
    far = datetime.date.max
    return a[0] < (b[1] or far) and b[0] < (a[1] or far)


# --- records imported before -------------------------------------------------------------------

def _mapped(source: str, sheet: str, refs: list[str]) -> dict[str, int]:
    """source reference → record id, for the refs imported before from `source`."""
    found = {}
    for chunk in chunks(refs):
        found.update(ImportedRecord.objects.filter(source=source, sheet=sheet,
                                                   source_reference__in=chunk)
                     .values_list("source_reference", "object_id"))
    return found


def _refs_of(source: str, sheet: str, ids) -> dict[int, str]:
    found = {}
    for chunk in chunks(sorted(set(ids))):
        found.update(ImportedRecord.objects.filter(source=source, sheet=sheet, object_id__in=chunk)
                     .values_list("object_id", "source_reference"))
    return found


def _pseudonyms(ids: list[int]) -> dict[int, str]:
    from atis.people.models import Person

    found = {}
    for chunk in chunks(ids):
        found.update(Person.objects.filter(pk__in=chunk).values_list("pk", "pseudonym"))
    return found


def _by_ref(found: dict[str, int], facts: dict[int, dict]) -> dict[str, dict]:
    return {ref: facts[pk] for ref, pk in found.items() if pk in facts}


def _load_persons(source: str, found: dict[str, int]) -> dict[str, dict]:
    from atis.people.models import Person, PersonIdentity
    from atis.protection.models import ShelterStay

    facts: dict[int, dict] = {}
    for chunk in chunks(list(found.values())):
        for pk, pseudonym, sex, birth_year, first_known_on in Person.objects.filter(
                pk__in=chunk).values_list("pk", "pseudonym", "sex", "birth_year", "first_known_on"):
            facts[pk] = {"pk": pk, "pseudonym": pseudonym, "sex": sex, "birth_year": birth_year,
                         "first_known_on": first_known_on, "date_of_birth": None,
                         "citizenships": [], "stays": []}
        for pk, code in Person.citizenships.through.objects.filter(
                person_id__in=chunk).values_list("person_id", "country__code"):
            facts[pk]["citizenships"].append(code)
        # Through the instances: encrypted values are bound to their row (.values_list()
        # gives them sealed).
        for identity in PersonIdentity.objects.filter(person_id__in=chunk).only(
                "person_id", "date_of_birth"):
            facts[identity.person_id]["date_of_birth"] = identity.date_of_birth
        for pk, admitted, left in ShelterStay.objects.filter(person_id__in=chunk).values_list(
                "person_id", "admitted_on", "left_on"):
            facts[pk]["stays"].append((admitted, left))
    return _by_ref(found, facts)


def _load_reports(source: str, found: dict[str, int]) -> dict[str, dict]:
    from atis.intake.models import Report, ReportPerson

    facts: dict[int, dict] = {}
    for chunk in chunks(list(found.values())):
        for pk, received, triaged, status in Report.objects.filter(pk__in=chunk).values_list(
                "pk", "received_at", "triaged_at", "status"):
            facts[pk] = {"pk": pk, "received_at": received, "triaged_at": triaged,
                         "triage_outcome": status if status in ("accepted", "dismissed") else None,
                         "persons": []}
        links = list(ReportPerson.objects.filter(report_id__in=chunk).values_list("report_id",
                                                                                   "person_id"))
        refs = _refs_of(source, "persons", [p for _r, p in links])
        for report_id, person_id in links:
            if person_id in refs:
                facts[report_id]["persons"].append(refs[person_id])
    return _by_ref(found, facts)


def _load_cases(source: str, found: dict[str, int]) -> dict[str, dict]:
    from atis.justice.models import CriminalCase

    facts = {}
    for chunk in chunks(list(found.values())):
        for pk, opened_on, police, prosecutor in CriminalCase.objects.filter(pk__in=chunk).values_list(
                "pk", "opened_on", "police_administration__code", "prosecutor_office__code"):
            facts[pk] = {"pk": pk, "opened_on": opened_on, "police_administration": police or "",
                         "prosecutor_office": prosecutor or "", "event_courts": set()}
    return _by_ref(found, facts)


def _load_defendants(source: str, found: dict[str, int]) -> dict[str, dict]:
    from django.db.models import Max

    from atis.justice.models import Defendant

    facts = {}
    for chunk in chunks(list(found.values())):
        rows = list(Defendant.objects.filter(pk__in=chunk).values_list("pk", "case_id", "stage",
                                                                        "in_custody"))
        cases = _refs_of(source, "criminal_cases", [c for _p, c, _s, _i in rows])
        last = dict(Defendant.objects.filter(pk__in=chunk, events__kind__in=list(machine.STAGE_EVENTS))
                    .values("pk").annotate(last=Max("events__on")).values_list("pk", "last"))
        for pk, case_id, stage, in_custody in rows:
            facts[pk] = {"pk": pk, "case": cases.get(case_id, ""), "stage": stage,
                         "in_custody": in_custody, "last_on": last.get(pk), "events": []}
    return _by_ref(found, facts)


def _load_parties(source: str, found: dict[str, int]) -> dict[str, dict]:
    from atis.justice.models import DamagedParty

    facts = {}
    for chunk in chunks(list(found.values())):
        rows = list(DamagedParty.objects.filter(pk__in=chunk).values_list("pk", "case_id", "person_id",
                                                                           "pvw_status"))
        cases = _refs_of(source, "criminal_cases", [r[1] for r in rows])
        persons = _refs_of(source, "persons", [r[2] for r in rows])
        for pk, case_id, person_id, pvw in rows:
            facts[pk] = {"pk": pk, "case": cases.get(case_id, ""), "person": persons.get(person_id, ""),
                         "pvw_status": pvw}
    return _by_ref(found, facts)


LOADERS = {"persons": _load_persons, "reports": _load_reports, "criminal_cases": _load_cases,
           "defendants": _load_defendants, "damaged_parties": _load_parties}
