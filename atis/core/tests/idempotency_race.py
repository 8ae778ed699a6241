"""Twenty clients send one creating request with one Idempotency-Key at the same moment,
each on its own thread and database connection. `test_idempotency` runs `race` in-process
on PostgreSQL, and this module as `python -m atis.core.tests.idempotency_race DB_FILE`
against a SQLite file (the in-memory test database cannot hold concurrent writers)."""

import json
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

CLIENTS = 20
KEY = "race-2b9e4c1d"
BODY = {"sex": "female", "birth_year": 1990, "identity": {"given_name": "Ana",
                                                          "family_name": "Trkač"}}


def race(user, *, clients: int = CLIENTS) -> list[tuple[int, dict]]:
    """(status, body) of each client; a view's exception (a 5xx) is raised here."""
    from django.db import connection
    from django.urls import reverse
    from rest_framework.test import APIClient

    barrier = threading.Barrier(clients)

    def send(_n):
        try:
            api = APIClient()
            api.force_authenticate(user)
            barrier.wait(timeout=30)
            response = api.post(reverse("api-persons"), BODY, format="json",
                                HTTP_IDEMPOTENCY_KEY=KEY)
            return response.status_code, response.json()
        finally:
            connection.close()

    with ThreadPoolExecutor(clients) as pool:
        return list(pool.map(send, range(clients)))


def main(db_file: str) -> None:
    """Build a fresh SQLite file (tables from the models, reference data), then race."""
    os.environ["ATIS_TEST_DATABASE_URL"] = f"sqlite:///{db_file}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "atis.test_settings"
    import django
    from django.conf import settings

    django.setup()
    from django.apps import apps
    from django.core.management import call_command

    settings.MIGRATION_MODULES = {app.label: None for app in apps.get_app_configs()}
    call_command("migrate", run_syncdb=True, verbosity=0)
    call_command("createcachetable", verbosity=0)  # a migration makes it, skipped here
    from atis.core import services
    from atis.core.models import Organisation
    from atis.core.roles import Role
    from atis.intake.services import checklists_load
    from atis.people.models import Person
    from atis.reference.services import reference_load

    reference_load()
    services.organisations_load()
    checklists_load()
    user = services.user_create(actor=None, username="race", password="Correct-horse-battery-9",
                                organisation=Organisation.objects.get(code="centre"),
                                role=Role.CENTRE_CASEWORKER)
    results = race(user)
    print(json.dumps({"results": results, "persons": Person.objects.count()}))


if __name__ == "__main__":
    main(sys.argv[1])
