"""Only the Centre's managers import; every imported record is audited with the file's
checksum, and the chain stays intact."""

import hashlib

import pytest
from django.core.management import call_command

from atis.audit.models import AuditEntry
from atis.core.errors import AccessDenied
from atis.core.roles import Role
from atis.imports import services, workbook
from atis.imports.models import ImportedRecord
from atis.people.models import Person


@pytest.mark.parametrize("role", [r for r in Role if r != Role.CENTRE_MANAGER])
def test_only_centre_managers_may_import_or_check(make_user, rows, role):
    content = workbook.build_xlsx(rows)
    for dry_run in (True, False):
        with pytest.raises(AccessDenied):
            services.import_file(actor=make_user(role), content=content, dry_run=dry_run)


@pytest.mark.parametrize("role, status", [(Role.CENTRE_MANAGER, 200), (Role.CENTRE_CASEWORKER, 403),
                                          (Role.ADMIN, 403), (Role.POLICE_OFFICER, 403)])
def test_the_import_page_and_template_are_the_centre_managers(client, make_user, role, status):
    client.force_login(make_user(role))
    for url in ("/imports/", "/imports/template.xlsx"):
        assert client.get(url).status_code == status


def test_every_imported_record_is_audited_with_the_files_checksum(run_import, rows, manager):
    content = workbook.build_xlsx(rows)
    run = run_import(content)
    checksum = hashlib.sha256(content).hexdigest()
    assert run.checksum == checksum
    entries = AuditEntry.objects.filter(action="import.record")
    records = ImportedRecord.objects.filter(run=run)
    assert entries.count() == records.count() > 0
    assert {e.details["checksum"] for e in entries} == {checksum}
    assert {(e.object_type, e.details["sheet"]) for e in entries} >= {
        ("people.person", "persons"), ("identification.procedure", "identifications"),
        ("justice.proceedingevent", "events")}
    assert all(e.actor_id == manager.pk for e in entries)
    pseudonyms = set(Person.objects.filter(pk__in=records.filter(sheet="persons").values("object_id"))
                     .values_list("pseudonym", flat=True))
    assert set(entries.filter(details__sheet="persons").values_list("case_ref", flat=True)) == pseudonyms
    commit = AuditEntry.objects.get(action="import.commit")
    assert commit.details["checksum"] == checksum and commit.details["created"] == records.count()
    call_command("audit", "verify")


def test_a_dry_run_is_audited_without_record_entries(run_import, rows):
    run_import(rows, dry_run=True)
    check = AuditEntry.objects.get(action="import.check")
    assert check.details["dry_run"] is True and check.details["errors"] == 0
    assert not AuditEntry.objects.filter(action="import.record").exists()
