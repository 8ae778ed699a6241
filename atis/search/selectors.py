"""One search box over the records a user may open.

What `q` finds, each kind through its own app's visibility rule (atis.people.policy,
atis.identification.policy, atis.intake.policy, atis.justice.policy), so a user never
gets a result whose page they could not open:

- persons whose pseudonym starts with `q` (`V-2026-0042`, or `V-2026` for a year's);
- identification procedures of those persons;
- reports whose reference starts with `q` (`R-2026-0007`);
- criminal cases whose reference starts with `q` (`J-2026-0003`), whose police,
  prosecution or court case number is `q` (exact, case folded), or in which a person
  whose pseudonym starts with `q` is a damaged party (how the police, prosecutors and
  courts find the persons of their own cases: they see the case, not the person's file);
- for the Centre only (the action `search.by_name`), persons (and their procedures)
  whose full name, or an alias, is `q`, with their date of birth when one is given.

Names are looked up in the blind index (atis.people.identifiers: HMAC digests of the
name folded by atis.core.normalise, so `Јована Петровић`, `Jovana Petrovic` and
`PETROVIĆ Jovana` meet), never by decrypting anything. The index holds whole names,
so a name search is exact on the full name (any order of its words), not on a part of
it; a date of birth is searched only with a name (it is indexed only with one).

Personal data never travels in a URL: pseudonyms, references and case numbers are not
personal data and are searched from a GET (the header's box, bookmarks, links), but a
name or a date of birth is searched only from a POST body (the search page's form and
`POST /api/v1/search/`). A name sent in a query string is not searched (the answer says
so: `name_search` is "post_only"). Text counts as a name when it folds to at least one
letter or digit and has no digit and no leading "X-" (the shape of every identifier).

Every name search is audited (`search.by_name`: the kind of search and the number of
persons found, never the text searched or a name). A role that may not search by name
gets the other kinds only ("refused"), without an error: the page says so.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.db.models import CharField, F, IntegerField, Q, QuerySet, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from atis.audit import services as audit
from atis.core import access
from atis.core.errors import DomainError
from atis.core.normalise import name_key
from atis.core.paging import BOUND
from atis.identification import policy as identification_policy
from atis.intake import policy as intake_policy
from atis.justice import policy as justice_policy
from atis.justice.models import DamagedParty
from atis.people import policy as people_policy
from atis.people.identifiers import query_digests
from atis.people.models import IdentifierIndex, Person

MAX_QUERY = 200
PER_PAGE = 50
MAX_PAGE = 10_000  # far past the counted bound; keeps an OFFSET a database can hold

PERSON, PROCEDURE, REPORT, CASE = "person", "procedure", "report", "case"
KINDS = (PERSON, PROCEDURE, REPORT, CASE)  # the order results are listed in
KIND_LABELS = {PERSON: gettext_lazy("Person"), PROCEDURE: gettext_lazy("Identification procedure"),
               REPORT: gettext_lazy("Report"), CASE: gettext_lazy("Criminal case")}
# What the page says each kind is found by.
KIND_SCOPES = {PERSON: gettext_lazy("persons by pseudonym"),
               PROCEDURE: gettext_lazy("identification procedures by the person's pseudonym"),
               REPORT: gettext_lazy("reports by reference"),
               CASE: gettext_lazy("criminal cases by reference, case number or a damaged "
                                  "party's pseudonym")}

# How the name search went (`Outcome.name_search`).
NAME_NONE = "none"            # the text is an identifier, no date of birth: no name search
NAME_DONE = "done"            # searched by name (and date of birth), audited
NAME_REFUSED = "refused"      # a name or date of birth from a role that may not search by it
NAME_POST_ONLY = "post_only"  # a name in a query string: names are searched from a body only
NAME_SEARCH = (NAME_NONE, NAME_DONE, NAME_REFUSED, NAME_POST_ONLY)

AUDIT_ACTION = "search.by_name"

_DASHES = re.compile(r"[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]")
_SPACES = re.compile(r"\s+")
# Every identifier ATIS hands out has a digit or starts with a letter and a hyphen (V-, R-, J-).
_IDENTIFIER = re.compile(r"\d|^[^\W\d_]-")


def clean_text(text: str) -> str:
    """The query as typed, compatibility-normalised: one space between words, Unicode
    dashes as "-" (a pasted `V‑2026‑0042` is still the pseudonym)."""
    text = unicodedata.normalize("NFKC", text or "")
    return _SPACES.sub(" ", _DASHES.sub("-", text)).strip()


def is_name(text: str) -> bool:
    """Whether the query is a name rather than an identifier (see the module docstring)."""
    text = clean_text(text)
    return bool(name_key(text)) and not _IDENTIFIER.search(text)


def may_search_by_name(user) -> bool:
    return access.may(user, "search.by_name")


def searchable_kinds(user) -> list[str]:
    """The kinds of record the user's role can find (each still filtered record by record)."""
    kinds = []
    if access.may(user, "person.view"):
        kinds.append(PERSON)
    if access.may(user, "procedure.view"):
        kinds.append(PROCEDURE)
    if access.may(user, "report.submit") or access.may(user, "report.triage"):
        kinds.append(REPORT)
    if access.may(user, "case.view"):
        kinds.append(CASE)
    return kinds


@dataclass
class Outcome:
    """`rows`: one ordered queryset of result rows (dicts: result_rank, result_kind,
    result_key, result_label), to paginate and then `describe`."""

    rows: QuerySet
    text: str
    kinds: list[str]
    name_search: str = NAME_NONE


def search(*, user, text: str, date_of_birth=None, in_body: bool) -> Outcome:
    """The records `user` may open that `text` (and `date_of_birth`) find. `in_body`:
    the text came in a request body (POST), so a name may be searched. A date of birth
    without a name is refused (DomainError on `q`); nothing else is an error."""
    text = clean_text(text)
    if not text:  # nothing left once normalised: never an empty prefix, which matches all
        raise DomainError({"q": _("Enter what to search for.")})
    kinds = searchable_kinds(user)
    name_ids, status = None, NAME_NONE
    name_asked = date_of_birth is not None or is_name(text)
    if name_asked and not may_search_by_name(user):
        status = NAME_REFUSED
    elif name_asked and not in_body:
        status = NAME_POST_ONLY
    elif name_asked:
        if not is_name(text):
            raise DomainError({"q": _("Enter the person's full name with the date of birth: "
                                      "a date of birth alone is not searched.")})
        name_ids, status = _name_matches(text, date_of_birth), NAME_DONE
    rows = _rows(user, text, kinds, name_ids)
    if status == NAME_DONE:
        found = people_policy.visible_persons(user).filter(pk__in=name_ids).order_by()
        count = found[:BOUND + 1].count()
        audit.record(user, AUDIT_ACTION, None,
                     kind="name_birth" if date_of_birth is not None else "name",
                     results=min(count, BOUND), results_exact=count <= BOUND)
    return Outcome(rows, text, kinds, status)


def _name_matches(text: str, date_of_birth) -> QuerySet:
    """Ids of the persons whose indexed name (with the date of birth, when given) is the
    text's: a subquery on the blind index (no access check: the callers filter)."""
    kind = IdentifierIndex.Kind.NAME_BIRTH if date_of_birth is not None else IdentifierIndex.Kind.NAME
    digests = [digest for digest, k in query_digests(given_name=text, date_of_birth=date_of_birth)
               .items() if k == kind]
    return IdentifierIndex.objects.filter(digest__in=digests).values("person_id")


def _branch(qs: QuerySet, kind: str, label: str) -> QuerySet:
    return (qs.order_by()
            .annotate(result_rank=Value(KINDS.index(kind), output_field=IntegerField()),
                      result_kind=Value(kind, output_field=CharField()),
                      result_key=F("pk"), result_label=F(label))
            .values("result_rank", "result_kind", "result_key", "result_label"))


def _rows(user, text: str, kinds: list[str], name_ids) -> QuerySet:
    """One UNION ALL of a branch per kind the user can find, in kind order, then by
    identifier. Pseudonyms and references are upper case: the prefix is matched as such
    (a LIKE 'V-2026%' that the column's index serves)."""
    prefix = text.upper()
    by_name = Q(pk__in=name_ids) if name_ids is not None else Q(pk__in=[])
    branches = []
    if PERSON in kinds:
        branches.append(_branch(people_policy.visible_persons(user).filter(
            Q(pseudonym__startswith=prefix) | by_name), PERSON, "pseudonym"))
    if PROCEDURE in kinds:
        procedures = identification_policy.visible_procedures(user).filter(
            Q(person__pseudonym__startswith=prefix)
            | (Q(person_id__in=name_ids) if name_ids is not None else Q(pk__in=[])))
        branches.append(_branch(procedures, PROCEDURE, "person__pseudonym"))
    if REPORT in kinds:
        branches.append(_branch(intake_policy.visible_reports(user).filter(
            reference__startswith=prefix), REPORT, "reference"))
    if CASE in kinds:
        parties = DamagedParty.objects.filter(person__pseudonym__startswith=prefix).values("case_id")
        cases = justice_policy.visible_cases(user).filter(
            Q(reference__startswith=prefix) | Q(police_number__iexact=text)
            | Q(prosecution_number__iexact=text) | Q(court_number__iexact=text)
            | Q(pk__in=parties))
        branches.append(_branch(cases, CASE, "reference"))
    if not branches:
        return _branch(Person.objects.none(), PERSON, "pseudonym")
    rows = branches[0].union(*branches[1:], all=True) if len(branches) > 1 else branches[0]
    return rows.order_by("result_rank", "result_label", "result_key")


def describe(*, user, rows, outcome: Outcome) -> list[dict]:
    """The page's rows as results: kind, label, the page and API paths to open, and a
    line of detail. Each kind's records are read again through its visibility rule (a
    query per kind on the page, however many rows)."""
    rows = list(rows)
    keys: dict[str, list] = {}
    for row in rows:
        keys.setdefault(row["result_kind"], []).append(row["result_key"])
    found = {kind: _records(user, kind, pks, outcome) for kind, pks in keys.items()}
    results = []
    for row in rows:
        record = found[row["result_kind"]].get(row["result_key"])
        if record is not None:  # gone (or out of reach) since the page was counted
            results.append(_result(row["result_kind"], record, outcome))
    return results


def _records(user, kind: str, pks: list, outcome: Outcome) -> dict:
    if kind == PERSON:
        return people_policy.visible_persons(user).in_bulk(pks)
    if kind == PROCEDURE:
        return (identification_policy.visible_procedures(user)
                .select_related("person", "report").in_bulk(pks))
    if kind == REPORT:
        return intake_policy.visible_reports(user).in_bulk(pks)
    cases = justice_policy.visible_cases(user).in_bulk(pks)
    for case in cases.values():
        case.matched_persons = []
    # The damaged parties the pseudonym prefix found (the pseudonym is what the case's
    # police, prosecutors and courts see of a victim).
    parties = (DamagedParty.objects.filter(case_id__in=list(cases),
                                           person__pseudonym__startswith=outcome.text.upper())
               .order_by("person__pseudonym").values_list("case_id", "person__pseudonym"))
    for case_id, pseudonym in parties:
        cases[case_id].matched_persons.append(pseudonym)
    return cases


def _result(kind: str, record, outcome: Outcome) -> dict:
    if kind == PERSON:
        label, url, api = record.pseudonym, reverse("person-detail", args=[record.pseudonym]), \
            reverse("api-person", args=[record.pseudonym])
        detail = _("first known on %(date)s") % {"date": record.first_known_on.isoformat()}
    elif kind == PROCEDURE:
        label, url, api = record.person.pseudonym, reverse("procedure-detail", args=[record.pk]), \
            reverse("api-identification", args=[record.pk])
        detail = _("%(status)s; report %(reference)s") % {
            "status": record.get_status_display(), "reference": record.report.reference}
    elif kind == REPORT:
        label, url, api = record.reference, reverse("report-detail", args=[record.reference]), \
            reverse("api-report", args=[record.reference])
        detail = _("%(status)s; received on %(date)s") % {
            "status": record.get_status_display(),
            "date": timezone.localdate(record.received_at).isoformat()}
    else:
        label, url, api = record.reference, reverse("case-page", args=[record.pk]), \
            reverse("api-case", args=[record.pk])
        numbers = [n for n in (record.police_number, record.prosecution_number,
                               record.court_number) if n]
        detail = _("criminal report filed on %(date)s") % {"date": record.opened_on.isoformat()}
        if numbers:
            detail += "; " + ", ".join(numbers)
        if record.matched_persons:
            detail += "; " + _("damaged party %(pseudonyms)s") % {
                "pseudonyms": ", ".join(record.matched_persons)}
    return {"kind": kind, "kind_label": str(KIND_LABELS[kind]), "label": label, "url": url,
            "api_url": api, "detail": detail}


def page_number(raw) -> int:
    """A page number from a request, never one that would overflow an OFFSET."""
    try:
        return min(max(int(str(raw)[:12]), 1), MAX_PAGE)
    except (TypeError, ValueError):
        return 1
