"""One generated dataset for every benchmark suite: `scale` persons and reports over six
years of history (2020 to the benchmark year, the last complete one, and the current year
up to today), with the skew of real work (more reports every year, a few police
administrations, partners and caseworkers doing most of it) and statuses that follow the
decisions. At 1,000,000: ~50,000 victims identified in the benchmark year, 100,000
criminal cases, ~5,000,000 service records.

Persons go through `people.services.persons_bulk_create` (encrypted identities and blind
indexes); everything else is written in large batches with explicit primary keys (COPY on
PostgreSQL), without encrypted values, inside one transaction per chunk of persons."""

import datetime
import json
import random
import time
from array import array
from bisect import bisect
from dataclasses import dataclass, field
from itertools import accumulate

from django.core.management.color import no_style
from django.db import connection, transaction

UTC = datetime.UTC
DAY = 86400
CHUNK = 10_000
SEED = 2025

FORMS = {"sexual": 40, "labour": 30, "forced_begging": 10, "forced_criminality": 8,
         "forced_marriage": 6, "pornography": 3, "slavery_servitude": 2, "other": 1}
SOURCES = {"police_administration": 35, "association": 14, "social_work_centre": 14,
           "school": 6, "health": 5, "labour_inspection": 4, "prosecutor_office": 4,
           "family_member": 5, "self": 3, "anonymous_citizen": 4, "international_organisation": 3,
           "asylum_migration_authority": 3}
CHANNELS = {"phone": 40, "email": 20, "hotline": 15, "app_api": 12, "letter": 8, "in_person": 5}
METHODS = {"job_offer": 35, "false_friendship": 20, "courtship_marriage": 15, "loan_debt": 10,
           "emotional_manipulation": 8, "family": 6, "abduction": 3, "other": 3}
SERVICES = {"information": 18, "psychological_support": 16, "beneficiary_interview": 12,
            "legal_support": 10, "material_aid": 8, "medical_examination": 6, "accommodation": 5,
            "transport_escort": 5, "documents": 4, "education": 4, "employment": 3,
            "interpretation": 3, "lawyer": 2, "family_support": 2, "urgent_assistance": 2}
EXAMINATIONS = {"general": 40, "laboratory": 20, "gynaecological": 12, "dentist": 10,
                "psychiatric": 8, "paediatric": 5, "other": 5}
PARTNERS = {"atina": 40, "astra": 22, "csw-beograd": 12, "iom-serbia": 8, "csw-novi-sad": 6,
            "csw-nis": 5, "csw-kragujevac": 4, "unicef-serbia": 3}
POLICE = {"pu-beograd": 30, "pu-novi-sad": 14, "pu-nis": 10, "mup-border-police": 8,
          "pu-kragujevac": 6, "pu-subotica": 6, "pu-zrenjanin": 4, "pu-valjevo": 4,
          "pu-kraljevo": 4, "pu-vranje": 4, "pu-pancevo": 4, "mup-sbpok": 6}
PROSECUTORS = {"hppo-beograd": 40, "hppo-novi-sad": 15, "hppo-nis": 12, "hppo-kragujevac": 8,
               "ppo-organised-crime": 10, "hppo-subotica": 5, "hppo-zrenjanin": 5, "hppo-valjevo": 5}
COURTS = {"higher-court-beograd": 40, "higher-court-novi-sad": 15, "higher-court-nis": 12,
          "higher-court-kragujevac": 8, "higher-court-subotica": 5, "higher-court-zrenjanin": 5,
          "higher-court-valjevo": 5, "higher-court-kraljevo": 5}
APPELLATE = {"appellate-court-beograd": 50, "appellate-court-novi-sad": 20,
             "appellate-court-nis": 15, "appellate-court-kragujevac": 15}
ABROAD = {"DE": 30, "AT": 15, "IT": 10, "FR": 8, "CH": 8, "HR": 8, "MK": 6, "BA": 6, "ME": 5,
          "TR": 4}
MEMO_RECIPIENTS = {"pu-beograd": 25, "csw-beograd": 15, "hppo-beograd": 12, "pu-novi-sad": 10,
                   "labour-inspectorate": 8, "atina": 8, "mup-foreigners": 6, "nes": 4,
                   "higher-court-beograd": 4, "ministry-labour": 4, "csw-nis": 4}
SEXES = ["female", "male", "unknown"]


class Rng(random.Random):
    """random.Random with the draws the generator makes millions of times done in one step
    (the library's versions check their arguments and draw bit by bit)."""

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def choices(self, population, weights=None, *, cum_weights=None, k=1):
        if cum_weights is None or k != 1:
            return super().choices(population, weights, cum_weights=cum_weights, k=k)
        return [population[bisect(cum_weights, self.random() * cum_weights[-1])]]

    def row_key(self) -> str:
        """A random version-4 UUID, as 32 hex digits (what both backends accept)."""
        bits = self.getrandbits(128) & ~(0xF000 << 64) & ~(0xC000 << 48)
        return "%032x" % (bits | 0x4000 << 64 | 0x8000 << 48)


class Pick:
    """A weighted choice among codes, fast for millions of draws."""

    def __init__(self, weights: dict, rng: random.Random, values=None):
        self.values = list(values if values is not None else weights)
        self.cum = list(accumulate(weights.values()))
        self.total, self.random = self.cum[-1], rng.random

    def __call__(self):
        return self.values[bisect(self.cum, self.random() * self.total)]


@dataclass
class Dataset:
    """The handles the suites need."""

    scale: int
    year: int
    # key → User: manager, caseworker (the busiest), police, prosecutor, court, partner
    # (atina), shelter, coordinator, rapporteur, reporter, "partner:<code>", "cw00"…; and
    # each Role value → the first user of that role.
    users: dict
    caseworkers: list
    counts: dict = field(default_factory=dict)
    persons_seconds: float = 0.0
    build_seconds: float = 0.0
    build_cpu_seconds: float = 0.0   # this process's CPU (the database server's not included)
    probes: list = field(default_factory=list)      # identities of existing persons
    procedure_ids: list = field(default_factory=list)  # the caseworker's procedures
    plan_persons: list = field(default_factory=list)   # pseudonyms: the caseworker's, with a plan
    case_ids: list = field(default_factory=list)       # the police user's criminal cases
    person_pseudonyms: list = field(default_factory=list)  # the caseworker's persons


class Writer:
    """Rows of one table, written in one statement per flush: COPY on PostgreSQL, an
    executemany elsewhere. Columns not given take the model's default (a row key per row,
    `timezone.now` once) or NULL."""

    def __init__(self, model, fields: list[str], rng: random.Random, now: datetime.datetime):
        meta = model._meta
        self.model, self.rng, self.rows = model, rng, []
        given = [meta.get_field(name) for name in fields]
        rest = [f for f in meta.concrete_fields if f.name not in fields and f.attname not in fields]
        self.row_key = any(f.name == "row_key" for f in rest)
        rest = [f for f in rest if f.name != "row_key"]
        self.defaults = []
        for f in rest:
            if f.primary_key:
                raise ValueError(f"{meta.label}: give the primary key")
            self.defaults.append(f.get_default())
        ordered = given + rest + ([meta.get_field("row_key")] if self.row_key else [])
        self.columns = [f.column for f in ordered]
        self.sqlite = connection.vendor != "postgresql"
        self.convert = [self._converter(f) for f in ordered]
        self.defaults = [json.dumps(v) if isinstance(v, (list, dict)) else v
                         for v in self.defaults]
        self.next_id = (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1

    def _converter(self, f):
        if not self.sqlite:
            return None
        kind = f.get_internal_type()
        if kind == "DateTimeField":
            return connection.ops.adapt_datetimefield_value
        if kind == "DateField":
            return connection.ops.adapt_datefield_value
        return None

    def id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def add(self, *values) -> None:
        row = [*values, *self.defaults]
        if self.row_key:
            row.append(self.rng.row_key())
        self.rows.append(row)

    def flush(self) -> int:
        rows, self.rows = self.rows, []
        if not rows:
            return 0
        table = connection.ops.quote_name(self.model._meta.db_table)
        cols = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        with connection.cursor() as cursor:
            if self.sqlite:
                convert = [(i, c) for i, c in enumerate(self.convert) if c]
                for row in rows:
                    for i, c in convert:
                        row[i] = c(row[i])
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows)
            else:
                with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
        return len(rows)


def _users(log) -> tuple[dict, list]:
    """One user per role the pages need (and 40 Centre caseworkers): made directly, with an
    unusable password (the benchmarks sign in with force_login)."""
    from atis.core.models import Membership, Organisation, User
    from atis.core.roles import Role

    orgs = {o.code: o for o in Organisation.objects.all()}
    spec = {"manager": (Role.CENTRE_MANAGER, "centre"), "manager2": (Role.CENTRE_MANAGER, "centre"),
            "police": (Role.POLICE_OFFICER, "pu-beograd"),
            "prosecutor": (Role.PROSECUTOR, "hppo-beograd"),
            "court": (Role.COURT_STAFF, "higher-court-beograd"),
            "shelter": (Role.SHELTER_STAFF, "shelter"),
            "coordinator": (Role.COORDINATOR_ANALYST, "national-coordinator"),
            "rapporteur": (Role.RAPPORTEUR, "rapporteur"),
            "reporter": (Role.REPORTER, "pu-novi-sad")}
    spec.update({f"partner:{code}": (Role.PARTNER_CASEWORKER, code) for code in PARTNERS})
    spec.update({f"cw{i:02d}": (Role.CENTRE_CASEWORKER, "centre") for i in range(40)})
    users = {}
    for key, (role, code) in spec.items():
        user = User(username=f"bench-{key.replace(':', '-')}")
        user.set_unusable_password()
        user.save()
        Membership.objects.create(user=user, organisation=orgs[code], role=role)
        users[key] = user
    caseworkers = [users[f"cw{i:02d}"] for i in range(40)]
    users["caseworker"] = caseworkers[0]   # the busiest (the skew puts most work first)
    users["partner"] = users["partner:atina"]
    roles = {"caseworker": Role.CENTRE_CASEWORKER, "partner": Role.PARTNER_CASEWORKER}
    for key in ["caseworker", "partner", *spec]:   # and by role: the first of each
        users.setdefault(roles.get(key) or spec[key][0], users[key])
    log(f"  {len(users)} users")
    return users, caseworkers


def _load_mode() -> None:
    """On PostgreSQL, as a superuser, skip the per-row foreign-key triggers for the rest of
    the transaction, as pg_restore does: the rows are consistent by construction (SQLite,
    which checks every key at commit, proves it in benchmarks/tests/test_dataset.py)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if cursor.fetchone()[0]:
            cursor.execute("SET LOCAL session_replication_role = replica")
        # A crash loses the last chunks, never consistency: the build starts afresh anyway.
        cursor.execute("SET LOCAL synchronous_commit = off")


class Clock:
    """Timestamps between 1 January of the first year and now."""

    def __init__(self, rng, first_year: int, now: datetime.datetime):
        self.rng, self.now = rng, now
        self.now_ts = now.timestamp()
        self.years = list(range(first_year, now.year + 1))
        starts = [datetime.datetime(y, 1, 1, tzinfo=UTC).timestamp() for y in self.years]
        self.spans = [(s, min(e, self.now_ts)) for s, e in
                      zip(starts, starts[1:] + [datetime.datetime(now.year + 1, 1, 1,
                                                                  tzinfo=UTC).timestamp()],
                          strict=True)]
        # More reports every year (+12 %), the current year pro rata.
        weights = [1.12 ** i * (e - s) / (365 * DAY) for i, (s, e) in enumerate(self.spans)]
        self.cum = list(accumulate(weights))

    def report_ts(self) -> float:
        s, e = self.rng.choices(self.spans, cum_weights=self.cum)[0]
        return self.rng.uniform(s, e)


def dt(ts: float) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(ts, UTC)


def day(ts: float) -> datetime.date:
    return datetime.datetime.fromtimestamp(ts, UTC).date()


def build(scale: int, *, log, seed: int = SEED) -> Dataset:
    """Generate the dataset (see the module's docstring) in an empty database."""
    from atis.core import services as core_services
    from atis.intake.services import checklists_load
    from atis.reference.services import reference_load

    # Today at midnight: the same seed gives the same rows all day.
    now = datetime.datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    reference_load()
    core_services.organisations_load()
    checklists_load()
    users, caseworkers = _users(log)
    data = Dataset(scale=scale, year=now.year - 1, users=users, caseworkers=caseworkers)
    started, cpu = time.perf_counter(), time.process_time()
    _generate(_Generator(scale, data, Rng(seed), now, now.year - HISTORY_YEARS), log)
    data.build_seconds = time.perf_counter() - started
    data.build_cpu_seconds = time.process_time() - cpu
    return data


def add_history(data: Dataset, scale: int, *, log, seed: int = SEED + 1, years: int = 10) -> dict:
    """Add `scale` more persons with their whole files, all in the `years` years before
    the six the annual report looks at (everything closed by then): the benchmark year's
    records stay the same. Returns the counts of rows added."""
    first_shown = data.year - HISTORY_YEARS + 1
    end = datetime.datetime(first_shown - 1, 12, 31, 12, tzinfo=UTC)
    added = Dataset(scale=scale, year=data.year, users=data.users, caseworkers=data.caseworkers)
    _generate(_Generator(scale, added, Rng(seed), end, first_shown - years,
                         history=True), log)
    return added.counts


HISTORY_YEARS = 6


def _generate(gen: "_Generator", log) -> None:
    gen.persons(log)
    gen.run(log)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), gen.models()):
            cursor.execute(sql)
    # The rows went in by COPY, past the model signals that keep the statistics facts.
    from atis.statistics import facts

    started = time.perf_counter()
    counts = facts.rebuild()
    log(f"  statistics facts ({', '.join(f'{kind} {n:,}' for kind, n in counts.items())}) in "
        f"{time.perf_counter() - started:.0f} s")
    if not gen.history:
        gen.samples()
    log(f"  dataset: {', '.join(f'{k} {v:,}' for k, v in gen.counts.items())}")


class _Generator:
    def __init__(self, scale, data: Dataset, rng, now, first_year: int, history: bool = False):
        from atis.core.models import Organisation
        from atis.reference.models import Country

        self.scale, self.data, self.rng, self.now = scale, data, rng, now
        self.history = history   # history only: nothing open or scheduled after `now`
        self.clock = Clock(rng, first_year, now)
        self.orgs = dict(Organisation.objects.values_list("code", "pk"))
        self.countries = dict(Country.objects.values_list("code", "pk"))
        self.pick = {name: Pick(weights, rng) for name, weights in {
            "form": FORMS, "source": SOURCES, "channel": CHANNELS, "method": METHODS,
            "service": SERVICES, "exam": EXAMINATIONS, "partner": PARTNERS, "police": POLICE,
            "prosecutor": PROSECUTORS, "court": COURTS, "appellate": APPELLATE,
            "abroad": ABROAD, "memo_to": MEMO_RECIPIENTS}.items()}
        # Caseworkers: a Zipf-like skew, the first few carry most cases.
        cws = data.caseworkers
        self.pick["caseworker"] = Pick({i: 1 / (i + 1) for i in range(len(cws))}, rng,
                                       [u.pk for u in cws])
        self.counts = data.counts
        self.victims = []   # (person pk, date, caseworker pk) for the criminal cases

    def models(self):
        return [w.model for w in self.writers.values()]

    # -- persons ------------------------------------------------------------------------

    def persons(self, log) -> None:
        from atis.people import services as people
        from atis.people.demo import person_row
        from atis.people.models import Person

        rng, scale, data = self.rng, self.scale, self.data
        sex, birth, country = array("b"), array("h"), []
        today = self.now.date()
        every = max(1, scale // 1000)

        def rows():
            for n in range(scale):
                row = person_row(rng, today)
                sex.append(SEXES.index(row["sex"]))
                birth.append(row["birth_year"])
                country.append(row["citizenships"][0])
                if n % every == 0 and not self.history:
                    data.probes.append(row["identity"])
                yield row

        before = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        start = time.perf_counter()
        people.persons_bulk_create(actor_label="bench", rows=rows(), batch_size=5000)
        elapsed = time.perf_counter() - start
        if not self.history:
            data.persons_seconds = elapsed
        log(f"  {scale:,} persons in {elapsed:.0f} s")
        self.person_ids = array("l", Person.objects.filter(pk__gt=before).order_by("pk")
                                .values_list("pk", flat=True).iterator(chunk_size=20000))
        self.sex, self.birth, self.country = sex, birth, country

    # -- everything else ----------------------------------------------------------------

    def run(self, log) -> None:
        from atis.coordination.models import Memo
        from atis.identification.models import (
            Alert,
            Decision,
            DecisionForm,
            DecisionRecruitment,
            Procedure,
        )
        from atis.intake.models import Report, ReportPerson
        from atis.justice.models import (
            CaseOffence,
            CriminalCase,
            DamagedParty,
            Defendant,
            LegalAssistanceRequest,
            Notification,
            ProceedingEvent,
        )
        from atis.people.models import CaseAssignment
        from atis.protection.models import (
            Consent,
            MedicalExamination,
            PlanTask,
            ProtectionPlan,
            ServiceRecord,
            ShelterStay,
        )

        rng, now = self.rng, self.now
        W = lambda model, *fields: Writer(model, list(fields), rng, now)  # noqa: E731
        self.writers = {
            "reports": W(Report, "id", "reference", "received_at", "channel", "source_type",
                         "source_organisation", "reported_by", "suspected_forms", "status",
                         "triaged_at", "triage_recorded_at", "triaged_by", "dismissal_reason",
                         "created_at"),
            "report_persons": W(ReportPerson, "id", "report", "person"),
            "procedures": W(Procedure, "id", "person", "report", "status", "opened_at",
                            "opened_by", "lead_caseworker", "is_child", "is_foreign",
                            "particular_urgency", "target_date", "closed_at", "alert_due_at"),
            "alerts": W(Alert, "id", "procedure", "recipient", "organisation", "due_at",
                        "sent_at", "sent_by", "channel"),
            "decisions": W(Decision, "id", "procedure", "outcome", "state", "reason",
                           "decided_by", "decided_by_organisation", "decided_at", "recorded_at",
                           "approved_by", "approved_at", "approval_recorded_at",
                           "recruitment_online", "exploiter_relations", "control_methods",
                           "exploitation_began_on", "origin_country", "exploitation_country",
                           "age_at_identification", "age_at_exploitation_start",
                           "identified_where", "child_school_attendance",
                           "child_in_institutional_care", "child_parent_complicit",
                           "person_informed_at", "person_informed_how",
                           "complaint_right_explained"),
            "decision_forms": W(DecisionForm, "id", "decision", "form"),
            "recruitment": W(DecisionRecruitment, "id", "decision", "method"),
            "assignments": W(CaseAssignment, "id", "person", "user", "assigned_at",
                             "assigned_by", "active"),
            "plans": W(ProtectionPlan, "id", "person", "status", "started_on", "review_due",
                       "social_work_centre", "closed_on", "closure_reason", "created_by",
                       "created_at"),
            "consents": W(Consent, "id", "person", "organisation", "area", "given_on",
                          "recorded_by"),
            "tasks": W(PlanTask, "id", "plan", "area", "organisation", "due_on", "status",
                       "completed_on", "updated_at"),
            "services": W(ServiceRecord, "id", "person", "service", "delivered_on", "provider",
                          "task", "sessions", "recorded_by", "recorded_at"),
            "stays": W(ShelterStay, "id", "person", "shelter", "admitted_on", "phase",
                       "ends_on", "is_return", "left_on", "departure_reason", "recorded_by"),
            "examinations": W(MedicalExamination, "id", "stay", "examination", "on"),
            "cases": W(CriminalCase, "id", "reference", "opened_on", "police_administration",
                       "prosecutor_office", "created_by", "created_at"),
            "case_courts": W(CriminalCase.courts.through, "id", "criminalcase", "organisation"),
            "offences": W(CaseOffence, "id", "case", "offence"),
            "defendants": W(Defendant, "id", "case", "pseudonym", "sex", "birth_year",
                            "citizenship", "role", "stage"),
            "damaged_parties": W(DamagedParty, "id", "case", "person", "pvw_status"),
            "events": W(ProceedingEvent, "id", "case", "defendant", "damaged_party", "kind",
                        "on", "court", "sentence_months", "outcome", "recorded_by",
                        "recorded_by_organisation", "recorded_at"),
            "notifications": W(Notification, "id", "event", "person", "user", "organisation",
                               "created_at", "acknowledge_by", "read_at", "acted_at"),
            "legal_assistance": W(LegalAssistanceRequest, "id", "direction", "type", "country",
                                  "case", "requested_on", "outcome", "outcome_on",
                                  "recorded_by"),
            "memos": W(Memo, "id", "reference", "kind", "sender", "recipient", "sent_on",
                       "due_on", "response", "responded_on", "created_by"),
        }
        self.tag = "H" if self.history else "B"
        start = time.perf_counter()
        n = len(self.person_ids)
        for begin in range(0, n, CHUNK):
            with transaction.atomic():
                _load_mode()
                for i in range(begin, min(n, begin + CHUNK)):
                    self.case_file(i)
                self.flush()
            if (begin // CHUNK) % 20 == 19:
                log(f"  {begin + CHUNK:,} case files ({time.perf_counter() - start:.0f} s)")
        log(f"  case files in {time.perf_counter() - start:.0f} s")
        start = time.perf_counter()
        with transaction.atomic():
            _load_mode()
            self.justice()
            self.flush()
            self.memos_and_requests()
            self.flush()
        log(f"  justice and coordination in {time.perf_counter() - start:.0f} s")

    def flush(self) -> None:
        for name, writer in self.writers.items():
            self.counts[name] = self.counts.get(name, 0) + writer.flush()

    # -- one person's file: report, procedure, decisions, protection --------------------

    def case_file(self, i: int) -> None:  # noqa: C901 (one story, told in order)
        rng, w, pick, now_ts = self.rng, self.writers, self.pick, self.clock.now_ts
        users, orgs = self.data.users, self.orgs
        person = self.person_ids[i]
        received = self.clock.report_ts()
        rec_dt = dt(received)
        birth = self.birth[i]
        country = self.country[i]
        age = rec_dt.year - birth
        report_id = w["reports"].id()
        source = pick["source"]()
        source_org = {"police_administration": pick["police"], "association":
                      lambda: rng.choice(["atina", "astra"]), "social_work_centre":
                      lambda: rng.choice(["csw-beograd", "csw-novi-sad", "csw-nis"]),
                      "prosecutor_office": pick["prosecutor"], "labour_inspection":
                      lambda: "labour-inspectorate"}.get(source)
        form = pick["form"]()
        untriaged = received > now_ts - 30 * DAY and rng.random() < 0.7
        triaged = None if untriaged else min(received + rng.uniform(0.1, 4) * DAY, now_ts)
        dismissed = not untriaged and rng.random() < 0.2
        manager = users["manager"].pk if rng.random() < 0.8 else users["manager2"].pk
        status = "received" if untriaged else "dismissed" if dismissed else "accepted"
        w["reports"].add(report_id, f"{self.tag}{rec_dt.year}-{i:08d}", rec_dt,
                         pick["channel"](), source, orgs[source_org()] if source_org else None,
                         users["reporter"].pk if source == "police_administration" and
                         rng.random() < 0.3 else None, json.dumps([form]), status,
                         dt(triaged) if triaged else None, dt(triaged) if triaged else None,
                         manager if triaged else None,
                         rng.choice(["other_act", "no_offence", "no_offence",
                                     "identity_unknown_or_unavailable"]) if dismissed else "",
                         rec_dt)
        w["report_persons"].add(w["report_persons"].id(), report_id, person)
        if status != "accepted":
            return
        # The procedure and its decisions.
        lead = pick["caseworker"]()
        proc_id = w["procedures"].id()
        decided = triaged + rng.choice([rng.uniform(5, 40), rng.uniform(20, 120)]) * DAY
        approved = decided + rng.uniform(0, 3) * DAY
        outcome = rng.choices(["identified", "not_identified", "terminated", "suspended"],
                              cum_weights=[35, 78, 95, 100])[0]
        if approved <= now_ts:
            proc_status = outcome
        else:
            proc_status = "awaiting_approval" if decided <= now_ts and rng.random() < 0.4 else "open"
        closed = dt(approved) if proc_status in ("identified", "not_identified", "terminated") \
            else None
        urgent = rng.random() < 0.3
        sent = received + rng.uniform(1, 20) * 3600 if rng.random() < 0.95 else None
        w["procedures"].add(proc_id, person, report_id, proc_status, dt(triaged), manager, lead,
                            age < 18, country != "RS", urgent, day(received + 30 * DAY), closed,
                            None if sent else dt(received + DAY))
        w["assignments"].add(w["assignments"].id(), person, lead, dt(triaged), manager, True)
        w["alerts"].add(w["alerts"].id(), proc_id, "police", orgs[pick["police"]()],
                        dt(received + DAY), dt(sent) if sent else None, lead if sent else None,
                        "email" if sent else "")
        if rng.random() < 0.1 and decided <= now_ts:   # an earlier proposal, sent back
            self.decision(proc_id, outcome, "returned", decided - 10 * DAY, None, lead,
                          None, birth, country)
        if proc_status == "awaiting_approval":
            self.decision(proc_id, outcome, "proposed", decided, None, lead, None, birth, country)
        elif proc_status != "open":
            self.decision(proc_id, outcome, "approved", decided, approved, lead, manager, birth,
                          country)
        # Protection, services, the Shelter; a share become damaged parties in a case.
        end = closed.timestamp() if closed else now_ts
        if proc_status == "identified":
            self.protection(person, approved, lead, birth)
            if rng.random() < 0.25:
                self.victims.append((person, approved, lead))
        else:
            for _ in range(rng.choice([0, 0, 1, 2, 3, 4, 5, 6])):
                self.service(person, rng.uniform(triaged, min(end + 60 * DAY, now_ts)),
                             orgs["centre"], None, lead)
            if rng.random() < 0.08:
                self.victims.append((person, triaged, lead))

    def decision(self, proc_id, outcome, state, decided, approved, lead, manager, birth,
                 country) -> None:
        rng, w = self.rng, self.writers
        dec_id = w["decisions"].id()
        identified = outcome == "identified"
        year = dt(approved or decided).year
        age = year - birth
        child = age < 18
        reason = {"not_identified": lambda: rng.choice(
            ["labour_rights_violation", "other_offence", "denied_by_person", "other"]),
            "terminated": lambda: rng.choice(["person_unavailable", "person_withdrew",
                                              "left_the_country", "transferred", "other"])}
        abroad = rng.random() < 0.25
        w["decisions"].add(
            dec_id, proc_id, outcome, state, reason[outcome]() if outcome in reason else "",
            lead, self.orgs["centre"], dt(decided), dt(decided), manager,
            dt(approved) if approved else None, dt(approved) if approved else None,
            (rng.random() < 0.4) if identified else None,
            json.dumps([rng.choice(["acquaintance", "partner", "employer", "stranger", "relative"])]
                       if identified else []),
            json.dumps(rng.sample(["threats", "takes_earnings", "debt_bondage",
                                   "psychological_abuse", "withholds_documents"], 2)
                       if identified else []),
            day(decided - rng.uniform(30, 700) * DAY) if identified and rng.random() < 0.6 else None,
            self.countries[country] if identified else None,
            self.countries[self.pick["abroad"]() if abroad else "RS"] if identified else None,
            max(age, 1) if identified else None,
            max(age - rng.randint(0, 2), 1) if identified and rng.random() < 0.6 else None,
            ("migrant_route" if country != "RS" else "serbia") if identified else "",
            (rng.random() < 0.6) if identified and child else None,
            (rng.random() < 0.15) if identified and child else None,
            (rng.random() < 0.2) if identified and child else None,
            dt(approved + DAY) if approved and approved + DAY <= self.clock.now_ts else None,
            "in_person" if approved else "", bool(approved))
        if not identified:
            return
        forms = [self.pick["form"]()]
        if rng.random() < 0.1:
            forms = sorted({*forms, self.pick["form"]()})
        for form in forms:
            w["decision_forms"].add(w["decision_forms"].id(), dec_id, form)
        for method in dict.fromkeys(self.pick["method"]() for _ in range(rng.choice([1, 1, 2]))):
            w["recruitment"].add(w["recruitment"].id(), dec_id, method)

    def protection(self, person, approved, lead, birth) -> None:
        rng, w, orgs, now_ts = self.rng, self.writers, self.orgs, self.clock.now_ts
        users = self.data.users
        started = approved + rng.uniform(2, 30) * DAY
        if started > now_ts:
            return
        closed = started + rng.uniform(180, 900) * DAY
        closed = closed if closed < now_ts - DAY else None
        if self.history and closed is None:   # history ends before the benchmark year
            closed = now_ts - DAY
        plan_id = w["plans"].id()
        child = dt(started).year - birth < 18
        w["plans"].add(plan_id, person, "closed" if closed else "active", day(started),
                       day(max(started + 90 * DAY, now_ts + rng.uniform(-10, 90) * DAY)),
                       orgs["csw-beograd"] if child else None, day(closed) if closed else None,
                       rng.choice(["goals_achieved", "goals_achieved", "declined", "lost_contact",
                                   "moved_abroad"]) if closed else "", lead, dt(started))
        partners = list(dict.fromkeys(self.pick["partner"]() for _ in range(rng.choice([1, 2]))))
        for code in partners:
            w["consents"].add(w["consents"].id(), person, orgs[code],
                              rng.choice(["", "psychological_support", "accommodation"]),
                              day(started), lead)
        tasks = []
        for org_code, area in [("centre", "safety"), (partners[0], "psychological_support"),
                               (partners[-1], rng.choice(["employment", "education",
                                                          "accommodation", "health_care"]))]:
            due = started + rng.uniform(14, 240) * DAY
            if closed:
                status = "done" if rng.random() < 0.85 else "cancelled"
            elif due < now_ts:
                status = rng.choices(["done", "in_progress", "planned"], cum_weights=[60, 85, 100])[0]
            else:
                status = rng.choice(["planned", "in_progress"])
            done_on = day(min(due, now_ts)) if status == "done" else None
            task_id = w["tasks"].id()
            w["tasks"].add(task_id, plan_id, area, orgs[org_code], day(due), status, done_on,
                           dt(started))
            tasks.append((task_id, orgs[org_code], users.get(f"partner:{org_code}", None)))
        end = closed or now_ts
        for _ in range(rng.randint(4, 26)):
            task_id, provider, user = rng.choice(tasks)
            self.service(person, rng.uniform(started - 5 * DAY, end), provider, task_id,
                         user.pk if user else lead)
        if rng.random() < 0.12:
            self.stay(person, started)

    def service(self, person, ts, provider, task_id, recorded_by) -> None:
        w = self.writers["services"]
        w.add(w.id(), person, self.pick["service"](), day(ts), provider, task_id,
              self.rng.choice([1, 1, 1, 2, 3]), recorded_by, dt(ts))

    def stay(self, person, started) -> None:
        rng, w, now_ts = self.rng, self.writers, self.clock.now_ts
        admitted = started + rng.uniform(0, 10) * DAY
        for n in range(2 if rng.random() < 0.1 else 1):
            if admitted >= now_ts:
                return
            left = admitted + rng.uniform(20, 360) * DAY
            left = left if left < now_ts - DAY else None
            if left is None and (self.history or n == 0 and rng.random() < 0.1):
                left = now_ts - DAY
            stay_id = w["stays"].id()
            w["stays"].add(stay_id, person, self.orgs["shelter"], day(admitted),
                           rng.choice(["adaptation", "recovery", "preparation"]),
                           day(admitted + 180 * DAY), n > 0, day(left) if left else None,
                           rng.choice(["independent_living", "family", "other_service",
                                       "left_voluntarily"]) if left else "",
                           self.data.users["shelter"].pk)
            for _ in range(rng.randint(1, 4)):
                w["examinations"].add(w["examinations"].id(), stay_id, self.pick["exam"](),
                                      day(rng.uniform(admitted, left or now_ts)))
            if left is None:
                return
            admitted = left + rng.uniform(30, 300) * DAY

    # -- criminal proceedings -----------------------------------------------------------

    def justice(self) -> None:
        rng = self.rng
        cases = max(self.scale // 10, 20)
        victims = self.victims
        if not victims:
            return
        rng.shuffle(victims)
        for n in range(cases):
            self.criminal_case(n, *victims[n % len(victims)])
            if n % CHUNK == CHUNK - 1:
                self.flush()

    def criminal_case(self, n, person, since, lead) -> None:  # noqa: C901
        rng, w, orgs, users, pick = self.rng, self.writers, self.orgs, self.data.users, self.pick
        now_ts = self.clock.now_ts
        # History ends with its proceedings: a case old enough to be over by `now`.
        latest = now_ts - (4 * 365 if self.history else 1) * DAY
        opened = min(since + rng.uniform(-60, 200) * DAY, latest)
        case_id = w["cases"].id()
        police = orgs[pick["police"]()]
        prosecutor = orgs[pick["prosecutor"]()]
        w["cases"].add(case_id, f"{self.tag}K-{n:08d}", day(opened), police, prosecutor,
                       users["police"].pk, dt(opened))
        offences = ["art388_1", "art388_1", "art388_2", "art388_3", "art389", "art184"]
        for offence in dict.fromkeys(rng.choice(offences) for _ in range(rng.choice([1, 1, 2]))):
            w["offences"].add(w["offences"].id(), case_id, offence)
        party = w["damaged_parties"].id()
        pvw = rng.random() < 0.3
        w["damaged_parties"].add(party, case_id, person, "granted" if pvw else "none")
        courts = set()
        police_user, prosecutor_user, court_user = (users["police"].pk, users["prosecutor"].pk,
                                                    users["court"].pk)
        higher, appellate = orgs[pick["court"]()], orgs[pick["appellate"]()]

        def event(kind, ts, defendant=None, court=None, by=prosecutor_user, org=prosecutor,
                  months=None, outcome="", party_id=None) -> int | None:
            if ts > now_ts and (kind != "hearing" or self.history):
                return None
            event_id = w["events"].id()
            w["events"].add(event_id, case_id, defendant, party_id, kind, day(ts), court, months,
                            outcome, by, org, dt(min(ts, now_ts)))
            if court:
                courts.add(court)
            if kind in NOTIFY and ts <= now_ts:
                self.notify(event_id, person, lead, ts)
            return event_id

        event("criminal_report", opened, by=police_user, org=police)
        if pvw:
            event("pvw_granted", opened + rng.uniform(20, 200) * DAY, party_id=party)
        event("victim_interview", opened + rng.uniform(5, 60) * DAY, party_id=party)
        for d in range(rng.choices([1, 2, 3], cum_weights=[60, 90, 100])[0]):
            defendant = w["defendants"].id()
            stage = self.proceedings(event, defendant, opened, higher, appellate, court_user,
                                     prosecutor)
            citizenship = rng.random()
            w["defendants"].add(defendant, case_id, f"{self.tag}D-{n:08d}-{d}",
                                "male" if rng.random() < 0.75 else "female",
                                rng.randint(1960, 2002),
                                self.countries["RS"] if citizenship < 0.8 else None
                                if citizenship < 0.85 else self.countries[pick["abroad"]()],
                                rng.choice(["recruiter", "exploiter", "organiser", "transporter"]),
                                stage)
        for court in courts:
            w["case_courts"].add(w["case_courts"].id(), case_id, court)

    def proceedings(self, event, defendant, opened, higher, appellate, court_user,
                    prosecutor) -> str:
        """One defendant's way through the proceedings; returns the stage reached."""
        rng, now_ts = self.rng, self.clock.now_ts
        at = opened + rng.uniform(10, 200) * DAY
        if rng.random() < 0.15:
            return "dismissed" if event("dismissal", at, defendant) else "reported"
        if not event("investigation_ordered", at, defendant):
            return "reported"
        at += rng.uniform(60, 300) * DAY
        ending = rng.random()
        if ending < 0.08:
            return "investigation_terminated" if event("investigation_terminated", at, defendant) \
                else "investigation"
        if ending < 0.13:
            return "investigation_suspended" if event("investigation_suspended", at, defendant) \
                else "investigation"
        if not event("investigation_closed", at, defendant):
            return "investigation"
        at += rng.uniform(10, 60) * DAY
        if not event(rng.choice(["indictment", "indictment", "information"]), at, defendant):
            return "investigation_closed"
        at += rng.uniform(10, 90) * DAY
        court = {"by": court_user, "org": higher, "court": higher}
        if rng.random() < 0.2:
            return "convicted" if event("plea_agreement", at, defendant, court=higher,
                                        months=rng.randint(6, 60)) else "indicted"
        for _ in range(rng.randint(1, 3)):
            if event("hearing", at, defendant, **court) is None or at > now_ts:
                return "indicted"
            at += rng.uniform(20, 120) * DAY
        kind = rng.choices(["conviction", "acquittal", "rejection"], cum_weights=[65, 90, 100])[0]
        months = rng.choice([0, rng.randint(3, 180), rng.randint(12, 96)]) \
            if kind == "conviction" else None
        if not event(kind, at, defendant, months=months, **court):
            return "indicted"
        stage = {"conviction": "convicted", "acquittal": "acquitted", "rejection": "rejected"}[kind]
        if rng.random() < 0.5:
            return stage
        at += rng.uniform(15, 60) * DAY
        if not event("appeal", at, defendant, by=court_user, org=appellate, court=appellate):
            return stage
        at += rng.uniform(90, 300) * DAY
        final = {"convicted": "convicted", "acquitted": "acquitted", "rejected": "rejected"}[stage]
        if not event("final_judgement", at, defendant, by=court_user, org=appellate,
                     court=appellate, outcome=final):
            return "appealed"
        return f"final_{final.removesuffix('ed')}ion" if final != "acquitted" else "final_acquittal"

    def notify(self, event_id, person, lead, ts) -> None:
        rng, w = self.rng, self.writers["notifications"]
        recent = ts > self.clock.now_ts - 30 * DAY
        read = None if recent and rng.random() < 0.8 else dt(ts + rng.uniform(0.1, 3) * DAY)
        for user, org in ((lead, None), (None, self.orgs["atina"])) if rng.random() < 0.3 \
                else ((lead, None),):
            w.add(w.id(), event_id, person, user, org, dt(ts), dt(ts + 2 * DAY),
                  read, read if read and rng.random() < 0.5 else None)

    def memos_and_requests(self) -> None:
        rng, w, orgs, users = self.rng, self.writers, self.orgs, self.data.users
        for n in range(max(self.scale // 100, 40)):
            sent = self.clock.report_ts()
            response = rng.choices(["written", "oral", "none"], cum_weights=[55, 70, 100])[0]
            replied = sent + rng.uniform(2, 60) * DAY
            if replied > self.clock.now_ts:
                response = "none"
            w["memos"].add(w["memos"].id(), f"{self.tag}M-{n:07d}",
                           rng.choice(["letter", "operational_report", "request", "referral"]),
                           orgs[rng.choice(["centre", "centre", "pu-beograd", "hppo-beograd"])],
                           orgs[self.pick["memo_to"]()], day(sent), day(sent + 30 * DAY),
                           response, day(replied) if response != "none" else None,
                           users["manager"].pk)
        case_ids = range(1, self.writers["cases"].next_id)
        for _ in range(max(self.scale // 500, 20)):
            asked = self.clock.report_ts()
            done = asked + rng.uniform(30, 400) * DAY
            outcome = rng.choice(["met", "met", "not_met"]) if done < self.clock.now_ts \
                else "pending"
            w["legal_assistance"].add(
                w["legal_assistance"].id(), rng.choice(["outbound", "inbound"]),
                rng.choice(["general", "general", "extradition", "transfer"]),
                self.countries[self.pick["abroad"]()],
                rng.choice(case_ids) if case_ids and rng.random() < 0.7 else None, day(asked),
                outcome, day(done) if outcome != "pending" else None, users["prosecutor"].pk)

    # -- samples for the suites ---------------------------------------------------------

    def samples(self) -> None:
        from atis.identification.models import Procedure
        from atis.justice.models import CriminalCase
        from atis.protection.models import ProtectionPlan

        data = self.data
        cw = data.users["caseworker"]
        data.procedure_ids = list(Procedure.objects.filter(lead_caseworker=cw)
                                  .order_by("-opened_at").values_list("pk", flat=True)[:500])
        data.person_pseudonyms = list(Procedure.objects.filter(lead_caseworker=cw)
                                      .values_list("person__pseudonym", flat=True)[:500])
        data.plan_persons = list(ProtectionPlan.objects.filter(
            status="active", person__assignments__user=cw)
            .values_list("person__pseudonym", flat=True)[:500])
        police_cases = CriminalCase.objects.filter(
            police_administration=data.users["police"].organisation)
        data.case_ids = list(police_cases.filter(damaged_parties__person__assignments__user=cw)
                             .values_list("pk", flat=True)[:500]) or \
            list(police_cases.values_list("pk", flat=True)[:500])


NOTIFY = frozenset({"hearing", "conviction", "acquittal", "plea_agreement", "final_judgement",
                    "pvw_granted", "dismissal"})
