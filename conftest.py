"""Shared fixtures: reference data loaded once per database, user and person factories,
API clients, and the browser for end-to-end flows."""

import io
import os
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from atis.core import services as core_services
from atis.core.models import Organisation, Team
from atis.core.roles import Role
from atis.reference.models import Term
from atis.reference.services import reference_load

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop + live_server

DEFAULT_ORG = {
    Role.REPORTER: "school-os-kralj-petar-prvi-beograd", Role.HOTLINE_OPERATOR: "astra-sos",
    Role.CENTRE_CASEWORKER: "centre", Role.CENTRE_MANAGER: "centre", Role.SHELTER_STAFF: "shelter",
    Role.PARTNER_CASEWORKER: "atina", Role.POLICE_OFFICER: "pu-novi-sad",
    Role.PROSECUTOR: "hppo-novi-sad", Role.COURT_STAFF: "higher-court-novi-sad",
    Role.COORDINATOR_ANALYST: "national-coordinator", Role.RAPPORTEUR: "rapporteur",
    Role.ADMIN: "centre",
}
PASSWORD = "Correct-horse-battery-9"


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgresql` run only in the PostgreSQL pass (deselected, not skipped,
    on SQLite)."""
    on_pg = "postgres" in (os.environ.get("ATIS_TEST_DATABASE_URL") or "")
    if on_pg:
        return
    keep = [item for item in items if item.get_closest_marker("postgresql") is None]
    dropped = [item for item in items if item.get_closest_marker("postgresql") is not None]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep


def ensure_reference_data():
    if not Term.objects.exists():
        from atis.intake.services import checklists_load

        reference_load()
        core_services.organisations_load()
        checklists_load()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        ensure_reference_data()


@pytest.fixture
def reference_data(db):
    ensure_reference_data()


@pytest.fixture
def org(reference_data):
    return lambda code: Organisation.objects.get(code=code)


@pytest.fixture
def make_user(reference_data):
    counter = iter(range(1, 10_000))

    def make(role: str, org_code: str | None = None, *, username: str | None = None,
             team: str | None = None):
        organisation = Organisation.objects.get(code=org_code or DEFAULT_ORG[role])
        team_obj = Team.objects.get_or_create(organisation=organisation, name=team)[0] if team \
            else None
        return core_services.user_create(
            actor=None, username=username or f"{role}-{next(counter)}", password=PASSWORD,
            organisation=organisation, role=role, team=team_obj)

    return make


@pytest.fixture
def api_client_for():
    from rest_framework.test import APIClient

    def client(user=None):
        api = APIClient()
        if user is not None:
            api.force_authenticate(user)
        return api

    return client


@pytest.fixture
def make_person(make_user):
    from atis.people import services as people_services

    def make(actor=None, **kwargs):
        kwargs.setdefault("sex", "female")
        kwargs.setdefault("identity", {"given_name": "Ana", "family_name": "Jovanović"})
        return people_services.person_create(actor=actor or make_user(Role.CENTRE_CASEWORKER),
                                             **kwargs)

    return make


@pytest.fixture
def database_vendor():
    return connection.vendor


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    # A step that cannot be undone asks first (atis.js): tests confirm, and may read what
    # was asked in `page.confirmations`; a test that refuses sets `page.refuse_confirmations`.
    page.confirmations, page.refuse_confirmations = [], False

    def answer(dialog):
        page.confirmations.append(dialog.message)
        dialog.dismiss() if page.refuse_confirmations else dialog.accept()

    page.on("dialog", answer)
    yield page
    context.close()


AXE_SCRIPT = Path(__file__).parent / "atis" / "web" / "tests" / "vendor" / "axe.min.js"


@pytest.fixture(scope="session")
def axe_violations():
    """A function that runs axe-core (vendored, pinned) on the page and returns its
    serious and critical violations as (rule, impact, targets)."""
    script = AXE_SCRIPT.read_text()

    def run(page) -> list:
        page.evaluate(script)
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]])
                for v in result["violations"] if v["impact"] in ("serious", "critical")]

    return run


@pytest.fixture
def browser_sign_out(page):
    def sign_out():
        page.click("header form button:has-text('Sign out')")
        page.wait_for_url("**/login/")

    return sign_out


@pytest.fixture
def demo_data(transactional_db):
    """`make demo`'s data set: one demo user per role and their cases."""
    from django.core.management import call_command

    call_command("demo-data", "--seed", "1", stdout=io.StringIO())


@pytest.fixture
def browser_sign_in_as(page, live_server):
    """Sign the browser in as a user without the sign-in page (and its two-step check)."""
    from django.conf import settings
    from django.test import Client

    def sign_in(user) -> Client:
        client = Client()
        client.force_login(user)
        page.context.clear_cookies()
        page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": live_server.url,
                                   "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])
        return client

    return sign_in


@pytest.fixture
def browser_login(page):
    def login(username: str, password: str = PASSWORD):
        page.goto("/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]:has-text('Sign in')")
        page.wait_for_url("**/")

    return login


@pytest.fixture
def submit_report(make_user):
    """Submit a report through the service; returns the Report."""
    from atis.intake import services as intake_services

    def submit(actor=None, *, persons=None, **fields):
        fields.setdefault("channel", "phone")
        fields.setdefault("source_type", "police_administration")
        fields.setdefault("suspected_forms", ["sexual"])
        persons = persons or [{"sex": "female", "birth_year": 1995, "citizenships": ["RS"],
                               "identity": {"given_name": "Mila", "family_name": "Ilić"}}]
        return intake_services.report_submit(
            actor=actor or make_user(Role.REPORTER, "pu-novi-sad"), persons=persons, **fields)

    return submit


@pytest.fixture
def open_procedure(make_user, submit_report):
    """An accepted report's procedure, led by a fresh caseworker: (procedure, caseworker)."""
    from atis.identification import services as ident_services

    def make(*, caseworker=None, **report_fields):
        caseworker = caseworker or make_user(Role.CENTRE_CASEWORKER)
        report = submit_report(**report_fields)
        [procedure] = ident_services.report_accept(actor=caseworker, report=report)
        return procedure, caseworker

    return make


@pytest.fixture
def victim(make_user, make_person):
    """An adult Serbian woman in a caseworker's caseload: (person, caseworker)."""

    def make(**kwargs):
        caseworker = kwargs.pop("caseworker", None) or make_user(Role.CENTRE_CASEWORKER)
        kwargs.setdefault("sex", "female")
        kwargs.setdefault("birth_year", 1996)
        kwargs.setdefault("citizenships", ["RS"])
        return make_person(actor=caseworker, **kwargs), caseworker

    return make


@pytest.fixture
def criminal_case(make_user, open_procedure, org):
    """A case opened by the Novi Sad police, with a defendant and, as damaged party, a
    presumed victim in a caseworker's caseload (alerted to that police administration):
    (case, defendant, procedure, caseworker, police officer)."""
    import datetime

    from atis.identification import services as ident_services
    from atis.justice import services as justice_services

    procedure, caseworker = open_procedure(persons=[{"sex": "female", "birth_year": 1995,
                                                     "citizenships": ["RS"],
                                                     "identity": {"given_name": "Mila",
                                                                  "family_name": "Ilić"}}])
    ident_services.alert_mark_sent(actor=caseworker, alert=procedure.alerts.get(recipient="police"),
                                   organisation=org("pu-novi-sad"))
    police = make_user(Role.POLICE_OFFICER, "pu-novi-sad")
    case = justice_services.case_open(
        actor=police, opened_on=timezone.localdate() - datetime.timedelta(days=60),
        offences=["art388_1"], prosecutor_office=org("hppo-novi-sad"))
    defendant = justice_services.defendant_add(actor=police, case=case, sex="male",
                                               birth_year=1980, citizenship="RS", role="exploiter")
    justice_services.damaged_party_add(actor=police, case=case, person=procedure.person.pseudonym)
    return case, defendant, procedure, caseworker, police
