"""Key rotation while caseworkers edit identities: no edit is reverted (issue 11: the old
bulk rewrite put back 145 of 681 edits committed while it ran), and at the end every value
is under the new key. PostgreSQL only: SQLite's in-memory test database has one writer."""

import threading
import time

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from atis.config import FieldKey
from atis.core import keys
from atis.core.roles import Role
from atis.people import services
from atis.people.models import PersonIdentity

NEW = FieldKey("kconc", b"c" * 32)
PERSONS = 120
EDITORS = 4


@pytest.mark.postgresql
def test_rotation_never_reverts_an_edit_committed_while_it_runs(transactional_db, make_user,
                                                                make_person, monkeypatch):
    caseworker = make_user(Role.CENTRE_CASEWORKER)
    persons = [make_person(actor=caseworker, identity={
        "given_name": f"Ana{n}", "family_name": "Ilić", "phones": ["064 111 2222"]})
        for n in range(PERSONS)]
    last_edit: dict[int, str] = {}
    edits_during_rotation = [0] * EDITORS
    rotating, done = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    # Widen the window between reading a row and writing it back, where a rewrite without
    # a lock or a version check reverts an edit committed in between.
    real_swap = keys._compare_and_swap

    def slow_swap(*args):
        time.sleep(0.004)
        return real_swap(*args)

    monkeypatch.setattr(keys, "_compare_and_swap", slow_swap)

    def edit(n: int):
        # Each person is edited once: a reverted edit would not be written again.
        try:
            rotating.wait(timeout=30)
            for person in persons[n::EDITORS]:
                name = f"E{n}-{person.pk}"
                services.person_update_identity(actor=caseworker, person=person,
                                                identity={"given_name": name})
                last_edit[person.pk] = name
                if not done.is_set():
                    edits_during_rotation[n] += 1
        except BaseException as exc:  # noqa: BLE001 (reported by the main thread)
            errors.append(exc)
        finally:
            connection.close()

    def rotate():
        try:
            rotating.set()
            call_command("keys", "rotate", "--batch", "7")
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            done.set()
            connection.close()

    with override_settings(FIELD_KEYS=[NEW, *settings.FIELD_KEYS]):
        threads = [threading.Thread(target=edit, args=(n,)) for n in range(EDITORS)]
        threads.append(threading.Thread(target=rotate))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        assert not errors, errors
        assert sum(edits_during_rotation) > 0  # the edits really overlapped the rotation
        identities = {i.person_id: i.given_name for i in PersonIdentity.objects.all()}
        assert identities == last_edit  # every edit is present
        status = keys.key_status()
        assert not status.unreadable and status.legacy == 0
        assert set(status.by_key) == {"kconc"}
    with override_settings(FIELD_KEYS=[NEW]):
        assert {i.person_id: i.given_name for i in PersonIdentity.objects.all()} == last_edit
