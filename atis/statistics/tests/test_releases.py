"""Releases of the annual statistics: who publishes, what a release freezes, and that the
public page, the downloads and the API serve releases only, never a computation."""

import hashlib
import json
import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from atis.audit.models import AuditEntry
from atis.core import access
from atis.core.errors import AccessDenied, DomainError
from atis.core.roles import Role
from atis.statistics import ctdc, engine, exports, services
from atis.statistics.models import Release, ReleaseFile
from atis.statistics.tests.conftest import ADULT, CHILD, YEAR

CLOSED = YEAR - 1  # a year that has ended: published without the open-year option
LANGUAGES = ("en", "sr-latn", "sr")
VICTIMS_TABLE = "identified_victims_by_form_sex_age"


@pytest.fixture
def quick_files(monkeypatch):
    """Release files without the slow formats (charts, PDF): the JSON contract as the engine
    makes it, and a page fragment that names its language. The rules of publishing do not
    depend on the rest; the tests of what is stored use the real files."""

    def files(publication, *, language, previous=None):
        with translation.override(language):
            report = engine.as_json(publication.year, publication.tables, published=True)
        return {"json": json.dumps(report, ensure_ascii=False, indent=1).encode(),
                "csv": b"csv", "xlsx": b"xlsx", "html": b"<p>html</p>", "pdf": b"%PDF-1.7",
                "page": f'<p data-page="{language}">{publication.year}</p>'.encode()}

    monkeypatch.setattr(exports, "release_files", files)


@pytest.fixture
def manager(make_user):
    return make_user(Role.CENTRE_MANAGER)


@pytest.fixture
def victims(identify):
    for _ in range(5):
        identify(forms=["sexual"], birth_year=ADULT)
    identify(forms=["labour"], sex="male", birth_year=ADULT)
    identify(forms=["forced_begging"], birth_year=CHILD)


def stored(release, language="en", fmt="json") -> bytes:
    return bytes(ReleaseFile.objects.get(release=release, language=language, format=fmt).content)


# --- what a release freezes --------------------------------------------------------------

def test_a_release_freezes_every_language_and_format_with_its_checksum(victims, manager):
    release = services.publish(manager, year=YEAR, open_year=True)
    files = {(f.language, f.format): f for f in release.files.all()}
    assert set(files) == {(lang, fmt) for lang in LANGUAGES for fmt in exports.RELEASE_FORMATS}
    for f in files.values():
        assert f.sha256 == hashlib.sha256(bytes(f.content)).hexdigest() and f.size == len(f.content)
    assert release.checksum == hashlib.sha256(stored(release)).hexdigest()
    assert (release.version, release.threshold, release.method) == (1, 3, engine.METHOD)
    report = json.loads(stored(release))
    assert report["published"] is True and report["year"] == YEAR
    assert stored(release, fmt="pdf").startswith(b"%PDF")
    assert release.audit["safe"] is True and release.audit["cells_hidden"] > 0
    assert "…" in stored(release, "sr", "page").decode()  # the hidden counts
    assert stored(release, "sr", "page") != stored(release, "en", "page")


def test_publishing_is_audited_with_counts_and_no_personal_data(quick_files, victims, manager):
    release = services.publish(manager, year=YEAR, open_year=True)
    entry = AuditEntry.objects.get(action="statistics.release.publish")
    assert entry.actor_id == manager.pk and entry.object_id == str(release.pk)
    assert entry.details["year"] == YEAR and entry.details["version"] == 1
    assert entry.details["checksum"] == release.checksum
    assert entry.details["cells_hidden"] == release.audit["cells_hidden"]
    assert entry.details["persons_hidden"] == release.audit["persons_hidden"]
    assert "V-" not in json.dumps(entry.details)


def test_a_release_is_immutable_while_the_internal_tables_follow_the_records(victims, manager,
                                                                             identify, client):
    release = services.publish(manager, year=YEAR, open_year=True)
    before = {(f.language, f.format): bytes(f.content) for f in release.files.all()}
    internal_before = engine.compute(YEAR)[VICTIMS_TABLE].total()
    identify(forms=["sexual"], birth_year=ADULT)
    identify(forms=["sexual"], birth_year=ADULT)
    assert engine.compute(YEAR)[VICTIMS_TABLE].total() == internal_before + 2
    release.refresh_from_db()
    assert {(f.language, f.format): bytes(f.content) for f in release.files.all()} == before
    assert release.checksum == hashlib.sha256(before[("en", "json")]).hexdigest()
    served = client.get(reverse("api-statistics-annual", args=[YEAR])).json()
    assert served == json.loads(before[("en", "json")])


def test_a_release_cannot_be_edited_or_deleted(quick_files, manager):
    release = services.publish(manager, year=CLOSED)
    release.change_note = "edited"
    with pytest.raises(DomainError):
        release.save()
    with pytest.raises(DomainError):
        release.delete()
    first = release.files.first()
    first.content = b"forged"
    with pytest.raises(DomainError):
        first.save()
    assert Release.objects.get().change_note == "" and stored(release) != b"forged"


def test_the_year_over_year_change_comes_from_the_previous_years_release(monkeypatch, manager,
                                                                          quick_files):
    seen = []
    quick = exports.release_files
    monkeypatch.setattr(exports, "release_files", lambda publication, *, language, previous=None:
                        seen.append((language, previous)) or quick(publication, language=language))
    services.publish(manager, year=CLOSED - 1)
    assert [p for _lang, p in seen] == [None, None, None]
    seen.clear()
    services.publish(manager, year=CLOSED)
    assert all(p["year"] == CLOSED - 1 for _lang, p in seen)


def test_the_dataset_is_an_option_of_the_release(quick_files, victims, manager):
    plain = services.publish(manager, year=YEAR, open_year=True)
    assert plain.dataset_k is None and not plain.files.filter(format="dataset").exists()
    release = services.publish(manager, year=YEAR, open_year=True, include_dataset=True,
                               change_note="With the case-level dataset.")
    data = ctdc.dataset(YEAR)
    assert release.dataset_k == data.k
    assert stored(release, "", "dataset") == ctdc.to_csv(data)
    assert release.audit["dataset"] == {"k": data.k, "rows": len(data.rows),
                                        "suppressed_values": data.suppressed_values,
                                        "suppressed_rows": data.suppressed_rows}


def test_without_pango_the_release_is_stored_without_a_pdf_and_the_page_says_so(
        monkeypatch, victims, manager, client):
    def no_pango(html):
        raise exports.PdfUnavailable("no Pango")

    monkeypatch.setattr(exports, "to_pdf", no_pango)
    release = services.publish(manager, year=YEAR, open_year=True)
    formats = {(f.language, f.format) for f in release.files.all()}
    assert formats == {(lang, fmt) for lang in LANGUAGES for fmt in exports.RELEASE_FORMATS
                       if fmt != "pdf"}
    page = client.get(reverse("statistics-public"), {"year": YEAR}).content.decode()
    assert "no PDF" in page and 'data-table="reports_by_source"' in page
    assert client.get(reverse("statistics-download", args=[YEAR, "pdf"])).status_code == 404
    assert not AuditEntry.objects.get(action="statistics.release.publish").details["pdf"]


# --- the rules of publishing -------------------------------------------------------------

def test_a_year_that_has_not_ended_is_published_only_on_purpose(quick_files, manager):
    with pytest.raises(DomainError) as refused:
        services.publish(manager, year=YEAR)
    assert set(refused.value.fields) == {"open_year"}
    assert not Release.objects.exists()
    assert services.publish(manager, year=YEAR, open_year=True).open_year is True
    assert services.publish(manager, year=CLOSED).open_year is False


@pytest.mark.parametrize("year", [YEAR + 1, 1800])
def test_a_year_not_begun_or_without_records_is_refused(quick_files, manager, year):
    with pytest.raises(DomainError) as refused:
        services.publish(manager, year=year, open_year=True)
    assert set(refused.value.fields) == {"year"}


def test_a_correction_is_the_next_version_and_needs_a_change_note(quick_files, manager):
    first = services.publish(manager, year=CLOSED)
    with pytest.raises(DomainError) as refused:
        services.publish(manager, year=CLOSED, change_note="   ")
    assert set(refused.value.fields) == {"change_note"}
    second = services.publish(manager, year=CLOSED, change_note="Two decisions re-dated.")
    assert (first.version, second.version) == (1, 2)
    assert second.change_note == "Two decisions re-dated."
    assert list(Release.objects.filter(year=CLOSED).values_list("version", flat=True)) == [2, 1]
    assert services.publish(manager, year=CLOSED - 1).version == 1  # numbered per year


def test_an_edition_whose_audit_is_not_safe_is_refused(monkeypatch, quick_files, manager):
    real = engine.publication

    def unsafe(year, **kwargs):
        publication = real(year, **kwargs)
        publication.audit = {**publication.audit, "safe": False, "unsafe": 2}
        return publication

    monkeypatch.setattr(engine, "publication", unsafe)
    with pytest.raises(DomainError) as refused:
        services.publish(manager, year=CLOSED)
    assert "2 hidden counts" in refused.value.fields["year"][0]
    assert not Release.objects.exists() and not ReleaseFile.objects.exists()
    assert not AuditEntry.objects.filter(action="statistics.release.publish").exists()


PUBLISHERS = {"centre_manager": {Role.CENTRE_MANAGER}, "rapporteur": {Role.RAPPORTEUR},
              "centre_manager,rapporteur": {Role.CENTRE_MANAGER, Role.RAPPORTEUR}}


@pytest.mark.parametrize("configured", sorted(PUBLISHERS))
@pytest.mark.parametrize("role", list(Role))
def test_who_may_publish_is_configured(quick_files, make_user, settings, configured, role):
    settings.RELEASE_PUBLISHERS = frozenset(configured.split(","))
    user = make_user(role)
    allowed = role in PUBLISHERS[configured]
    assert access.may(user, "statistics.publish") is allowed
    if allowed:
        assert services.publish(user, year=CLOSED).published_by == user
    else:
        with pytest.raises(AccessDenied):
            services.publish(user, year=CLOSED)
        assert not Release.objects.exists()


def test_an_anonymous_visitor_may_not_publish(quick_files, db):
    with pytest.raises(AccessDenied):
        services.publish(AnonymousUser(), year=CLOSED)


# --- the public page and the downloads ---------------------------------------------------

def test_without_a_release_the_page_says_so_and_nothing_is_served(client, db):
    page = client.get(reverse("statistics-public"))
    assert page.status_code == 200 and b"No statistics have been published yet." in page.content
    page = client.get(reverse("statistics-public"), {"year": CLOSED})
    assert f"No release of the statistics of {CLOSED} has been published.".encode() in page.content
    assert client.get(reverse("statistics-download", args=[CLOSED, "json"])).status_code == 404
    assert client.get(reverse("statistics-release-file",
                              args=[CLOSED, 1, "en", "json"])).status_code == 404
    annual = client.get(reverse("api-statistics-annual", args=[CLOSED]))
    assert annual.status_code == 404
    assert annual.json()["detail"] == f"No release of the statistics of {CLOSED} has been published."
    assert client.get(reverse("statistics-public"), {"year": "1800"}).status_code == 400
    assert client.get(reverse("statistics-release-file",
                              args=[1800, 1, "en", "json"])).status_code == 400


def test_the_page_shows_the_latest_version_and_lists_every_version(quick_files, manager, client):
    services.publish(manager, year=CLOSED)
    services.publish(manager, year=CLOSED, change_note="Corrected the Shelter's stays.")
    services.publish(manager, year=CLOSED - 1)
    page = client.get(reverse("statistics-public")).content.decode()
    assert f'<p data-page="en">{CLOSED}</p>' in page  # the newest year, by default
    assert "Version 2, published on" in page and "Corrected the Shelter&#x27;s stays." in page
    assert page.count('class="release"') == 2
    for release in Release.objects.filter(year=CLOSED):
        assert release.checksum in page
        assert reverse("statistics-release-file", args=[CLOSED, release.version, "en", "xlsx"]) in page
    assert f'<option value="{CLOSED - 1}"' in page
    older = client.get(reverse("statistics-public"), {"year": CLOSED - 1}).content.decode()
    assert f'<p data-page="en">{CLOSED - 1}</p>' in older


def test_the_page_and_the_files_are_in_the_visitors_language(quick_files, manager, client):
    services.publish(manager, year=CLOSED)
    client.cookies["atis_language"] = "sr"
    page = client.get(reverse("statistics-public")).content.decode()
    assert '<p data-page="sr">' in page and '<html lang="sr" ' in page
    assert reverse("statistics-release-file", args=[CLOSED, 1, "sr", "json"]) in page


def test_earlier_versions_stay_downloadable_as_they_were(quick_files, manager, client, identify):
    first = services.publish(manager, year=YEAR, open_year=True)
    identify(forms=["sexual"], birth_year=ADULT)
    second = services.publish(manager, year=YEAR, open_year=True, change_note="A late decision.")
    assert stored(first) != stored(second)
    old = client.get(reverse("statistics-release-file", args=[YEAR, 1, "en", "json"]))
    assert old.status_code == 200 and old.content == stored(first)
    assert old["Content-Disposition"] == f'attachment; filename="atis-statistics-{YEAR}-v1-en.json"'
    latest = client.get(reverse("statistics-download", args=[YEAR, "json"]), {"published": "1"})
    assert latest.content == stored(second)
    assert client.get(reverse("statistics-release-file",
                              args=[YEAR, 3, "en", "json"])).status_code == 404
    assert client.get(reverse("statistics-release-file",
                              args=[YEAR, 1, "de", "json"])).status_code == 404


def test_the_dataset_is_downloadable_with_its_release(quick_files, victims, manager, client):
    services.publish(manager, year=YEAR, open_year=True, include_dataset=True)
    page = client.get(reverse("statistics-public")).content.decode()
    url = reverse("statistics-release-dataset", args=[YEAR, 1])
    assert url in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.content.splitlines()[0].startswith(b"yearOfRegistration,")


def test_the_internal_edition_is_still_computed_for_analysts(victims, client, manager):
    url = reverse("statistics-download", args=[YEAR, "json"])
    assert client.get(url, {"published": "0"}).status_code == 302
    client.force_login(manager)
    report = client.get(url, {"published": "0"}).json()
    assert report["published"] is False
    assert client.get(reverse("statistics-internal")).status_code == 200


@pytest.fixture
def published(quick_files, victims, manager):
    return services.publish(manager, year=YEAR, open_year=True)


@pytest.fixture
def no_computation(published, monkeypatch):
    """After `published`, any computation of statistics fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError("a public request computed statistics")

    for name in ("compute", "publication", "annual"):
        monkeypatch.setattr(engine, name, refuse)
    monkeypatch.setattr(exports, "figures", refuse)
    monkeypatch.setattr(ctdc, "dataset", refuse)


def test_anonymous_serving_reads_stored_files_only(client, no_computation):
    urls = [reverse("statistics-public"), reverse("statistics-public") + f"?year={YEAR}",
            reverse("statistics-download", args=[YEAR, "xlsx"]),
            reverse("statistics-release-file", args=[YEAR, 1, "en", "pdf"]),
            reverse("api-statistics-annual", args=[YEAR]),
            reverse("api-statistics-release", args=[YEAR]),
            reverse("api-statistics-releases")]
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        sql = [q["sql"] for q in queries.captured_queries]
        read = [q for q in sql if q.startswith("SELECT") and "atis_cache" not in q]
        assert len(read) <= 3, (url, read)
        assert all("statistics_release" in q for q in read), (url, read)
        writes = [q for q in sql if q.startswith(("INSERT", "UPDATE", "DELETE"))]
        assert all("atis_cache" in q for q in writes), (url, writes)  # the throttle's count


# --- the API -----------------------------------------------------------------------------

def test_api_publishes_a_release(quick_files, manager, api_client_for):
    response = api_client_for(manager).post(reverse("api-statistics-releases"),
                                            {"year": CLOSED}, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["year"], data["version"], data["open_year"]) == (CLOSED, 1, False)
    assert data["checksum"] == Release.objects.get().checksum
    assert {(f["language"], f["format"]) for f in data["files"]} == {
        (lang, fmt) for lang in LANGUAGES for fmt in exports.FORMATS}
    assert data["audit"]["safe"] is True and "published_by" not in data


@pytest.mark.parametrize(("body", "field"), [
    ({}, "year"), ({"year": YEAR}, "open_year"), ({"year": 1800}, "year"),
    ({"year": CLOSED, "change_note": "x" * 2001}, "change_note")])
def test_api_refuses_with_field_errors(quick_files, manager, api_client_for, body, field):
    response = api_client_for(manager).post(reverse("api-statistics-releases"), body,
                                            format="json")
    assert response.status_code == 400 and field in response.json()["errors"]
    assert not Release.objects.exists()


def test_api_refuses_a_correction_without_a_change_note(quick_files, manager, api_client_for):
    api = api_client_for(manager)
    assert api.post(reverse("api-statistics-releases"), {"year": CLOSED},
                    format="json").status_code == 201
    again = api.post(reverse("api-statistics-releases"), {"year": CLOSED}, format="json")
    assert again.status_code == 400 and "change_note" in again.json()["errors"]


@pytest.mark.parametrize("role", [Role.CENTRE_CASEWORKER, Role.COORDINATOR_ANALYST,
                                  Role.RAPPORTEUR, Role.ADMIN])
def test_api_refuses_others(quick_files, make_user, api_client_for, role):
    response = api_client_for(make_user(role)).post(reverse("api-statistics-releases"),
                                                    {"year": CLOSED}, format="json")
    assert response.status_code == 403 and not Release.objects.exists()


def test_api_needs_a_sign_in_to_publish(api_client_for, db):
    assert api_client_for().post(reverse("api-statistics-releases"), {"year": CLOSED},
                                 format="json").status_code == 401


def test_api_replays_a_publication_sent_twice_with_one_key(quick_files, manager, api_client_for):
    api = api_client_for(manager)
    first = api.post(reverse("api-statistics-releases"), {"year": CLOSED}, format="json",
                     HTTP_IDEMPOTENCY_KEY="release-2025")
    again = api.post(reverse("api-statistics-releases"), {"year": CLOSED}, format="json",
                     HTTP_IDEMPOTENCY_KEY="release-2025")
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true" and again.json() == first.json()
    assert Release.objects.count() == 1


def test_api_lists_and_reads_releases(quick_files, manager, api_client_for):
    services.publish(manager, year=CLOSED)
    services.publish(manager, year=CLOSED, change_note="Correction.")
    services.publish(manager, year=CLOSED - 1)
    api = api_client_for()
    listed = api.get(reverse("api-statistics-releases")).json()
    assert [(r["year"], r["version"]) for r in listed["results"]] == [
        (CLOSED, 2), (CLOSED, 1), (CLOSED - 1, 1)]
    filtered = api.get(reverse("api-statistics-releases"), {"year": CLOSED - 1}).json()
    assert [(r["year"], r["version"]) for r in filtered["results"]] == [(CLOSED - 1, 1)]
    latest = api.get(reverse("api-statistics-release", args=[CLOSED])).json()
    assert latest["version"] == 2 and latest["change_note"] == "Correction."
    assert latest["report"]["year"] == CLOSED and latest["report"]["published"] is True
    first = api.get(reverse("api-statistics-release-version", args=[CLOSED, 1])).json()
    assert first["version"] == 1
    assert hashlib.sha256(json.dumps(first["report"], ensure_ascii=False, indent=1).encode()) \
        .hexdigest() == first["checksum"]
    missing = api.get(reverse("api-statistics-release-version", args=[CLOSED, 3]))
    assert missing.status_code == 404 and "no version 3" in missing.json()["detail"]
    assert api.get(reverse("api-statistics-release", args=[CLOSED - 2])).status_code == 404


def test_the_published_annual_api_serves_the_latest_release(quick_files, manager,
                                                            api_client_for):
    services.publish(manager, year=CLOSED)
    second = services.publish(manager, year=CLOSED, change_note="Correction.")
    served = api_client_for().get(reverse("api-statistics-annual", args=[CLOSED]),
                                  {"published": "true"})
    assert served.status_code == 200 and served.json() == json.loads(stored(second))
    in_serbian = api_client_for().get(reverse("api-statistics-annual", args=[CLOSED]),
                                      HTTP_ACCEPT_LANGUAGE="sr")
    assert in_serbian.json() == json.loads(stored(second, "sr"))


# --- throttling --------------------------------------------------------------------------

def test_the_public_statistics_are_throttled_per_client_address(quick_files, manager, client,
                                                                api_client_for, settings):
    services.publish(manager, year=CLOSED)
    settings.PUBLIC_RATE = 3
    page = reverse("statistics-public")
    assert client.get(page).status_code == 200
    assert client.get(reverse("statistics-download", args=[CLOSED, "json"])).status_code == 200
    assert api_client_for().get(reverse("api-statistics-releases")).status_code == 200
    refused = client.get(page)
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert b"Too many requests" in refused.content
    api = api_client_for().get(reverse("api-statistics-release", args=[CLOSED]))
    assert api.status_code == 429 and "detail" in api.json()
    other = client.get(page, REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200


# --- the publishers' page ----------------------------------------------------------------

def test_the_releases_page_is_for_publishers_only(client, make_user, settings):
    url = reverse("statistics-releases")
    assert client.get(url).status_code == 302
    client.force_login(make_user(Role.COORDINATOR_ANALYST))
    assert client.get(url).status_code == 403
    client.force_login(make_user(Role.RAPPORTEUR))
    assert client.get(url).status_code == 403
    settings.RELEASE_PUBLISHERS = frozenset({"rapporteur"})
    assert client.get(url).status_code == 200


def test_a_manager_reviews_the_draft_and_publishes_it(quick_files, victims, manager, client):
    client.force_login(manager)
    review = client.get(reverse("statistics-releases"), {"year": YEAR}).content.decode()
    draft = engine.publication(YEAR)
    assert f'<dd id="cells-hidden">{draft.audit["cells_hidden"]}</dd>' in review
    assert f'<dd id="persons-hidden">{draft.audit["persons_hidden"]}</dd>' in review
    assert 'data-table="identified_victims_by_form_sex_age"' in review
    refused = client.post(reverse("statistics-releases"), {"year": YEAR})
    assert refused.status_code == 200 and "has not ended" in refused.content.decode()
    done = client.post(reverse("statistics-releases"), {"year": YEAR, "open_year": "on"},
                       follow=True)
    assert done.redirect_chain[-1][0] == reverse("statistics-public") + f"?year={YEAR}"
    assert f"Published version 1 of {YEAR}." in done.content.decode()
    assert Release.objects.get().published_by == manager
    internal = client.get(reverse("statistics-internal")).content.decode()
    assert reverse("statistics-releases") in internal


# --- concurrency (PostgreSQL) ------------------------------------------------------------

def _race(monkeypatch, manager, change_note: str) -> list:
    """Two publishers of CLOSED, both past the checks before either writes."""
    from django.db import connections

    meeting = threading.Barrier(2, timeout=20)
    real = services._latest_version
    calls = threading.local()

    def latest(year):
        found = real(year)
        calls.n = getattr(calls, "n", 0) + 1
        if calls.n == 2:  # the numbering, once both have checked
            meeting.wait()
        return found

    monkeypatch.setattr(services, "_latest_version", latest)
    outcomes = []

    def publish():
        try:
            outcomes.append(services.publish(manager, year=CLOSED, change_note=change_note).version)
        except DomainError as exc:
            outcomes.append(sorted(exc.fields))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publish) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return outcomes


@pytest.mark.postgresql
def test_two_publishers_of_a_year_get_versions_one_and_two(quick_files, manager, monkeypatch,
                                                           transactional_db):
    assert sorted(_race(monkeypatch, manager, "Both corrected the same year.")) == [1, 2]
    assert sorted(Release.objects.values_list("version", flat=True)) == [1, 2]


@pytest.mark.postgresql
def test_the_second_publisher_without_a_note_gets_a_clear_refusal(quick_files, manager,
                                                                  monkeypatch, transactional_db):
    outcomes = _race(monkeypatch, manager, "")
    assert sorted(outcomes, key=str) == [1, ["change_note"]]
    assert Release.objects.count() == 1

