"""POST /api/v1/imports/ and `atis import cases`: the same engine, its answers and exit codes."""

import io

import pytest
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.core.management import call_command
from django.core.management.base import CommandError

from atis.core.roles import Role
from atis.imports import workbook
from atis.imports.models import ImportRun
from atis.people.models import Person


def post(api, content, name="history.xlsx", **fields):
    stream = io.BytesIO(content)
    stream.name = name
    return api.post("/api/v1/imports/", {"file": stream, **fields}, format="multipart")


@pytest.fixture
def api(api_client_for, manager):
    return api_client_for(manager)


def test_api_dry_run_answers_the_counts_and_writes_nothing(api, rows):
    response = post(api, workbook.build_xlsx(rows), dry_run="true")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "done" and body["dry_run"] and not body["committed"]
    assert body["counts"]["reports"] == {"rows": 2, "new": 2, "existing": 0, "created": 0}
    assert body["errors"] == [] and len(body["checksum"]) == 64
    assert Person.objects.count() == 0


def test_api_import_creates_and_a_second_post_creates_nothing(api, rows):
    content = workbook.build_xlsx(rows)
    first = post(api, content)
    assert first.status_code == 201 and first.json()["counts"]["persons"]["created"] == 2
    second = post(api, content)
    assert second.status_code == 201 and second.json()["counts"]["persons"] == {
        "rows": 2, "new": 0, "existing": 2, "created": 0}
    assert Person.objects.count() == 2
    listed = api.get("/api/v1/imports/").json()
    assert listed["count"] == 2
    assert api.get(f"/api/v1/imports/{first.json()['id']}/").json()["committed"] is True


def test_api_refuses_a_file_with_errors_with_400_listing_them(api, rows):
    rows["persons"][1]["sex"] = "other"
    response = post(api, workbook.build_xlsx(rows))
    assert response.status_code == 400
    assert response.json()["errors"] == [{"sheet": "persons", "row": 3, "column": "sex",
                                          "message": "Unknown code(s): other."}]
    assert Person.objects.count() == 0


@pytest.mark.parametrize("fields, error", [({}, "file"), ({"colour": "red"}, "colour"),
                                           ({"source": "Legacy DB!"}, "source")])
def test_api_bad_requests_are_400_naming_the_field(api, rows, fields, error):
    if error == "file":
        response = api.post("/api/v1/imports/", fields, format="multipart")
    else:
        response = post(api, workbook.build_xlsx(rows), **fields)
    assert response.status_code == 400
    assert error in response.json()["errors"]
    assert ImportRun.objects.filter(status="done").count() == 0


def test_api_honours_the_idempotency_key(api, rows):
    stream = io.BytesIO(workbook.build_xlsx(rows))
    stream.name = "history.xlsx"
    first = api.post("/api/v1/imports/", {"file": stream}, format="multipart",
                     HTTP_IDEMPOTENCY_KEY="import-1")
    stream.seek(0)
    again = api.post("/api/v1/imports/", {"file": stream}, format="multipart",
                     HTTP_IDEMPOTENCY_KEY="import-1")
    assert first.status_code == again.status_code == 201
    assert again.headers.get("Idempotent-Replayed") == "true" and again.json() == first.json()
    assert ImportRun.objects.count() == 1


@pytest.mark.parametrize("role", [Role.CENTRE_CASEWORKER, Role.ADMIN, Role.RAPPORTEUR])
def test_api_is_forbidden_to_everyone_but_centre_managers(api_client_for, make_user, rows, role):
    api = api_client_for(make_user(role))
    assert post(api, workbook.build_xlsx(rows)).status_code == 403
    assert api.get("/api/v1/imports/").status_code == 403
    assert api.get("/api/v1/imports/template/").status_code == 403


def test_the_upload_never_goes_to_a_temporary_file(api, rows, settings, monkeypatch):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 100

    def refuse(*args, **kwargs):
        raise AssertionError("an upload was written to disk")

    monkeypatch.setattr(TemporaryFileUploadHandler, "new_file", refuse)
    assert post(api, workbook.build_xlsx(rows), dry_run="true").status_code == 200


def test_cli_imports_and_reports_per_sheet(manager, rows, tmp_path, capsys):
    path = tmp_path / "history.xlsx"
    path.write_bytes(workbook.build_xlsx(rows))
    call_command("import", "cases", str(path), "--user", manager.username)
    out = capsys.readouterr().out
    assert "persons: 2 rows, 2 new, 0 already imported, 2 created" in out
    assert "imported: " in out and Person.objects.count() == 2
    call_command("import", "cases", str(path), "--user", manager.username)
    assert "persons: 2 rows, 0 new, 2 already imported, 0 created" in capsys.readouterr().out


def test_cli_dry_run_and_refusal_exit_codes(manager, rows, tmp_path, capsys):
    good = tmp_path / "good.xlsx"
    good.write_bytes(workbook.build_xlsx(rows))
    call_command("import", "cases", str(good), "--user", manager.username, "--dry-run")
    assert "checked (dry run), nothing written" in capsys.readouterr().out
    rows["reports"][0]["received_at"] = "yesterday"
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbook.build_xlsx(rows))
    with pytest.raises(CommandError) as refused:
        call_command("import", "cases", str(bad), "--user", manager.username)
    assert refused.value.returncode == 1 and "nothing imported: the file has 1 error(s)" in str(refused.value)
    assert "sheet reports, row 2, column received_at:" in capsys.readouterr().err
    assert Person.objects.count() == 0


@pytest.mark.parametrize("args, code", [
    (["missing.xlsx", "--user", "importer"], 2),
    (["good.xlsx", "--user", "nobody"], 2),
    (["good.xlsx", "--user", "caseworker"], 2),
    (["notes.txt", "--user", "importer"], 1),
])
def test_cli_errors_are_one_line_and_a_non_zero_exit(manager, make_user, rows, tmp_path, args, code):
    make_user(Role.CENTRE_CASEWORKER, username="caseworker")
    (tmp_path / "good.xlsx").write_bytes(workbook.build_xlsx(rows))
    (tmp_path / "notes.txt").write_text("hello")
    args = [str(tmp_path / args[0]), *args[1:]]
    with pytest.raises(CommandError) as error:
        call_command("import", "cases", *args)
    assert error.value.returncode == code and "\n" not in str(error.value)
