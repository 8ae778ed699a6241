"""The role × endpoint matrix: every named route of the site and of /api/v1/ (walked from
the URL conf), each of its methods, as each of the 12 roles and anonymously, answers as
access_matrix.MATRIX says. A route or method without an entry fails the suite, and so does
an entry whose route is gone.

One data set for the module (access_world), the plain Django test client with a session
per identity; each request runs in a savepoint that is rolled back, so an empty POST that
a view accepts changes nothing for the next case. Writing a draft of the matrix from the
observed answers (to review, never to copy blindly):
`ATIS_MATRIX_DRAFT=/tmp/draft.py pytest atis/web/tests/test_access_matrix.py -k draft`.
"""

import functools
import json
import logging
import os
import pprint

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import resolve, reverse

from atis.core import services as core_services
from atis.core.models import Organisation
from atis.core.roles import Role
from atis.web.tests import access_matrix as spec
from atis.web.tests.access_routes import all_routes
from atis.web.tests.access_world import build_world

# pytest-django creates the test database and wraps each case in a savepoint of the
# module's data set (the `world` fixture), even when -k picks a single case.
pytestmark = pytest.mark.django_db

ANONYMOUS = spec.ANONYMOUS
IDENTITIES = (*Role, ANONYMOUS)
ROUTES = {route.name: route for route in all_routes()}


def _cases():
    """(route name, method, identity) for every route and method the matrix covers."""
    cases = []
    for name, entry in spec.MATRIX.items():
        route = ROUTES.get(name)
        if route is None:
            continue  # reported by test_every_matrix_entry_names_a_route
        for method in route.methods:
            if method not in entry.methods:
                continue  # reported by test_every_route_and_method_has_a_matrix_entry
            for identity in IDENTITIES:
                marks = []
                reason = spec.KNOWN_DEFECTS.get((name, method, identity))
                if reason:
                    marks.append(pytest.mark.xfail(strict=True, reason=reason))
                cases.append(pytest.param(name, method, identity, marks=marks,
                                          id=f"{name}-{method}-{identity}"))
    return cases


def test_every_route_and_method_has_a_matrix_entry():
    missing = [f"{name} {method} ({route.route})" for name, route in ROUTES.items()
               for method in route.methods
               if name not in spec.MATRIX or method not in spec.MATRIX[name].methods]
    assert not missing, "Routes without an access policy entry in access_matrix.MATRIX " \
                        "(add one, reviewed against core/access.py):\n" + "\n".join(missing)


def test_every_matrix_entry_names_a_route():
    stale = [f"{name} {method}" for name, entry in spec.MATRIX.items()
             for method in entry.methods
             if name not in ROUTES or method not in ROUTES[name].methods]
    assert not stale, "Matrix entries for routes or methods that no longer exist:\n" + \
        "\n".join(stale)


def test_every_known_defect_names_a_case():
    cases = {(n, m, i) for n, e in spec.MATRIX.items() for m in e.methods for i in IDENTITIES}
    assert set(spec.KNOWN_DEFECTS) <= cases, set(spec.KNOWN_DEFECTS) - cases


def test_the_matrix_names_only_known_roles_and_outcomes():
    for name, entry in spec.MATRIX.items():
        for method, expect in entry.methods.items():
            assert set(expect.roles) == set(Role), (name, method)
            assert set(expect.roles.values()) | {expect.anonymous} <= spec.OUTCOMES, (name, method)


# --- the data set and one signed-in client per identity ---------------------------------

def test_the_data_set_puts_every_role_in_its_ordinary_relationship(world):
    """The matrix's "refused" and "hidden" mean the role, not a missing relationship."""
    users, objects = world["users"], world["objects"]
    person, case = objects["person"], objects["case"]
    org = {role: users[role].organisation.code for role in Role}
    assert person.assignments.filter(user=users[Role.CENTRE_CASEWORKER], active=True).exists()
    assert objects["stay"].person == person and objects["stay"].left_on is None
    assert objects["stay"].shelter.code == org[Role.SHELTER_STAFF]
    consent = objects["consent"]
    assert consent.person == person and consent.share_identity and not consent.withdrawn_on
    assert consent.organisation.code == objects["task"].organisation.code == \
        org[Role.PARTNER_CASEWORKER]
    assert case.police_administration.code == org[Role.POLICE_OFFICER]
    assert case.prosecutor_office.code == org[Role.PROSECUTOR]
    assert case.courts.filter(code=org[Role.COURT_STAFF]).exists()
    assert case.damaged_parties.filter(person=person).exists()
    assert objects["report"].reported_by == users[Role.REPORTER]
    alert = objects["alert"]
    assert alert.organisation.code == org[Role.POLICE_OFFICER] and alert.sent_at is not None
    assert objects["memo"].sender.code == org[Role.HOTLINE_OPERATOR]
    assert objects["memo"].recipient.code == org[Role.POLICE_OFFICER]
    assert objects["notification"].user == users[Role.CENTRE_CASEWORKER]
    assert objects["risk"] is not None and objects["import"].status == "done"
    owners = {users[r].organisation.pk for r in Role if r not in (Role.RAPPORTEUR, Role.ADMIN)}
    assert owners <= set(objects["questionnaires"])


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once inside a transaction that is rolled back when the module ends (each
    request runs in a savepoint of its own, rolled back too)."""
    from conftest import DEFAULT_ORG, PASSWORD

    def make_user(role, org_code=None, *, username):
        return core_services.user_create(
            actor=None, username=username, password=PASSWORD, role=role,
            organisation=Organisation.objects.get(code=org_code or DEFAULT_ORG[role]))

    request_log = logging.getLogger("django.request")
    level, request_log.level = request_log.level, logging.ERROR  # 4xx are the point here
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            data = build_world(make_user)
            data["clients"] = _clients(data["users"])
            yield data
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            request_log.level = level


def _clients(users) -> dict:
    anonymous = Client()
    clients = {ANONYMOUS: (anonymous, {})}
    for role, user in users.items():
        client = Client()
        client.handler = anonymous.handler  # one middleware chain (it loads static files)
        client.force_login(user)
        clients[role] = (client, {k: v.value for k, v in client.cookies.items()})
    return clients


def _kwargs(name: str, route, world, identity) -> dict:
    """The URL arguments of the route, from the data set."""
    values = {}
    for arg in route.kwarg_names:
        key = spec.KWARGS.get(name, {}).get(arg)
        assert key, f"{name}: say in access_matrix.KWARGS which object fills <{arg}>"
        values[arg] = _value(key, world, identity)
    return values


def _value(key: str, world, identity):
    objects = world["objects"]
    if key == "year":
        return world["year"]
    if key.startswith("="):
        return key[1:]
    attribute = {"person": "pseudonym", "report": "reference", "source": "code",
                 "token": "token_key"}
    if key == "questionnaire" and identity in world["users"]:
        own = objects["questionnaires"].get(world["users"][identity].organisation.pk)
        if own is not None:
            return own.pk
    obj = objects[key]
    return getattr(obj, attribute.get(key, "pk"))


def _observe(world, name: str, method: str, identity) -> tuple[str, int, str]:
    """(outcome class, status, redirect target) of one request; rolled back."""
    route = ROUTES[name]
    with transaction.atomic():
        response = request_once(world, name, method, identity)
        transaction.set_rollback(True)
    status = response.status_code
    location = response.get("Location", "") if 300 <= status < 400 else ""
    outcome = spec.classify(status, location, api=route.is_api,
                            login_url=resolve_url(settings.LOGIN_URL), method=method,
                            anonymous=identity == ANONYMOUS)
    if outcome == spec.OK and method == "GET" and route.is_api and _empty(response):
        outcome = spec.EMPTY
    return outcome, status, location


def request_once(world, name: str, method: str, identity):
    """The route's request as the identity (inside the caller's transaction)."""
    route = ROUTES[name]
    url = reverse(name, kwargs=_kwargs(name, route, world, identity))
    if name in spec.QUERY:
        url += "?" + spec.QUERY[name].format(year=world["year"])
    client, cookies = world["clients"][identity]
    client.cookies.clear()
    for key, value in cookies.items():
        client.cookies[key] = value
    if route.name in spec.THROTTLED:
        cache.clear()  # the throttle counts every identity's attempt; each case starts fresh
    data = spec.POST_DATA.get(name, {})
    if method == "GET":
        return client.get(url)
    if route.is_api and _takes_json(route):
        return client.generic(method, url, json.dumps(data), content_type="application/json")
    return client.post(url, data)


@functools.cache
def _takes_json(route) -> bool:
    from rest_framework.parsers import JSONParser

    view = resolve(reverse(route.name, kwargs=dict.fromkeys(route.kwarg_names, "1"))).func.cls
    return any(issubclass(p, JSONParser) for p in view.parser_classes)


def _empty(response) -> bool:
    """A list answer without a single row (paginated or not)."""
    if "json" not in response.get("Content-Type", ""):
        return False
    body = response.json()
    if isinstance(body, dict) and "results" in body:
        return not body["results"]
    return body == []


@pytest.mark.parametrize(("name", "method", "identity"), _cases())
def test_access(world, name, method, identity):
    entry = spec.MATRIX[name].methods[method]
    expected = entry.anonymous if identity == ANONYMOUS else entry.roles[identity]
    outcome, status, location = _observe(world, name, method, identity)
    if expected == spec.OK and outcome == spec.EMPTY:
        outcome = spec.OK  # allowed, and the data set has nothing to list for this role
    assert outcome == expected, f"{method} {name} as {identity}: expected {expected}, " \
                                f"got {status} {location}".rstrip()


if os.environ.get("ATIS_MATRIX_DRAFT"):  # a tool, collected only when asked for
    def test_write_draft(world):
        _write_draft(world, os.environ["ATIS_MATRIX_DRAFT"])


def _write_draft(world, path):
    draft = {}
    for name, route in ROUTES.items():
        for method in route.methods:
            seen = {}
            for identity in IDENTITIES:
                try:
                    outcome, status, location = _observe(world, name, method, identity)
                except Exception as exc:  # noqa: BLE001
                    outcome, status, location = f"error {type(exc).__name__}", 0, str(exc)[:80]
                seen[str(identity)] = (outcome, status, location)
            draft[f"{name} {method}"] = seen
    with open(path, "w") as out:
        out.write(pprint.pformat(draft, width=120))

