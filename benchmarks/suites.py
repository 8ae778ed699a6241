"""The benchmark suites, by capability. Each takes the backend name and the scale and
returns harness.Row objects."""

import datetime
import random
import time

from benchmarks.harness import Row, analyze, peak_mb, timed


def people(*, backend: str, scale: int, log) -> list[Row]:
    """Bulk creation of `scale` persons with encrypted identities, then blind-index
    look-up latency at that size (issue #2: look-up p95 ≤ 5 ms, 1M persons ≤ 10 min)."""
    from atis.core import services as core_services
    from atis.core.roles import Role
    from atis.people import selectors, services
    from atis.people.demo import person_row
    from atis.reference.services import reference_load

    reference_load()
    core_services.organisations_load()
    manager = core_services.user_create(
        actor=None, username="bench-manager", password="Bench-password-2026",
        organisation=core_services.Organisation.objects.get(code="centre"),
        role=Role.CENTRE_MANAGER)
    rng, today = random.Random(2), datetime.date.today()
    sample = []

    def rows():
        for n in range(scale):
            row = person_row(rng, today)
            if n % max(1, scale // 1000) == 0:
                sample.append(row["identity"])
            yield row

    start = time.perf_counter()
    services.persons_bulk_create(actor_label="bench", rows=rows(), batch_size=5000)
    elapsed_ms = (time.perf_counter() - start) * 1000
    log(f"{backend}: {scale} persons in {elapsed_ms / 1000:.0f} s")
    analyze(backend, log)
    result = [Row("create persons (bulk, encrypted)", backend, scale, elapsed_ms, elapsed_ms,
                  peak_mb(), f"{scale / (elapsed_ms / 1000):,.0f} persons/s")]

    repeat = min(len(sample) * 3, 1000)
    probes = iter(sample * 6)

    def lookup():
        identity = next(probes)
        assert selectors._match_identifiers(given_name=identity["given_name"],
                                            family_name=identity["family_name"],
                                            date_of_birth=identity["date_of_birth"])

    def duplicate_check():
        identity = next(probes)
        assert selectors.likely_duplicates(
            user=manager, given_name=identity["given_name"], family_name=identity["family_name"],
            date_of_birth=identity["date_of_birth"])

    median, p95 = timed(lookup, repeat)
    result.append(Row("blind-index look-up", backend, scale, median, p95, peak_mb(),
                      "name + date of birth"))
    median, p95 = timed(duplicate_check, repeat)
    result.append(Row("duplicate warning on a new person", backend, scale, median, p95,
                      peak_mb(), "access check + blind index + audit entry"))
    return result


SUITES = {"people": people}


def _bench_user(username: str, role: str, org_code: str):
    from atis.core import services as core_services
    from atis.core.models import Organisation, User

    return User.objects.filter(username=username).first() or core_services.user_create(
        actor=None, username=username, password="Bench-password-2026", role=role,
        organisation=Organisation.objects.get(code=org_code))


def _load_reports(scale: int, caseworkers: list, reporter, log) -> None:
    """`scale` reports, one person each (persons from the people suite, topped up), 80%
    accepted with a procedure (5% of them still open), assigned to the caseworkers."""
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from atis.identification.models import Procedure
    from atis.intake.models import Report, ReportPerson
    from atis.people import services as people
    from atis.people.demo import person_row
    from atis.people.models import CaseAssignment, Person

    rng = random.Random(3)
    missing = scale - Person.objects.count()
    if missing > 0:
        people.persons_bulk_create(actor_label="bench", rows=(
            person_row(rng, datetime.date.today()) for _ in range(missing)))
    now = timezone.now()
    statuses = ["identified"] * 8 + ["not_identified"] * 6 + ["terminated", "open"]
    person_ids = Person.objects.order_by("pk").values_list("pk", flat=True)[:scale].iterator(chunk_size=10000)
    batch, n = [], 0

    def flush():
        with transaction.atomic():
            reports = [Report(reference=f"R-B-{n - len(batch) + i:07d}",
                              received_at=now - timedelta(minutes=rng.randint(60, 60 * 24 * 1800)),
                              channel=rng.choice(["phone", "letter", "app_api"]),
                              source_type=rng.choice(["police_administration", "association"]),
                              reported_by=reporter, narrative="Synthetic benchmark report.",
                              suspected_forms=["labour"], status="received")
                       for i in range(len(batch))]
            for report in reports:
                if rng.random() < 0.8:
                    report.status = "accepted"
            Report.objects.bulk_create(reports)
            ReportPerson.objects.bulk_create(ReportPerson(report=r, person_id=p)
                                             for r, p in zip(reports, batch, strict=True))
            procedures, assignments = [], []
            for report, person_id in zip(reports, batch, strict=True):
                if report.status != "accepted":
                    continue
                lead = rng.choice(caseworkers)
                procedures.append(Procedure(
                    person_id=person_id, report=report, opened_by=lead, lead_caseworker=lead,
                    status=rng.choice(statuses), opened_at=report.received_at,
                    particular_urgency=rng.random() < 0.4,
                    target_date=(report.received_at + timedelta(days=30)).date()))
                assignments.append(CaseAssignment(person_id=person_id, user=lead))
            Procedure.objects.bulk_create(procedures)
            CaseAssignment.objects.bulk_create(assignments)
        batch.clear()

    for person_id in person_ids:
        batch.append(person_id)
        n += 1
        if len(batch) == 10000:
            flush()
            if n % 200000 == 0:
                log(f"  {n} reports")
    if batch:
        flush()


def intake(*, backend: str, scale: int, log) -> list[Row]:
    """Issue #3 at `scale` reports and persons: the work queue's first page filtered by
    status and caseworker (p95 ≤ 150 ms) and posting a report through the API (≤ 100 ms).
    (The duplicate warning, ≤ 50 ms, is measured by the people suite at the same scale.)"""
    from rest_framework.test import APIClient

    from atis.core.roles import Role
    from atis.identification import selectors as identification
    from atis.intake.services import checklists_load
    from atis.reference.services import reference_load

    reference_load()
    from atis.core import services as core_services

    core_services.organisations_load()
    checklists_load()
    manager = _bench_user("bench-manager", Role.CENTRE_MANAGER, "centre")
    reporter = _bench_user("bench-reporter", Role.REPORTER, "pu-novi-sad")
    caseworkers = [_bench_user(f"bench-cw{i}", Role.CENTRE_CASEWORKER, "centre") for i in range(50)]
    start = time.perf_counter()
    _load_reports(scale, caseworkers, reporter, log)
    log(f"{backend}: {scale} reports loaded in {time.perf_counter() - start:.0f} s")
    analyze(backend, log)
    rng = random.Random(5)
    rows = []

    def queue_page():
        worker = rng.choice(caseworkers)
        qs = identification.procedure_list(user=manager, status="open", caseworker=worker.pk)
        assert len(list(qs[:50])) <= 50
        qs.count()

    def own_queue_page():
        worker = rng.choice(caseworkers)
        qs = identification.procedure_list(user=worker, status="open")
        list(qs[:50])
        qs.count()

    median, p95 = timed(queue_page, 200)
    rows.append(Row("work queue, first page (status + caseworker)", backend, scale, median, p95,
                    peak_mb(), "manager's view"))
    median, p95 = timed(own_queue_page, 200)
    rows.append(Row("work queue, first page (caseworker's own)", backend, scale, median, p95,
                    peak_mb(), "through the case assignments"))

    api = APIClient()
    api.force_authenticate(reporter)
    counter = iter(range(10**6))

    def post_report():
        response = api.post("/api/v1/reports/", {
            "channel": "app_api", "source_type": "police_administration",
            "suspected_forms": ["labour"], "narrative": "Benchmark report via the API.",
            "persons": [{"sex": "female", "birth_year": 1999, "citizenships": ["RS"],
                         "identity": {"given_name": "Ana", "family_name": f"B{next(counter)}"}}]},
            format="json", HTTP_HOST="localhost")
        assert response.status_code == 201, response.content

    median, p95 = timed(post_report, 200)
    rows.append(Row("POST /api/v1/reports/", backend, scale, median, p95, peak_mb(),
                    "one new person, in-process client"))
    return rows


SUITES["intake"] = intake


def _load_protection(plans: int, services_total: int, centre_user, partners: list, log) -> list[int]:
    """`plans` active plans (a consent, a Centre task and a partner task each) and
    `services_total` service records spread over their persons."""
    from datetime import date, timedelta

    from django.db import transaction

    from atis.core.models import Organisation
    from atis.people.models import Person
    from atis.protection.models import Consent, PlanTask, ProtectionPlan, ServiceRecord

    rng = random.Random(11)
    centre = Organisation.objects.get(code="centre")
    today = date.today()
    person_ids = list(Person.objects.order_by("pk").values_list("pk", flat=True)[:plans])
    for start in range(0, len(person_ids), 5000):
        chunk = person_ids[start:start + 5000]
        with transaction.atomic():
            created = ProtectionPlan.objects.bulk_create(
                ProtectionPlan(person_id=p, started_on=today - timedelta(days=rng.randint(0, 900)),
                               review_due=today + timedelta(days=90), created_by=centre_user)
                for p in chunk)
            consents, tasks = [], []
            for plan in created:
                partner = rng.choice(partners).organisation
                consents.append(Consent(person_id=plan.person_id, organisation=partner,
                                        given_on=plan.started_on, recorded_by=centre_user))
                for organisation, area in ((partner, "psychological_support"), (centre, "safety")):
                    tasks.append(PlanTask(plan=plan, area=area, organisation=organisation,
                                          due_on=today + timedelta(days=rng.randint(-30, 120)),
                                          status=rng.choice(["planned", "in_progress", "done"])))
            Consent.objects.bulk_create(consents)
            PlanTask.objects.bulk_create(tasks)
    log(f"  {plans} plans")
    kinds = ["information", "psychological_support", "legal_support", "beneficiary_interview"]
    per_batch = 20000
    for start in range(0, services_total, per_batch):
        with transaction.atomic():
            ServiceRecord.objects.bulk_create(
                ServiceRecord(person_id=rng.choice(person_ids), service=rng.choice(kinds),
                              delivered_on=today - timedelta(days=rng.randint(0, 900)),
                              provider=centre, recorded_by=centre_user)
                for _ in range(min(per_batch, services_total - start)))
        if (start + per_batch) % 1_000_000 == 0:
            log(f"  {start + per_batch} services")
    return person_ids


def protection(*, backend: str, scale: int, log) -> list[Row]:
    """Issue #4 at `scale` / 5 active plans and `scale` × 5 service records (200,000 and
    5,000,000 at the default scale): a partner's inbox p95 ≤ 150 ms; a case page with its
    full plan and timeline p95 ≤ 200 ms."""
    from atis.core import services as core_services
    from atis.core.roles import Role
    from atis.people.models import Person
    from atis.protection import selectors
    from atis.reference.services import reference_load

    reference_load()
    core_services.organisations_load()
    manager = _bench_user("bench-manager", Role.CENTRE_MANAGER, "centre")
    partners = [_bench_user(f"bench-partner-{code}", Role.PARTNER_CASEWORKER, code)
                for code in ["atina", "astra", "csw-beograd", "csw-novi-sad", "csw-nis",
                             "csw-kragujevac", "csw-subotica", "csw-pancevo"]]
    if Person.objects.count() < scale // 5:
        from atis.people import services as people
        from atis.people.demo import person_row

        rng0 = random.Random(4)
        people.persons_bulk_create(actor_label="bench", rows=(
            person_row(rng0, datetime.date.today()) for _ in range(scale // 5)))
    start = time.perf_counter()
    person_ids = _load_protection(scale // 5, scale * 5, manager, partners, log)
    log(f"{backend}: protection loaded in {time.perf_counter() - start:.0f} s")
    analyze(backend, log)
    rng = random.Random(6)

    def inbox():
        partner = rng.choice(partners)
        qs = selectors.task_inbox(user=partner)
        assert len(list(qs[:50])) <= 50
        qs.count()

    def case_page():
        person = Person.objects.get(pk=rng.choice(person_ids))
        data = selectors.protection_file(user=manager, person=person)
        assert data["plan"] is not None

    rows = []
    median, p95 = timed(inbox, 200)
    rows.append(Row("partner inbox, first page", backend, scale // 5, median, p95, peak_mb(),
                    f"{scale // 5:,} active plans, 8 partners"))
    median, p95 = timed(case_page, 200)
    rows.append(Row("case page: plan, services, timeline", backend, scale * 5, median, p95,
                    peak_mb(), "services rows; incl. audit entry"))
    return rows


SUITES["protection"] = protection


def _load_justice(cases: int, events_per_case: int, police, caseworker, log) -> list[int]:
    """`cases` criminal cases, each with a defendant, a damaged party (a person in the
    caseworker's caseload) and `events_per_case` events."""
    from datetime import date, timedelta

    from django.db import transaction

    from atis.core.models import Organisation
    from atis.justice.models import CriminalCase, DamagedParty, Defendant, ProceedingEvent
    from atis.people.models import CaseAssignment, Person

    rng = random.Random(12)
    org = Organisation.objects.get(code="pu-novi-sad")
    person_ids = list(Person.objects.order_by("pk").values_list("pk", flat=True)[:cases])
    kinds = ["hearing", "restraining_order", "victim_interview", "hearing"]
    case_ids = []
    for start in range(0, cases, 5000):
        chunk = person_ids[start:start + 5000]
        with transaction.atomic():
            made = CriminalCase.objects.bulk_create(
                CriminalCase(reference=f"J-B-{start + i:07d}", opened_on=date(2020, 1, 1),
                             police_administration=org, created_by=police)
                for i in range(len(chunk)))
            defendants = Defendant.objects.bulk_create(
                Defendant(case=c, pseudonym=f"D-B-{start + i:07d}", sex="male")
                for i, c in enumerate(made))
            parties = DamagedParty.objects.bulk_create(
                DamagedParty(case=c, person_id=p) for c, p in zip(made, chunk, strict=True))
            CaseAssignment.objects.bulk_create(CaseAssignment(person_id=p, user=caseworker)
                                               for p in chunk)
            ProceedingEvent.objects.bulk_create(
                ProceedingEvent(case=c, defendant=d, damaged_party=party, kind=rng.choice(kinds),
                                on=date(2020, 1, 1) + timedelta(days=rng.randint(1, 1500)),
                                recorded_by=police, recorded_by_organisation=org)
                for c, d, party in zip(made, defendants, parties, strict=True)
                for _ in range(events_per_case))
        case_ids += [c.pk for c in made]
        if (start + 5000) % 50000 == 0:
            log(f"  {start + 5000} cases")
    return case_ids


def justice(*, backend: str, scale: int, log) -> list[Row]:
    """Issue #5 at `scale` / 10 criminal cases with ten events each (100,000 and 1,000,000
    at the default scale): recording an event and fanning out its notifications p95 ≤
    100 ms; an inbox with 10,000 unread notifications p95 ≤ 150 ms."""
    from datetime import timedelta

    from django.utils import timezone

    from atis.core import services as core_services
    from atis.core.roles import Role
    from atis.justice import selectors, services
    from atis.justice.models import CriminalCase, Notification, ProceedingEvent
    from atis.people.models import Person
    from atis.reference.services import reference_load

    reference_load()
    core_services.organisations_load()
    police = _bench_user("bench-police", Role.POLICE_OFFICER, "pu-novi-sad")
    caseworker = _bench_user("bench-justice-cw", Role.CENTRE_CASEWORKER, "centre")
    cases = max(scale // 10, 100)
    if Person.objects.count() < cases:
        from atis.people import services as people
        from atis.people.demo import person_row

        rng0 = random.Random(4)
        people.persons_bulk_create(actor_label="bench", rows=(
            person_row(rng0, datetime.date.today()) for _ in range(cases)))
    start = time.perf_counter()
    case_ids = _load_justice(cases, 10, police, caseworker, log)
    some_event = ProceedingEvent.objects.first()
    due = timezone.now() + timedelta(days=2)
    Notification.objects.bulk_create(
        (Notification(event=some_event, person_id=some_event.damaged_party.person_id, user=caseworker,
                      acknowledge_by=due) for _ in range(10_000)), batch_size=5000)
    log(f"{backend}: justice loaded in {time.perf_counter() - start:.0f} s")
    analyze(backend, log)
    rng = random.Random(7)
    today = datetime.date.today()

    def record_event():
        case = CriminalCase.objects.get(pk=rng.choice(case_ids))
        services.event_record(actor=police, case=case, kind="hearing",
                              on=today + timedelta(days=rng.randint(1, 90)))

    def inbox():
        qs = selectors.notification_inbox(user=caseworker, unread=True)
        assert len(list(qs[:50])) == 50
        qs.count()

    rows = []
    median, p95 = timed(record_event, 200)
    rows.append(Row("record event + notify the network", backend, cases * 10, median, p95,
                    peak_mb(), f"{cases:,} cases; events rows"))
    median, p95 = timed(inbox, 200)
    rows.append(Row("inbox, 10,000 unread notifications", backend, 10_000, median, p95,
                    peak_mb(), "first page + count"))
    return rows


SUITES["justice"] = justice


def statistics(*, backend: str, scale: int, log) -> list[Row]:
    """Issue #6: with `scale` reports (the intake suite's, loaded here if absent) and
    `scale` / 20 victims identified in the benchmark year (1,000,000 and 50,000 at the
    default scale), the whole JSON annual report ≤ 2 s on PostgreSQL, peak memory ≤ 500 MB."""
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from atis.core import services as core_services
    from atis.core.models import Organisation
    from atis.core.roles import Role
    from atis.identification.models import Decision, DecisionForm, DecisionRecruitment, Procedure
    from atis.intake.models import Report
    from atis.reference.services import reference_load
    from atis.statistics import engine

    reference_load()
    core_services.organisations_load()
    manager = _bench_user("bench-manager", Role.CENTRE_MANAGER, "centre")
    if Report.objects.count() < scale:
        intake(backend=backend, scale=scale, log=log)
    centre = Organisation.objects.get(code="centre")
    year = timezone.localdate().year
    start_of_year = timezone.make_aware(datetime.datetime(year, 1, 1))
    rng = random.Random(9)
    forms = ["sexual", "labour", "forced_begging", "forced_criminality", "forced_marriage"]
    methods = ["job_offer", "false_friendship", "loan_debt", "courtship_marriage"]
    victims = scale // 20
    ids = list(Procedure.objects.filter(decisions__isnull=True).order_by("pk")
               .values_list("pk", flat=True)[:victims])
    for begin in range(0, len(ids), 5000):
        with transaction.atomic():
            made = Decision.objects.bulk_create(
                Decision(procedure_id=pk, outcome="identified", state="approved",
                         decided_by=manager, decided_by_organisation=centre, approved_by=manager,
                         approved_at=start_of_year + timedelta(minutes=rng.randint(0, 400_000)),
                         age_at_identification=rng.randint(8, 60), origin_country_id=None,
                         recruitment_online=rng.random() < 0.5,
                         child_school_attendance=rng.choice([True, False, None]))
                for pk in ids[begin:begin + 5000])
            DecisionForm.objects.bulk_create(
                DecisionForm(decision=d, form=f) for d in made
                for f in rng.sample(forms, 1 if rng.random() < 0.9 else 2))
            DecisionRecruitment.objects.bulk_create(
                DecisionRecruitment(decision=d, method=m) for d in made
                for m in rng.sample(methods, rng.randint(1, 2)))
    log(f"{backend}: {len(ids)} identifications in {year}")
    analyze(backend, log)
    report = {}

    def annual():
        report.update(engine.annual(year))

    median, p95 = timed(annual, 3)
    victims_counted = sum(c["count"] for c in
                          report["tables"]["identified_victims_by_form_sex_age"]["cells"])
    return [Row("annual report, JSON (all tables)", backend, scale, median, p95, peak_mb(),
                f"{victims_counted:,} victims identified in {year}")]


SUITES["statistics"] = statistics


IMPORT_MAX = 100_000


def _legacy_rows(cases: int, rng) -> dict:
    """A legacy history of `cases` persons, each with a report (2012–2025); 85% accepted,
    each then with an identification procedure, most decided."""
    from atis.people.demo import person_row

    forms = ["sexual", "labour", "forced_begging", "forced_criminality", "forced_marriage"]
    cases_rows = []
    for n in range(cases):
        received = datetime.datetime(rng.randint(2012, 2025), rng.randint(1, 12), rng.randint(1, 28),
                                     rng.randint(8, 17), rng.randint(0, 59))
        person = person_row(rng, received.date())
        triage = received + datetime.timedelta(days=rng.randint(0, 3))
        accepted = rng.random() < 0.85
        cases_rows.append((n, received, person, triage, accepted))

    def persons():
        for n, _received, person, _triage, _accepted in cases_rows:
            identity = person["identity"]
            yield {"source_reference": f"P-{n}", "sex": person["sex"],
                   "date_of_birth": identity["date_of_birth"], "given_name": identity["given_name"],
                   "family_name": identity["family_name"], "phones": identity["phones"],
                   "citizenships": person["citizenships"]}

    def reports():
        for n, received, _person, triage, accepted in cases_rows:
            yield {"source_reference": f"R-{n}", "received_at": received, "channel": "phone",
                   "source_type": rng.choice(["police_administration", "association", "school"]),
                   "persons": [f"P-{n}"], "suspected_forms": [rng.choice(forms)],
                   "triage_outcome": "accepted" if accepted else "dismissed", "triaged_at": triage,
                   "dismissal_reason": "" if accepted else "no_offence"}

    def identifications():
        for n, _received, person, triage, accepted in cases_rows:
            if not accepted:
                continue
            outcome = rng.choice(["identified"] * 5 + ["not_identified"] * 3 + ["terminated", ""])
            decided = triage + datetime.timedelta(days=rng.randint(1, 60))
            row = {"source_reference": f"I-{n}", "report": f"R-{n}", "person": f"P-{n}",
                   "outcome": outcome, "decided_at": decided.date() if outcome else None}
            if outcome == "identified":
                row.update(forms=[(rng.choice(forms), "")], recruitment_methods=["job_offer"],
                           recruitment_online=rng.random() < 0.4, control_methods=["threats"],
                           origin_country=person["citizenships"][0], exploitation_country="RS")
            elif outcome:
                row["reason"] = "other_offence" if outcome == "not_identified" else "person_withdrew"
            yield row

    accepted = sum(1 for row in cases_rows if row[4])
    return {"persons": persons(), "reports": reports(), "identifications": identifications()}, \
        cases * 2 + accepted


def imports(*, backend: str, scale: int, log) -> list[Row]:
    """Issue #10: 100,000 historical records (persons + reports + decisions) imported from
    one XLSX file on PostgreSQL in ≤ 5 minutes at ≤ 1 GB peak memory. The file is made
    first (not timed); the import is one run of the engine, all in one transaction."""
    import gc

    from atis.core import services as core_services
    from atis.core.roles import Role
    from atis.imports import services as imports_services
    from atis.imports import workbook
    from atis.reference.services import reference_load

    reference_load()
    core_services.organisations_load()
    manager = _bench_user("bench-importer", Role.CENTRE_MANAGER, "centre")
    records = min(scale, IMPORT_MAX)
    start = time.perf_counter()
    sheets, total = _legacy_rows(max(1, round(records / 2.85)), random.Random(10))
    content = workbook.build_xlsx(sheets)
    del sheets
    gc.collect()
    log(f"{backend}: import file of {total:,} records ({len(content) / 1e6:.0f} MB) made in "
        f"{time.perf_counter() - start:.0f} s")
    start, cpu = time.perf_counter(), time.process_time()
    run = imports_services.import_file(actor=manager, content=content, dry_run=False)
    elapsed_ms, cpu = (time.perf_counter() - start) * 1000, time.process_time() - cpu
    assert run.status == "done", run.result["errors"][:5]
    created = sum(c["created"] for c in run.result["counts"].values())
    log(f"{backend}: {created:,} records imported in {elapsed_ms / 1000:.0f} s ({cpu:.0f} s CPU)")
    # The CPU time is this process's alone: on a shared machine it tells the wall time apart
    # from waiting for a core.
    return [Row("legacy import (XLSX, one transaction)", backend, created, elapsed_ms, elapsed_ms,
                peak_mb(), f"{created / (elapsed_ms / 1000):,.0f} records/s; "
                           f"{elapsed_ms / 1000:.0f} s ({cpu:.0f} s CPU) for persons + reports + "
                           "decisions")]


SUITES["imports"] = imports
