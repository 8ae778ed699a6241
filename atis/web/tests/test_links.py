"""Every link a role can see leads somewhere: signed in as each role of the access world,
the crawl (crawler.py) GETs every link it finds and the test fails listing each (page, link,
status) that answers 4xx or 5xx."""

import logging

import pytest
from django.db import transaction
from django.test import Client

from atis.core import services as core_services
from atis.core.models import Organisation
from atis.core.roles import Role
from atis.web.tests.access_world import build_world
from atis.web.tests.crawler import crawl

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The access matrix's data set, built once and rolled back when the module ends."""
    from conftest import DEFAULT_ORG, PASSWORD

    def make_user(role, org_code=None, *, username):
        return core_services.user_create(
            actor=None, username=username, password=PASSWORD, role=role,
            organisation=Organisation.objects.get(code=org_code or DEFAULT_ORG[role]))

    request_log = logging.getLogger("django.request")
    level, request_log.level = request_log.level, logging.CRITICAL  # reported by the test
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world(make_user)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            request_log.level = level


@pytest.mark.parametrize("role", list(Role))
def test_every_link_of_the_role_works(world, role):
    user = world["users"][role]
    client = Client()
    client.force_login(user)
    result = crawl(client, staff=user.is_staff)
    assert result.requests > 1, "the dashboard has no links"
    assert not result.broken, \
        f"{len(result.broken)} broken links for {role} ({result.requests} requests):\n" + \
        "\n".join(f"  on {page}: {link} -> {status}" for page, link, status in result.broken)
