"""The search, role by role: each kind of result comes through its app's policy, a name
search is for the Centre only, matches across scripts through the blind index, and is
audited without what was typed; no input makes the page fail."""

import datetime

import pytest
from django.urls import reverse

from atis.audit.models import AuditEntry
from atis.core import access
from atis.core.errors import DomainError
from atis.core.roles import CENTRE_ROLES, Role
from atis.people.models import PersonIdentity
from atis.search import selectors


def found(user, text, *, date_of_birth=None, in_body=True) -> set[tuple[str, str]]:
    outcome = selectors.search(user=user, text=text, date_of_birth=date_of_birth, in_body=in_body)
    return {(r["kind"], r["label"]) for r in selectors.describe(user=user, rows=outcome.rows,
                                                                outcome=outcome)}


def kinds(results) -> set[str]:
    return {kind for kind, _label in results}


# --- what each role finds -----------------------------------------------------------------

def test_a_caseworker_finds_only_their_caseload(search_world):
    w = search_world
    caseworker, jovana = w["users"][Role.CENTRE_CASEWORKER], w["jovana"]
    assert found(caseworker, "V-") == {("person", jovana.pseudonym)}
    assert found(caseworker, w["namesake"].pseudonym) == set()
    assert found(caseworker, w["procedure"].person.pseudonym) == set()
    # ...but every report (the Centre triages them) and no case without a person of theirs.
    assert found(caseworker, w["report"].reference) == {("report", w["report"].reference)}
    assert found(caseworker, w["case"].reference) == set()


def test_the_case_caseworker_finds_the_person_procedure_and_case(search_world):
    w = search_world
    pseudonym = w["procedure"].person.pseudonym
    assert found(w["case_caseworker"], pseudonym) == {
        ("person", pseudonym), ("procedure", pseudonym), ("case", w["case"].reference)}


def test_the_manager_finds_every_kind(search_world):
    w = search_world
    manager = w["users"][Role.CENTRE_MANAGER]
    results = found(manager, "V-")
    assert {("person", w["jovana"].pseudonym), ("person", w["namesake"].pseudonym),
            ("procedure", w["procedure"].person.pseudonym),
            ("case", w["case"].reference), ("case", w["belgrade_case"].reference)} <= results
    assert found(manager, w["report"].reference) == {("report", w["report"].reference)}
    assert found(manager, w["case"].reference) == {("case", w["case"].reference)}


@pytest.mark.parametrize("role", [Role.PARTNER_CASEWORKER, Role.SHELTER_STAFF])
def test_partner_and_shelter_find_only_their_persons(search_world, role):
    w = search_world
    assert found(w["users"][role], "V-") == {("person", w["jovana"].pseudonym)}


def test_police_find_their_own_cases_persons_through_the_case(search_world):
    w = search_world
    police, pseudonym = w["users"][Role.POLICE_OFFICER], w["procedure"].person.pseudonym
    assert found(police, pseudonym) == {("case", w["case"].reference)}
    assert found(police, "V-") == {("case", w["case"].reference)}
    assert found(police, w["namesake"].pseudonym) == set()  # Belgrade's case
    assert found(police, w["belgrade_case"].reference) == set()
    assert found(w["belgrade_police"], "V-") == {("case", w["belgrade_case"].reference)}
    assert found(w["users"][Role.PROSECUTOR], pseudonym) == {("case", w["case"].reference)}
    assert found(w["users"][Role.COURT_STAFF], pseudonym) == set()  # no court on the case yet


def test_a_case_is_found_by_its_police_number(search_world):
    w = search_world
    w["case"].police_number = "KU 123/26"
    w["case"].save(update_fields=["police_number"])
    assert found(w["users"][Role.POLICE_OFFICER], "ku 123/26") == {("case", w["case"].reference)}
    assert found(w["belgrade_police"], "KU 123/26") == set()


def test_a_reporter_finds_only_their_own_reports(search_world, make_user, submit_report):
    w = search_world
    reporter = w["users"][Role.REPORTER]
    assert found(reporter, w["report"].reference) == {("report", w["report"].reference)}
    assert found(reporter, "V-") == set()
    someone_elses = submit_report(actor=make_user(Role.REPORTER, "pu-novi-sad"))
    assert found(reporter, someone_elses.reference) == set()


@pytest.mark.parametrize("role", [Role.COORDINATOR_ANALYST, Role.RAPPORTEUR, Role.ADMIN,
                                  Role.HOTLINE_OPERATOR])
def test_roles_without_case_records_find_nothing(search_world, role):
    w = search_world
    user = w["users"][role]
    for text in ("V-", "R-", "J-", w["report"].reference, w["case"].reference):
        assert found(user, text) == set(), text
    outcome = selectors.search(user=user, text="Jovana Petrović", in_body=True)
    assert outcome.name_search == selectors.NAME_REFUSED
    assert not AuditEntry.objects.filter(action=selectors.AUDIT_ACTION).exists()


def test_search_kinds_by_role(make_user):
    expected = {
        Role.CENTRE_CASEWORKER: ["person", "procedure", "report", "case"],
        Role.CENTRE_MANAGER: ["person", "procedure", "report", "case"],
        Role.PARTNER_CASEWORKER: ["person", "report"],
        Role.SHELTER_STAFF: ["person", "report"],
        Role.POLICE_OFFICER: ["report", "case"], Role.PROSECUTOR: ["report", "case"],
        Role.COURT_STAFF: ["report", "case"], Role.REPORTER: ["report"],
        Role.HOTLINE_OPERATOR: ["report"], Role.COORDINATOR_ANALYST: [],
        Role.RAPPORTEUR: [], Role.ADMIN: [],
    }
    assert {role: selectors.searchable_kinds(make_user(role)) for role in Role} == expected


def test_name_search_is_for_the_roles_that_see_identities_at_the_centre(make_user):
    assert access.ROLE_ACTIONS["search.by_name"] == CENTRE_ROLES
    assert access.ROLE_ACTIONS["search.by_name"] <= access.ROLE_ACTIONS["person.view_identity"]
    for role in Role:
        assert selectors.may_search_by_name(make_user(role)) == (role in CENTRE_ROLES)


# --- names: across scripts, through the blind index, audited -----------------------------

@pytest.mark.parametrize("typed", ["Јована Петровић", "jovana petrovic", "PETROVIĆ Jovana",
                                   "  Jovana   Petrović "])
def test_a_name_is_found_in_any_script_and_order(search_world, typed):
    w = search_world
    caseworker = w["users"][Role.CENTRE_CASEWORKER]
    assert found(caseworker, typed) == {("person", w["jovana"].pseudonym)}


def test_the_name_search_never_decrypts(search_world, monkeypatch):
    w = search_world

    def refuse(*args, **kwargs):
        raise AssertionError("an identity was read")

    monkeypatch.setattr(PersonIdentity.objects, "get", refuse)
    monkeypatch.setattr(PersonIdentity.objects, "filter", refuse)
    assert found(w["users"][Role.CENTRE_CASEWORKER], "Јована Петровић") == {
        ("person", w["jovana"].pseudonym)}


def test_the_manager_finds_both_namesakes_and_the_date_of_birth_tells_them_apart(search_world):
    w = search_world
    manager = w["users"][Role.CENTRE_MANAGER]
    assert found(manager, "Јована Петровић") == {("person", w["jovana"].pseudonym),
                                                  ("person", w["namesake"].pseudonym)}
    assert found(manager, "Јована Петровић", date_of_birth=datetime.date(1990, 1, 1)) == {
        ("person", w["namesake"].pseudonym)}
    assert found(manager, "Jovana Petrović", date_of_birth=datetime.date(1991, 1, 1)) == set()


def test_a_name_finds_the_procedures_of_the_person(search_world):
    w = search_world
    pseudonym = w["procedure"].person.pseudonym
    assert found(w["case_caseworker"], "Мила Илић") == {("person", pseudonym),
                                                        ("procedure", pseudonym)}


def test_a_name_search_is_audited_without_the_text(search_world):
    w = search_world
    caseworker = w["users"][Role.CENTRE_CASEWORKER]
    found(caseworker, "Јована Петровић")
    found(caseworker, "Jovana Petrović", date_of_birth=datetime.date(1996, 3, 2))
    entries = list(AuditEntry.objects.filter(action=selectors.AUDIT_ACTION).order_by("id"))
    assert [(e.actor_id, e.details) for e in entries] == [
        (caseworker.pk, {"kind": "name", "results": 1, "results_exact": True}),
        (caseworker.pk, {"kind": "name_birth", "results": 1, "results_exact": True})]
    for entry in entries:
        text = f"{entry.details} {entry.reason} {entry.case_ref} {entry.object_id}".lower()
        for word in ("jovana", "petrov", "јована", "1996"):
            assert word not in text


def test_identifier_searches_are_not_audited(search_world):
    w = search_world
    found(w["users"][Role.CENTRE_CASEWORKER], w["jovana"].pseudonym)
    found(w["users"][Role.CENTRE_CASEWORKER], w["report"].reference)
    assert not AuditEntry.objects.filter(action=selectors.AUDIT_ACTION).exists()


def test_a_name_in_a_query_string_is_not_searched(search_world):
    w = search_world
    outcome = selectors.search(user=w["users"][Role.CENTRE_CASEWORKER], text="Jovana Petrović",
                               in_body=False)
    assert outcome.name_search == selectors.NAME_POST_ONLY
    assert list(outcome.rows) == []
    assert not AuditEntry.objects.filter(action=selectors.AUDIT_ACTION).exists()


@pytest.mark.parametrize(("text", "name"), [
    ("V-2026-0042", False), ("v-2026", False), ("R-2026-0001", False), ("KU 123/26", False),
    ("J-", False), ("Jovana Petrović", True), ("Јована", True), ("Jo-Ann Smith", True),
    ("王小明", True), ("---", False), ("", False)])
def test_what_counts_as_a_name(text, name):
    assert selectors.is_name(text) == name


# --- the page -------------------------------------------------------------------------

@pytest.fixture
def signed_in(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


def test_the_page_without_a_query_shows_the_form(signed_in, search_world):
    page = signed_in(search_world["users"][Role.CENTRE_CASEWORKER]).get(reverse("search"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'method="post"' in html and 'name="q"' in html and 'name="date_of_birth"' in html
    assert "govuk-error-summary" not in html


def test_the_date_of_birth_is_offered_to_the_centre_only(signed_in, search_world):
    page = signed_in(search_world["users"][Role.POLICE_OFFICER]).get(reverse("search"))
    assert 'name="date_of_birth"' not in page.content.decode()


def test_a_pseudonym_from_the_address_is_found_with_a_link(signed_in, search_world):
    w = search_world
    client = signed_in(w["users"][Role.CENTRE_CASEWORKER])
    page = client.get(reverse("search"), {"q": w["jovana"].pseudonym})
    html = page.content.decode()
    assert page.status_code == 200 and 'class="govuk-table"' in html
    assert reverse("person-detail", args=[w["jovana"].pseudonym]) in html
    assert client.get(reverse("person-detail", args=[w["jovana"].pseudonym])).status_code == 200


def test_every_result_link_opens(signed_in, search_world):
    w = search_world
    for role in (Role.CENTRE_MANAGER, Role.POLICE_OFFICER, Role.PARTNER_CASEWORKER,
                 Role.SHELTER_STAFF, Role.REPORTER):
        client = signed_in(w["users"][role])
        outcome = selectors.search(user=w["users"][role], text="V-", in_body=False)
        results = selectors.describe(user=w["users"][role], rows=outcome.rows, outcome=outcome)
        outcome = selectors.search(user=w["users"][role], text="R-", in_body=False)
        results += selectors.describe(user=w["users"][role], rows=outcome.rows, outcome=outcome)
        assert results or role == Role.REPORTER
        for result in results:
            assert client.get(result["url"]).status_code == 200, (role, result)


def test_a_name_is_searched_from_the_form_and_not_from_the_address(signed_in, search_world):
    w = search_world
    client = signed_in(w["users"][Role.CENTRE_CASEWORKER])
    page = client.get(reverse("search"), {"q": "Јована Петровић"}).content.decode()
    assert w["jovana"].pseudonym not in page and 'id="name-search-note"' in page
    page = client.post(reverse("search"), {"q": "Јована Петровић"}).content.decode()
    assert reverse("person-detail", args=[w["jovana"].pseudonym]) in page
    assert "audit trail" in page


def test_a_refused_name_search_is_said_on_the_page(signed_in, search_world):
    w = search_world
    client = signed_in(w["users"][Role.POLICE_OFFICER])
    page = client.post(reverse("search"), {"q": "Mila Ilić", "date_of_birth": "1995-01-01"})
    html = page.content.decode()
    assert page.status_code == 200 and "for the Centre only" in html
    assert 'id="no-results"' in html
    assert not AuditEntry.objects.filter(action=selectors.AUDIT_ACTION).exists()


def test_an_empty_query_says_what_to_type(signed_in, search_world):
    client = signed_in(search_world["users"][Role.CENTRE_CASEWORKER])
    for response in (client.get(reverse("search"), {"q": "   "}),
                     client.post(reverse("search"), {"q": ""})):
        html = response.content.decode()
        assert response.status_code == 200 and "govuk-error-summary" in html
        assert "Enter what to search for." in html


def test_text_that_normalises_to_nothing_is_no_search(make_user):
    with pytest.raises(DomainError):
        selectors.search(user=make_user(Role.CENTRE_MANAGER), text="\u2003 \u3000", in_body=False)


def test_a_date_of_birth_needs_a_name(signed_in, search_world):
    client = signed_in(search_world["users"][Role.CENTRE_CASEWORKER])
    html = client.post(reverse("search"), {"q": "V-2026", "date_of_birth": "1996-03-02"}
                       ).content.decode()
    assert "govuk-error-summary" in html and "a date of birth alone is not searched" in html
    html = client.post(reverse("search"), {"q": "Jovana Petrović", "date_of_birth": "2999-01-01"}
                       ).content.decode()
    assert "cannot be in the future" in html


@pytest.mark.parametrize("text", ["x" * 201, "V" * 100_000, "a\x00b", "𝕍-２０２６",
                                  "'; DROP TABLE people_person; --", "%_%", "\u202eV-2026",
                                  "V-2026\u0000", "ﷺ" * 50, "\U0001F600" * 60, "<script>x</script>"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_odd_input_never_fails(signed_in, make_user, make_person, text, method):
    make_person()
    client = signed_in(make_user(Role.CENTRE_MANAGER))
    response = getattr(client, method)(reverse("search"), {"q": text, "page": "9" * 40})
    assert response.status_code in (200, 400), response.status_code
    assert "<script>x</script>" not in response.content.decode()


@pytest.mark.parametrize("raw", ["%ED%A0%80", "%FF%FE", "%C0%AF", "%00"])
def test_bytes_that_are_not_utf8_never_fail(signed_in, make_user, make_person, raw):
    make_person()
    client = signed_in(make_user(Role.CENTRE_MANAGER))
    assert client.get(f"{reverse('search')}?q={raw}").status_code in (200, 400)
    response = client.post(reverse("search"), data=f"q={raw}",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code in (200, 400)


def test_too_long_is_a_form_error(signed_in, search_world):
    client = signed_in(search_world["users"][Role.CENTRE_CASEWORKER])
    html = client.get(reverse("search"), {"q": "V" * 201}).content.decode()
    assert "govuk-error-summary" in html and "at most 200 characters" in html


def test_a_long_pseudonym_list_is_paginated(signed_in, search_world, make_person, monkeypatch):
    w = search_world
    monkeypatch.setattr(selectors, "PER_PAGE", 2)
    manager = w["users"][Role.CENTRE_MANAGER]
    client = signed_in(manager)
    first = client.get(reverse("search"), {"q": "V-"}).content.decode()
    assert 'class="govuk-pagination"' in first and "page=2" in first
    second = client.get(reverse("search"), {"q": "V-", "page": "2"}).content.decode()
    assert second.count('class="govuk-table__row" data-kind') == 2
    # A name search pages with buttons that post the search again, never with links.
    for _ in range(2):
        make_person(actor=w["users"][Role.CENTRE_CASEWORKER], identity={
            "given_name": "Jovana", "family_name": "Petrović"})
    html = client.post(reverse("search"), {"q": "Jovana Petrović"}).content.decode()
    assert 'id="search-pages"' in html and 'name="page" value="2"' in html
    assert "?q=" not in html
    html = client.post(reverse("search"), {"q": "Jovana Petrović", "page": "2"}).content.decode()
    assert "Page 2 of" in html


def test_the_header_box_is_a_labelled_get_form(rf, search_world):
    from django.template.loader import render_to_string

    html = render_to_string("search/_box.html")
    assert 'method="get"' in html and 'name="q"' in html and 'for="search-box-q"' in html
    assert 'id="search-box-q"' in html and f'action="{reverse("search")}"' in html


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(reverse("search"), {"q": "V-"})
    assert response.status_code == 302 and "login" in response["Location"]
