"""The legacy import's template: one sheet per record kind, in the order they are read
(a sheet refers only to sheets before it), and the columns of each.

This module is data. Importing it touches no database and loads no model, so tests and
file generators may use it freely; `allowed_codes()` looks the codes of a column up when
asked. The engine (`services.py`), the downloadable template (`workbook.py`) and the docs
are all generated from it.

Cell formats (docs/admin-guide.md, "Migrating from spreadsheets"):
- text: as is, trimmed; `max_length` characters at most;
- integer, decimal: a number (a decimal point, not a comma);
- boolean: yes/no (also true/false, 1/0, da/ne); blank is "unknown" where the record
  knows "unknown", else "no";
- date: YYYY-MM-DD (or a date cell);
- datetime: YYYY-MM-DD, or ISO 8601 with the time (2024-03-05T10:30, optionally with
  an offset); without an offset the time is Belgrade's; a date alone is that day;
- code: a code of the named code list (the `code_lists` sheet of the template);
- choice: one of the fixed codes listed on the column;
- country: ISO 3166-1 alpha-2 (RS, UA …); language: ISO 639 (sr, en, uk …);
- organisation: an organisation's code in ATIS (its list is on the `code_lists` sheet);
- reference: the source reference of a row of the named sheet, in this file or in an
  earlier import from the same source system;
- forms: forms of exploitation, each `form` or `form:sub-type` (sexual:sexual_commercial);
- a column with `many` holds a list separated by ";".
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

TEXT = "text"
INTEGER = "integer"
DECIMAL = "decimal"
BOOLEAN = "boolean"
DATE = "date"
DATETIME = "datetime"
CODE = "code"
CHOICE = "choice"
COUNTRY = "country"
LANGUAGE = "language"
ORGANISATION = "organisation"
REFERENCE = "reference"
FORMS = "forms"
TYPES = (TEXT, INTEGER, DECIMAL, BOOLEAN, DATE, DATETIME, CODE, CHOICE, COUNTRY, LANGUAGE,
         ORGANISATION, REFERENCE, FORMS)

SEPARATOR = ";"
SUBTYPE_SEPARATOR = ":"
TRUE = frozenset({"yes", "true", "1", "da", "y"})
FALSE = frozenset({"no", "false", "0", "ne", "n"})
# Sheets of the downloadable template that document it; the import skips them.
GUIDE_SHEET = "guide"
CODES_SHEET = "code_lists"


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: Promise | str = ""
    required: bool = False
    many: bool = False
    max_length: int | None = None
    minimum: int | None = None
    maximum: int | None = None
    code_lists: tuple[str, ...] = ()  # type code: the reference code list(s)
    choices: tuple[str, ...] = ()  # type choice: the codes allowed
    sheet: str = ""  # type reference: the sheet referred to
    organisation_types: tuple[str, ...] = ()  # type organisation: the types allowed (any if empty)
    personal: bool = False  # personal data: encrypted at rest, never repeated in a message


@dataclass(frozen=True)
class Sheet:
    name: str
    description: Promise | str
    columns: tuple[Column, ...]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]


def _ref() -> Column:
    return Column("source_reference", TEXT, _("The row's own reference in the source system "
                                              "(unique in the sheet). Importing it again "
                                              "creates nothing new."), required=True,
                  max_length=100)


YES_NO = _("yes or no; blank: unknown.")

PERSONS = Sheet("persons", _("Persons (victims and presumed victims). Identity columns are "
                             "encrypted on the way in and blind-indexed; duplicates of persons "
                             "already in ATIS are reported."), (
    _ref(),
    Column("sex", CODE, _("Blank: unknown."), code_lists=("sex",)),
    Column("birth_year", INTEGER, _("Blank: taken from the date of birth."), minimum=1900),
    Column("date_of_birth", DATE, personal=True),
    Column("given_name", TEXT, max_length=100, personal=True),
    Column("family_name", TEXT, max_length=100, personal=True),
    Column("aliases", TEXT, many=True, max_length=200, personal=True),
    Column("place_of_birth", TEXT, max_length=200, personal=True),
    Column("document_type", CODE, _("The type of the identity document below."),
           code_lists=("identity_document",)),
    Column("document_number", TEXT, max_length=50, personal=True),
    Column("document_country", COUNTRY, _("The country that issued the document.")),
    Column("phones", TEXT, many=True, max_length=40, personal=True),
    Column("addresses", TEXT, many=True, max_length=300, personal=True),
    Column("citizenships", COUNTRY, many=True),
    Column("languages", LANGUAGE, many=True),
    Column("first_known_on", DATE, _("Blank: the receipt of the person's first report in the "
                                     "file, else the day of the import.")),
))

REPORTS = Sheet("reports", _("Reports of suspected trafficking, with their triage."), (
    _ref(),
    Column("received_at", DATETIME, required=True),
    Column("channel", CODE, required=True, code_lists=("report_channel",)),
    Column("source_type", CODE, required=True, code_lists=("report_source",)),
    Column("source_organisation", ORGANISATION, _("The organisation that reported, if known.")),
    Column("persons", REFERENCE, _("The persons concerned (at most 20)."), required=True,
           many=True, sheet="persons"),
    Column("suspected_forms", CODE, many=True, code_lists=("exploitation_form",)),
    Column("exploitation_place", TEXT, max_length=100),
    Column("exploitation_country", COUNTRY),
    Column("narrative", TEXT, max_length=10000, personal=True),
    Column("triage_outcome", CHOICE, _("accepted (identification opened), dismissed, or blank "
                                       "(not yet triaged)."), choices=("accepted", "dismissed")),
    Column("triaged_at", DATETIME, _("Blank: the day the report was received.")),
    Column("dismissal_reason", CODE, _("Required when dismissed."),
           code_lists=("dismissal_reason",)),
    Column("referred_to", ORGANISATION, _("Dismissed reports only: where the person was "
                                          "referred for help.")),
))

IDENTIFICATIONS = Sheet("identifications", _(
    "Identification procedures (one per person and report; the report must be accepted) and "
    "the Centre's decision. Blank outcome: the procedure is still open."), (
    _ref(),
    Column("report", REFERENCE, required=True, sheet="reports"),
    Column("person", REFERENCE, _("One of the report's persons."), required=True,
           sheet="persons"),
    Column("opened_at", DATETIME, _("Blank: when the report was accepted.")),
    Column("outcome", CHOICE, _("Blank: still open."),
           choices=("identified", "not_identified", "terminated", "suspended")),
    Column("decided_at", DATETIME, _("Required with an outcome.")),
    Column("approved_at", DATETIME, _("When the decision took effect (statistics count it "
                                      "then). Blank: when it was decided.")),
    Column("reason", CODE, _("Required when not identified (not_identified_reason), terminated "
                             "or suspended (termination_reason)."),
           code_lists=("not_identified_reason", "termination_reason")),
    Column("forms", FORMS, _("Identified only, at least one: form or form:sub-type."),
           many=True, code_lists=("exploitation_form", "exploitation_subtype")),
    Column("recruitment_methods", CODE, many=True, code_lists=("recruitment_method",)),
    Column("recruitment_online", BOOLEAN, _("Internet or social networks used: yes or no; blank: "
                                            "unknown.")),
    Column("exploiter_relations", CODE, many=True, code_lists=("exploiter_relation",)),
    Column("control_methods", CODE, many=True, code_lists=("control_method",)),
    Column("origin_country", COUNTRY),
    Column("exploitation_country", COUNTRY),
    Column("exploitation_municipality", TEXT, max_length=100),
    Column("exploitation_began_on", DATE),
    Column("exploitation_months", INTEGER, minimum=0, maximum=600),
    Column("exploitation_intended", BOOLEAN, _("Exploitation intended, not yet begun.")),
    Column("identified_where", CODE, code_lists=("identification_place",)),
    Column("mixed_migration", BOOLEAN, YES_NO),
    Column("child_school_attendance", BOOLEAN, YES_NO),
    Column("child_in_institutional_care", BOOLEAN, YES_NO),
    Column("child_parent_complicit", BOOLEAN, YES_NO),
    Column("person_informed_at", DATETIME, _("Identified or not identified only.")),
    Column("person_informed_how", CODE, _("Required with the date informed."),
           code_lists=("informed_how",)),
    Column("complaint_right_explained", BOOLEAN),
))

SERVICES = Sheet("services", _("Protection services delivered."), (
    _ref(),
    Column("person", REFERENCE, required=True, sheet="persons"),
    Column("service", CODE, required=True, code_lists=("service_type",)),
    Column("delivered_on", DATE, required=True),
    Column("provider", ORGANISATION, required=True),
    Column("sessions", INTEGER, _("Blank: 1."), minimum=1, maximum=100),
))

SHELTER_STAYS = Sheet("shelter_stays", _("Stays in the Shelter: admission, phases, leaving."), (
    _ref(),
    Column("person", REFERENCE, required=True, sheet="persons"),
    Column("shelter", ORGANISATION, required=True, organisation_types=("shelter",)),
    Column("admitted_on", DATE, required=True),
    Column("recovery_on", DATE, _("When the recovery phase began (blank: not reached).")),
    Column("preparation_on", DATE, _("When the preparation for independence began.")),
    Column("extended", BOOLEAN, _("The stay was extended beyond six months.")),
    Column("left_on", DATE, _("Blank: still staying.")),
    Column("departure_reason", CODE, _("Required with the date left."),
           code_lists=("shelter_departure_reason",)),
    Column("accompanying_children", INTEGER, minimum=0, maximum=10),
    Column("pregnant", BOOLEAN),
))

CRIMINAL_CASES = Sheet("criminal_cases", _("Criminal cases (from the criminal report)."), (
    _ref(),
    Column("opened_on", DATE, _("The criminal report was filed on."), required=True),
    Column("offences", CODE, required=True, many=True, code_lists=("offence",)),
    Column("police_administration", ORGANISATION, organisation_types=("police_administration",)),
    Column("prosecutor_office", ORGANISATION, organisation_types=("prosecutor_office",)),
    Column("courts", ORGANISATION, many=True, organisation_types=("court",)),
    Column("police_number", TEXT, max_length=50),
    Column("prosecution_number", TEXT, max_length=50),
    Column("court_number", TEXT, max_length=50),
    Column("special_evidence", BOOLEAN),
    Column("financial_investigation", BOOLEAN),
    Column("digital_evidence", BOOLEAN),
))

DEFENDANTS = Sheet("defendants", _("Suspects and accused. Their stage and custody follow from "
                                   "the events."), (
    _ref(),
    Column("case", REFERENCE, required=True, sheet="criminal_cases"),
    Column("sex", CODE, _("Blank: unknown."), code_lists=("sex",)),
    Column("birth_year", INTEGER, minimum=1900),
    Column("citizenship", COUNTRY),
    Column("role", CODE, _("Blank: unknown."), code_lists=("defendant_role",)),
    Column("name", TEXT, max_length=200, personal=True),
    Column("person", REFERENCE, _("When the defendant is also a person known to the Centre."),
           sheet="persons"),
))

DAMAGED_PARTIES = Sheet("damaged_parties", _("Victims as damaged parties in a case."), (
    _ref(),
    Column("case", REFERENCE, required=True, sheet="criminal_cases"),
    Column("person", REFERENCE, required=True, sheet="persons"),
    Column("pvw_status", CHOICE, _("Particularly vulnerable witness. Blank: none."),
           choices=("none", "requested", "granted", "refused")),
    Column("proxy", BOOLEAN),
    Column("video_link", BOOLEAN),
    Column("separate_room", BOOLEAN),
    Column("public_excluded", BOOLEAN),
    Column("times_heard", INTEGER, minimum=0, maximum=100),
    Column("claim_route", CHOICE, _("Compensation claim. Blank: none."),
           choices=("criminal", "civil")),
    Column("compensation_claimed", DECIMAL, minimum=0),
    Column("compensation_awarded", DECIMAL, minimum=0),
    Column("compensation_paid", DECIMAL, minimum=0),
))

EVENTS = Sheet("events", _("Proceeding events, in any order: each defendant's events are "
                           "checked in date order against the stages of the proceedings."), (
    _ref(),
    Column("case", REFERENCE, required=True, sheet="criminal_cases"),
    Column("kind", CHOICE, required=True, choices=(
        "criminal_report", "dismissal", "investigation_ordered", "investigation_closed",
        "investigation_terminated", "investigation_suspended", "indictment", "information",
        "plea_agreement", "reclassification", "conviction", "acquittal", "rejection", "appeal",
        "final_judgement", "detention_ordered", "detention_extended", "detention_ended",
        "release_from_prison", "escape", "restraining_order", "psychiatric_treatment", "hearing",
        "victim_interview", "pvw_granted")),
    Column("on", DATE, required=True),
    Column("defendant", REFERENCE, _("Required except for hearings, criminal reports and "
                                     "events of a damaged party."), sheet="defendants"),
    Column("damaged_party", REFERENCE, _("For victim_interview and pvw_granted."),
           sheet="damaged_parties"),
    Column("court", ORGANISATION, organisation_types=("court",)),
    Column("sentence_months", INTEGER, minimum=0, maximum=600),
    Column("fine", DECIMAL, minimum=0),
    Column("confiscation", BOOLEAN),
    Column("outcome", CHOICE, _("Final judgements: convicted, acquitted or rejected."),
           choices=("convicted", "acquitted", "rejected")),
    Column("reclassified_to", CODE, _("Reclassifications: the new offence."),
           code_lists=("offence",)),
    Column("recorded_by_organisation", ORGANISATION, _(
        "The institution the event comes from. Blank: the court, else the case's prosecutor's "
        "office, else its police administration, else the Centre.")),
))

SHEETS: tuple[Sheet, ...] = (PERSONS, REPORTS, IDENTIFICATIONS, SERVICES, SHELTER_STAYS,
                             CRIMINAL_CASES, DEFENDANTS, DAMAGED_PARTIES, EVENTS)
BY_NAME: dict[str, Sheet] = {sheet.name: sheet for sheet in SHEETS}
CODE_LISTS: tuple[str, ...] = tuple(dict.fromkeys(
    code for sheet in SHEETS for column in sheet.columns for code in column.code_lists))


def allowed_codes(column: Column) -> set[str]:
    """The codes a column accepts (reads the code lists, countries, languages or
    organisations; an empty set for columns without a closed list)."""
    from atis.core.models import Organisation
    from atis.reference.models import Country, Language, Term

    if column.type == CHOICE:
        return set(column.choices)
    if column.type in (CODE, FORMS):
        return set(Term.objects.filter(list__in=column.code_lists, active=True)
                   .values_list("code", flat=True))
    if column.type == COUNTRY:
        return set(Country.objects.filter(active=True).values_list("code", flat=True))
    if column.type == LANGUAGE:
        return set(Language.objects.filter(active=True).values_list("code", flat=True))
    if column.type == ORGANISATION:
        qs = Organisation.objects.filter(active=True)
        if column.organisation_types:
            qs = qs.filter(type__in=column.organisation_types)
        return set(qs.values_list("code", flat=True))
    return set()
