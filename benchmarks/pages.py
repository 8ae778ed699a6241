"""Pages and API lists as their users wait for them (issue 12 §2): each request goes through
django.test.Client (middleware, access policy, template or serializer, audit), signed in
as the role that opens it, after VACUUM ANALYZE. Target p95 ≤ 150 ms (the duplicate warning
≤ 50 ms); the note gives the queries one request makes."""

import datetime
import itertools

from benchmarks.harness import Row, budget, heap_peak_mb, judged, smoke, timed

REPEAT = 100
PAGE_MS = 150


def _cycle(values, fmt: str):
    """URLs cycling over sample ids (the first page of each is warm after one round)."""
    values = itertools.cycle(values or [0])
    return lambda: fmt.format(next(values))


def page_list(data) -> list[tuple[str, str | None, object, float]]:
    """(operation, user key or None for anonymous, URL or URL maker, p95 target in ms)."""
    cw = data.users["caseworker"]
    year = data.year
    rows = [
        ("work queue: manager, all caseworkers", "manager", "/cases/", PAGE_MS),
        ("work queue: manager, one caseworker", "manager", f"/cases/?caseworker={cw.pk}", PAGE_MS),
        ("work queue: manager, awaiting approval", "manager", "/cases/?status=awaiting_approval",
         PAGE_MS),
        ("work queue: manager, page 20", "manager", "/cases/?page=20", PAGE_MS),
        ("work queue: caseworker's own", "caseworker", "/cases/", PAGE_MS),
        ("work queue: caseworker's suspended", "caseworker", "/cases/?status=suspended", PAGE_MS),
        ("reports awaiting triage", "manager", "/reports/?status=received", PAGE_MS),
        ("24-hour alerts received (police)", "police", "/cases/alerts/", PAGE_MS),
        ("case record (identification)", "caseworker", _cycle(data.procedure_ids, "/cases/{}/"),
         PAGE_MS),
        ("person page", "caseworker", _cycle(data.person_pseudonyms, "/people/{}/"), PAGE_MS),
        ("protection page of a person", "caseworker",
         _cycle(data.plan_persons, "/protection/{}/"), PAGE_MS),
        ("partner's task inbox", "partner", "/protection/tasks/", PAGE_MS),
        ("notifications inbox", "caseworker", "/justice/inbox/", PAGE_MS),
        ("criminal case page (police)", "police", _cycle(data.case_ids, "/justice/{}/"), PAGE_MS),
        ("criminal case page (caseworker)", "caseworker", _cycle(data.case_ids, "/justice/{}/"),
         PAGE_MS),
        ("criminal cases list (police)", "police", "/justice/", PAGE_MS),
        ("Shelter page", "shelter", "/protection/shelter/", PAGE_MS),
    ]
    for key in ("manager", "caseworker", "partner", "police", "prosecutor", "court", "shelter",
                "coordinator", "rapporteur", "reporter"):
        rows.append((f"dashboard: {key}", key, "/", PAGE_MS))
    rows += [
        ("public statistics page (anonymous)", None, f"/statistics/?year={year}", PAGE_MS),
        ("internal statistics page (rapporteur)", "rapporteur",
         f"/statistics/internal/?year={year}", PAGE_MS),
        ("API: reports", "manager", "/api/v1/reports/", PAGE_MS),
        ("API: persons", "caseworker", "/api/v1/persons/", PAGE_MS),
        ("API: identification procedures", "caseworker", "/api/v1/identifications/", PAGE_MS),
        ("API: protection file of a person", "caseworker",
         _cycle(data.plan_persons, "/api/v1/protection/{}/"), PAGE_MS),
        ("API: plan tasks (partner)", "partner", "/api/v1/tasks/", PAGE_MS),
        ("API: criminal cases (police)", "police", "/api/v1/cases/", PAGE_MS),
        ("API: notifications", "caseworker", "/api/v1/notifications/", PAGE_MS),
        ("API: 24-hour alerts", "caseworker", "/api/v1/alerts/", PAGE_MS),
        ("API: memos", "manager", "/api/v1/memos/", PAGE_MS),
    ]
    return rows


def _client(user):
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    if user is not None:
        client.force_login(user)
    return client


def _measured(operation, backend, scale, call, target_ms, note="") -> Row:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    try:
        if not smoke():
            call()  # warm: templates compiled, caches filled, as in service
        median, p95, n = timed(call, REPEAT, budget())
        with CaptureQueriesContext(connection) as queries:
            peak = heap_peak_mb(call)
    except AssertionError as exc:   # a refused or broken page is reported, never timed
        return Row(operation, backend, scale, 0, 0, None, f"ERROR: {exc}"[:200], "", False)
    return judged(operation, backend, scale, median, p95, peak, p95_ms=target_ms,
                  note=f"{len(queries)} queries; n={n}" + (f"; {note}" if note else ""))


def pages(*, backend: str, scale: int, data, log) -> list[Row]:
    rows, clients = [], {}
    for operation, key, url, target in page_list(data):
        if key not in clients:
            clients[key] = _client(data.users[key] if key else None)
        client, make = clients[key], url if callable(url) else (lambda u=url: u)

        def call(client=client, make=make):
            path = make()
            response = client.get(path)
            assert response.status_code == 200, f"{path}: {response.status_code}"

        rows.append(_measured(operation, backend, scale, call, target))
        log(f"  {operation}: p95 {rows[-1].p95_ms:,.0f} ms; {rows[-1].note}")
    rows.append(_duplicate_warning(backend, scale, data))
    rows.append(_record_event(backend, scale, data))
    return rows


def _duplicate_warning(backend, scale, data) -> Row:
    """POST /api/v1/persons/duplicates/ with the name and date of birth of a known person:
    their own record must come first."""
    import json

    client = _client(data.users["manager"])
    probes = itertools.cycle(data.probes)

    def call():
        identity = next(probes)
        response = client.post("/api/v1/persons/duplicates/", json.dumps({
            "given_name": identity["given_name"], "family_name": identity["family_name"],
            "date_of_birth": identity["date_of_birth"].isoformat()}),
            content_type="application/json")
        assert response.status_code == 200, response.content
        assert "name_birth" in response.json()[0]["matched_on"], response.json()[:1]

    return _measured("duplicate warning (API)", backend, scale, call, 50,
                     "exact name + date of birth first; access check + audit entry")


def _record_event(backend, scale, data) -> Row:
    """Recording a hearing and telling the network (issue #5: p95 ≤ 100 ms)."""
    from atis.justice import services
    from atis.justice.models import CriminalCase

    police = data.users["police"]
    cases = itertools.cycle(data.case_ids)
    today = datetime.date.today()
    days = itertools.cycle(range(1, 90))

    def call():
        case = CriminalCase.objects.get(pk=next(cases))
        services.event_record(actor=police, case=case, kind="hearing",
                              on=today + datetime.timedelta(days=next(days)))

    return _measured("record event + notify the network", backend, scale, call, 100,
                     "service call, audited")
