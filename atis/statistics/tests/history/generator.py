"""A generated history of the Centre (2015 to early 2026) as plain Python records: who was
reported, when, by whom, how each report and procedure ended, the protection given and the
criminal proceedings. Deterministic for a seed. Codes come from the reference data files and
organisation codes from the organisation fixtures, so the records are valid input for ATIS.

Nothing here knows how ATIS counts: `expected.py` counts these records by the tables'
definitions, and the loaders put them into ATIS through the API or the legacy import.
"""

import datetime
import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import pycountry

from atis.identification.services import SUBTYPE_PREFIX

ROOT = Path(__file__).resolve().parents[3]
TERMS = json.loads((ROOT / "reference" / "data" / "terms.json").read_text())
ORGANISATIONS = json.loads((ROOT / "core" / "data" / "organisations_rs.json").read_text())
ORG_TYPE = {o["code"]: o["type"] for o in ORGANISATIONS}
TZ = ZoneInfo("Europe/Belgrade")
FIRST_YEAR, LAST_YEAR = 2015, 2025
# Steps later than this have not happened yet (save hearings scheduled ahead); the tests'
# clock stands at CLOCK.
END = datetime.datetime(2026, 2, 27, 18, 0, tzinfo=TZ)
CLOCK = datetime.datetime(2026, 3, 16, 10, 0, tzinfo=TZ)
SERBIA = "RS"
CENTRE = "centre"  # the Centre's organisation type and report source
ORIGINS = ["UA", "NG", "RU", "CN", "CD", "BI", "CO", "BR", "AL", "AF", "SY", "RO", "BG", "MK"]
ABROAD = ["BE", "BA", "SI", "RU", "CD", "HR", "BI", "DE", "AT", "IT", "ME", "MK", "TR"]
GIVEN = ["Ana", "Milica", "Jelena", "Marija", "Ivana", "Jovana", "Sara", "Nina", "Maja", "Dragana",
         "Marko", "Nikola", "Stefan", "Luka", "Petar", "Milan", "Aleksa", "Đorđe", "Ognjen", "Vuk"]
FAMILY = ["Jovanović", "Petrović", "Nikolić", "Marković", "Đorđević", "Stojanović", "Ilić",
          "Stanković", "Pavlović", "Milošević", "Popović", "Živković", "Kostić", "Savić", "Tomić",
          "Lazić", "Ristić", "Mitić", "Kovačević", "Babić", "Šarić", "Čolić", "Vasić", "Žunić"]
for code in ORIGINS + ABROAD + [SERBIA]:
    assert pycountry.countries.get(alpha_2=code), code


def codes(list_code: str) -> list[str]:
    """The codes of a reference list, as the reference data defines them."""
    return [row[0] for row in TERMS[list_code]]


def organisations(org_type: str, prefix: str = "") -> list[str]:
    return [o["code"] for o in ORGANISATIONS if o["type"] == org_type
            and o["code"].startswith(prefix)]


def one(org_type: str, prefix: str = "") -> str:
    """The organisation of a type (and code prefix) the fixtures hold."""
    [code] = organisations(org_type, prefix)
    return code


def require(list_code: str, *wanted: str) -> None:
    missing = set(wanted) - set(codes(list_code))
    assert not missing, f"not in {list_code}: {missing}"


def municipality(code: str) -> str:
    return next(o["municipality"] for o in ORGANISATIONS if o["code"] == code)


def local(org_type: str, prefix: str, town: str) -> str:
    """The organisation of a type in a town (Belgrade's when the town has none)."""
    found = [c for c in organisations(org_type, prefix) if municipality(c) == town]
    return found[0] if found else [c for c in organisations(org_type, prefix)
                                   if municipality(c) == "Beograd"][0]


def age(birth: datetime.date | None, birth_year: int | None, day: datetime.date) -> int | None:
    """Age in whole years on `day`; with only the year of birth known, the difference of years."""
    if birth:
        return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
    return day.year - birth_year if birth_year else None


# --- the records ------------------------------------------------------------------------------

@dataclass
class Person:
    key: str
    sex: str
    date_of_birth: datetime.date | None
    birth_year: int | None
    citizenships: list[str]
    given_name: str
    family_name: str

    def age_on(self, day: datetime.date) -> int | None:
        return age(self.date_of_birth, self.birth_year, day)


@dataclass
class Decision:
    outcome: str
    decided_at: datetime.datetime
    approved_at: datetime.datetime | None  # None: a proposal still awaiting approval
    by_manager: bool  # a manager's own decision, in effect at once (at approved_at)
    reason: str = ""
    forms: list[tuple[str, str]] = field(default_factory=list)
    recruitment_methods: list[str] = field(default_factory=list)
    recruitment_online: bool | None = None
    exploitation_began_on: datetime.date | None = None
    origin_country: str | None = None
    exploitation_country: str | None = None
    exploitation_municipality: str = ""
    identified_where: str = ""
    mixed_migration: bool | None = None
    child_school_attendance: bool | None = None
    child_in_institutional_care: bool | None = None
    child_parent_complicit: bool | None = None
    exploiter_relations: list[str] = field(default_factory=list)
    control_methods: list[str] = field(default_factory=list)
    informed_at: datetime.datetime | None = None


@dataclass
class Procedure:
    person: Person
    decisions: list[Decision] = field(default_factory=list)  # a suspension is followed by a resumption


@dataclass
class Report:
    ref: str  # the sending system's own reference
    received_at: datetime.datetime
    source_type: str
    source_organisation: str  # the reporting user's organisation
    channel: str
    persons: list[Person]
    on_record: list[str]  # keys of persons already on record (named by pseudonym)
    suspected_forms: list[str]
    triage: str | None = None  # "accepted", "dismissed" or None (not triaged yet)
    triaged_at: datetime.datetime | None = None
    dismissal_reason: str = ""
    lead: str = "manager"  # who leads the procedures: "manager" or "caseworker"
    police: str = ""  # the police administration and prosecutor's office alerted
    prosecutor: str = ""
    social_work: str = ""
    procedures: list[Procedure] = field(default_factory=list)


@dataclass
class Service:
    person: Person
    service: str
    delivered_on: datetime.date
    provider: str


@dataclass
class Plan:
    person: Person
    started_on: datetime.date
    closed_on: datetime.date | None
    closure_reason: str
    area: str
    social_work_centre: str


@dataclass
class Stay:
    person: Person
    admitted_on: datetime.date
    left_on: datetime.date | None
    departure_reason: str
    phases: list[tuple[str, datetime.date]]
    examinations: list[tuple[str, datetime.date]]


@dataclass
class Event:
    kind: str
    on: datetime.date
    recorded_by: str  # the organisation whose staff record it
    court: str = ""
    sentence_months: int | None = None
    fine: int | None = None
    outcome: str = ""


@dataclass
class Defendant:
    key: str
    sex: str
    birth_year: int | None
    citizenship: str
    role: str
    events: list[Event] = field(default_factory=list)


@dataclass
class Case:
    key: str
    opened_on: datetime.date
    opener: str  # "police" or "prosecutor"
    police_administration: str  # "" when the prosecutor opened it
    prosecutor_office: str
    offences: list[str]
    defendants: list[Defendant]
    damaged_parties: list[Person]
    victim_events: list[tuple[Person, Event]]


@dataclass
class LegalAssistance:
    direction: str
    type: str
    country: str
    requested_on: datetime.date
    outcome: str
    outcome_on: datetime.date | None


@dataclass
class Memo:
    sender: str
    recipient: str
    kind: str
    sent_on: datetime.date
    response: str  # "none", "written", "oral"
    responded_on: datetime.date | None


@dataclass
class History:
    persons: list[Person]
    reports: list[Report]
    services: list[Service]
    plans: list[Plan]
    stays: list[Stay]
    cases: list[Case]
    legal_assistance: list[LegalAssistance]
    memos: list[Memo]


# --- generation --------------------------------------------------------------------------------

SOURCES = {  # report source → (reporting role, organisation type, code prefix)
    "police_administration": ("police_officer", "police_administration", "pu-"),
    "prosecutor_office": ("prosecutor", "prosecutor_office", "hppo-"),
    "misdemeanour_court": ("court_staff", "court", "misdemeanour-court-"),
    "association": ("partner_caseworker", "association", ""),
    "social_work_centre": ("partner_caseworker", "social_work_centre", ""),
    "school": ("reporter", "school", ""),
    "health": ("reporter", "health", ""),
    "labour_inspection": ("reporter", "labour_inspection", ""),
    "asylum_migration_authority": ("reporter", "ministry", "kirs"),
    "international_organisation": ("reporter", "international_org", ""),
}
SOURCE_WEIGHTS = {"police_administration": 30, "association": 18, "social_work_centre": 9,
                  "centre": 7, "school": 4, "health": 3, "international_organisation": 4,
                  "asylum_migration_authority": 3, "self": 3, "family_member": 3,
                  "anonymous_citizen": 3, "foreign_partner": 2, "prosecutor_office": 2,
                  "labour_inspection": 1, "misdemeanour_court": 1, "other": 1}
FORM_WEIGHTS = {"sexual": 30, "labour": 22, "forced_begging": 14, "forced_criminality": 10,
                "forced_marriage": 6, "illegal_adoption": 3, "armed_conflict": 1, "pornography": 4,
                "slavery_servitude": 3, "organ_removal": 1, "other": 1}
PROVIDERS = (organisations("centre") + organisations("association") + organisations("social_work_centre")[:3]
             + organisations("health")[:1] + organisations("employment_service")
             + organisations("international_org")[:1])
MEMO_ORGS = (organisations("centre") + organisations("police_administration", "pu-")[:2]
             + organisations("prosecutor_office", "hppo-")[:2] + organisations("social_work_centre")[:2]
             + organisations("labour_inspection") + organisations("association")[:1]
             + organisations("coordinator_office") + organisations("employment_service"))


class Generator:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.persons: list[Person] = []
        self.reports: list[Report] = []
        self.services: list[Service] = []
        self.plans: list[Plan] = []
        self.stays: list[Stay] = []
        self.cases: list[Case] = []
        self.names = [(g, f) for g in GIVEN for f in FAMILY]
        self.rng.shuffle(self.names)
        self.identified_on: dict[str, list[datetime.datetime]] = {}
        for list_code, wanted in (("exploitation_form", FORM_WEIGHTS), ("report_source", SOURCE_WEIGHTS)):
            require(list_code, *wanted)
        require("sex", "female", "male", "unknown")
        require("report_channel", "proactive_detection", "phone", "letter", "email")

    # small helpers
    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def weighted(self, weights: dict[str, float]) -> str:
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def some(self, list_code: str, most: int) -> list[str]:
        return self.rng.sample(codes(list_code), self.rng.randint(0, most))

    def moment(self, day: datetime.date) -> datetime.datetime:
        return datetime.datetime(day.year, day.month, day.day, self.rng.randint(8, 17),
                                 self.rng.choice([0, 15, 30, 45]), tzinfo=TZ)

    def after(self, moment: datetime.datetime, low: int, high: int) -> datetime.datetime:
        """A working-hours moment `low`–`high` days after `moment` (never before it)."""
        later = self.moment(moment.date() + datetime.timedelta(days=self.rng.randint(low, high)))
        return max(later, moment + datetime.timedelta(minutes=30))

    def day_after(self, day: datetime.date, low: int, high: int) -> datetime.date:
        return day + datetime.timedelta(days=self.rng.randint(low, high))

    # persons
    def person(self, received: datetime.date) -> tuple[Person, datetime.date | None]:
        """A new person and, when known, the day their exploitation began (the age rule
        matters for those 17 then and 18 at the decision)."""
        n = len(self.persons) + 1
        crossing = self.chance(0.08)
        if crossing:
            years = 18
        elif self.chance(0.42):
            years = self.rng.randint(4, 17)
        else:
            years = self.rng.choice([18, 19, 20, 22, 24, 25, 27, 30, 33, 36, 40, 45, 52, 60])
        birth = received - datetime.timedelta(days=365 * years + self.rng.randint(5, 360))
        birth = birth.replace(day=min(birth.day, 28))
        while age(birth, None, received) != years:
            birth -= datetime.timedelta(days=1)
        began = None
        if crossing:  # began in the year before the 18th birthday
            eighteenth = birth.replace(year=birth.year + 18)
            began = eighteenth - datetime.timedelta(days=self.rng.randint(20, 300))
        elif self.chance(0.75):
            began = received - datetime.timedelta(days=self.rng.randint(10, 900))
            began = max(began, birth + datetime.timedelta(days=365 * 3))
            if began >= received:
                began = None
        known = self.rng.random()
        if crossing or known < 0.86:
            dob, birth_year = birth, birth.year
        elif known < 0.95:
            dob, birth_year = None, birth.year
        else:
            dob, birth_year = None, None
        sex = "female" if self.chance(0.66) else ("male" if self.chance(0.95) else "unknown")
        kind = self.rng.random()
        if kind < 0.72:
            citizenships = [SERBIA]
        elif kind < 0.75:
            citizenships = [SERBIA, self.rng.choice(ORIGINS)]
        elif kind < 0.97:
            citizenships = [self.rng.choice(ORIGINS)]
        else:
            citizenships = []
        given, family = self.names[n % len(self.names)]
        person = Person(f"P{n:04d}", sex, dob, birth_year, citizenships, given,
                        f"{family}-{n}" if n > len(self.names) else family)
        self.persons.append(person)
        return person, began

    # reports and procedures
    def report(self, received_at: datetime.datetime, on_record: list[Person] | None = None) -> Report:
        source = self.weighted(SOURCE_WEIGHTS)
        if on_record:  # only the Centre names persons already on record
            source = self.rng.choice([CENTRE, "social_work_centre", "police_administration"])
        if source in SOURCES and not on_record:
            _role, org_type, prefix = SOURCES[source]
            organisation = self.rng.choice(organisations(org_type, prefix))
        else:
            organisation = one(CENTRE)
        channel = {CENTRE: "proactive_detection", "police_administration": "letter"}.get(
            source, self.rng.choice(["phone", "email", "letter", "in_person"]))
        new = [] if on_record else [self.person(received_at.date()) for _ in
                                    range(2 if self.chance(0.08) else 1)]
        persons = list(on_record or []) + [p for p, _began in new]
        began = {p.key: b for p, b in new}
        police = organisation if organisation.startswith("pu-") else \
            self.rng.choice(organisations("police_administration", "pu-"))
        report = Report(
            ref=f"EXT-{len(self.reports) + 1:05d}", received_at=received_at, source_type=source,
            source_organisation=organisation, channel=channel, persons=persons,
            on_record=[p.key for p in on_record or []],
            suspected_forms=self.rng.sample(["sexual", "labour", "forced_begging",
                                             "forced_criminality"], self.rng.randint(1, 2)),
            lead="caseworker" if self.chance(0.45) else "manager", police=police,
            prosecutor=local("prosecutor_office", "hppo-", municipality(police)),
            social_work=self.rng.choice(organisations("social_work_centre")))
        self.reports.append(report)
        self.triage(report, began)
        return report

    def triage(self, report: Report, began: dict) -> None:
        late = report.received_at > END - datetime.timedelta(days=20)
        if (late and self.chance(0.5)) or self.chance(0.01):
            return  # not triaged yet
        if self.chance(0.19):
            report.triage, report.triaged_at = "dismissed", self.after(report.received_at, 0, 25)
            report.dismissal_reason = self.rng.choice(codes("dismissal_reason"))
        else:
            report.triage, report.triaged_at = "accepted", self.after(report.received_at, 0, 4)
        if report.triaged_at > END:
            report.triage = report.triaged_at = None
            report.dismissal_reason = ""
            return
        if report.triage == "accepted":
            for person in report.persons:
                report.procedures.append(self.procedure(report, person, began.get(person.key)))

    def procedure(self, report: Report, person: Person, began) -> Procedure:
        procedure = Procedure(person)
        opened = report.triaged_at
        manager = report.lead == "manager"
        roll = self.rng.random()
        first = ("identified" if roll < 0.5 else "not_identified" if roll < 0.76 else
                 "terminated" if roll < 0.84 else "suspended" if roll < 0.93 else None)
        if first is None:
            return procedure  # still open years later
        decided = self.after(opened, 3, 150)
        self.decide(procedure, first, decided, manager, began)
        last = procedure.decisions[-1] if procedure.decisions else None
        if first == "suspended" and last and last.approved_at and self.chance(0.8):
            then = self.rng.choice(["identified", "not_identified", "terminated"])
            self.decide(procedure, then, self.after(last.approved_at, 30, 300), manager, began)
        return procedure

    def decide(self, procedure: Procedure, outcome: str, decided: datetime.datetime, manager: bool,
               began) -> None:
        if decided > END:
            return
        if manager:
            approved = decided if self.chance(0.85) else self.after(decided, 1, 10)
        else:
            approved = self.after(decided, 0, 40)
        decision = Decision(outcome, decided, approved if approved <= END else None, manager)
        if outcome == "not_identified":
            decision.reason = self.rng.choice(codes("not_identified_reason"))
        elif outcome in ("terminated", "suspended"):
            decision.reason = self.rng.choice(codes("termination_reason"))
        elif outcome == "identified":
            self.identification(decision, procedure.person, began)
        if decision.approved_at and outcome in ("identified", "not_identified") and self.chance(0.6):
            decision.informed_at = self.after(decision.approved_at, 0, 10)
            if decision.informed_at > END:
                decision.informed_at = None
        if decision.approved_at and outcome == "identified":
            self.identified_on.setdefault(procedure.person.key, []).append(decision.approved_at)
        procedure.decisions.append(decision)

    def identification(self, decision: Decision, person: Person, began) -> None:
        kind = self.rng.random()
        if kind < 0.12:
            forms = self.rng.sample(list(FORM_WEIGHTS), 2)
        elif kind < 0.15:
            forms = ["sexual", "sexual"]
        else:
            forms = [self.weighted(FORM_WEIGHTS)]
        subtypes = {f: [s for s in codes("exploitation_subtype") if s.startswith(p)]
                    for f, p in SUBTYPE_PREFIX.items()}
        pairs = []
        for n, form in enumerate(forms):
            options = subtypes.get(form, [])
            subtype = options[n] if len(forms) > 1 and forms[0] == forms[1] else (
                self.rng.choice(options) if options and self.chance(0.6) else "")
            pairs.append((form, subtype))
        decision.forms = pairs
        decision.recruitment_methods = self.some("recruitment_method", 2)
        decision.recruitment_online = self.rng.choice([True, True, False, False, None])
        decision.exploitation_began_on = began
        foreign = person.citizenships and SERBIA not in person.citizenships
        decision.origin_country = (person.citizenships[0] if person.citizenships else
                                   self.rng.choice(ORIGINS)) if self.chance(0.95) else None
        decision.exploitation_country = SERBIA if self.chance(0.82) else (
            self.rng.choice(ABROAD) if self.chance(0.7) else None)
        decision.exploitation_municipality = self.rng.choice(["Beograd", "Novi Sad", "Vršac",
                                                              "Zrenjanin", ""])
        decision.identified_where = self.rng.choice(codes("identification_place"))
        decision.mixed_migration = self.chance(0.6) if foreign else None
        young = person.age_on(began or decision.decided_at.date())
        if young is not None and young < 18:
            decision.child_school_attendance = self.rng.choice([True, False, None])
            decision.child_in_institutional_care = self.rng.choice([True, False, False, None])
            decision.child_parent_complicit = self.rng.choice([True, False, False, None])
        decision.exploiter_relations = self.some("exploiter_relation", 2)
        decision.control_methods = self.some("control_method", 3)

    # protection
    def protection(self) -> None:
        for report in self.reports:
            for procedure in report.procedures:
                self.support(report, procedure)

    def support(self, report: Report, procedure: Procedure) -> None:
        person = procedure.person
        opened = report.triaged_at.date()
        identified = [d for d in procedure.decisions if d.outcome == "identified" and d.approved_at]
        count = self.rng.randint(1, 4) if identified else (1 if self.chance(0.3) else 0)
        for _ in range(count):
            day = self.day_after(opened, 0, 1000)
            if day <= END.date():
                self.services.append(Service(person, self.rng.choice(codes("service_type")), day,
                                             self.rng.choice(PROVIDERS)))
        if identified and self.chance(0.7) and not any(p.person is person for p in self.plans):
            start = self.day_after(identified[0].approved_at.date(), 0, 30)
            if start <= END.date():
                closed = self.day_after(start, 60, 900) if self.chance(0.6) else None
                closed = closed if closed and closed <= END.date() else None
                self.plans.append(Plan(person, start, closed,
                                       self.rng.choice(codes("protection_closure_reason")) if closed else "",
                                       self.rng.choice(codes("service_area")), report.social_work))
        years = person.age_on(opened)
        if person.sex == "female" and years is not None and years >= 16 and self.chance(0.3):
            self.shelter(person, self.day_after(opened, 0, 20))

    def shelter(self, person: Person, admitted: datetime.date, returning: bool = False) -> None:
        if admitted > END.date() or any(s.person is person and (s.left_on is None or s.left_on >= admitted)
                                        for s in self.stays):
            return
        years, by_year = person.age_on(admitted), age(None, person.birth_year, admitted)
        if years is not None and by_year is not None and (years < 18) != (by_year < 18):
            # The exact age (17) and the age from the year of birth (18) disagree before her
            # birthday: she is admitted on her 18th birthday instead (see expected.py).
            admitted = person.date_of_birth.replace(year=person.date_of_birth.year + 18)
            if admitted > END.date():
                return
        left = self.day_after(admitted, 15, 350)
        left = left if left <= END.date() else None
        phases, day = [], admitted
        for phase in ("recovery", "preparation"):
            day = self.day_after(day, 20, 90)
            if self.chance(0.6) and day <= (left or END.date()):
                phases.append((phase, day))
            else:
                break
        exams = []
        for _ in range(self.rng.randint(0, 3)):
            on = self.day_after(admitted, 0, 200)
            if on <= (left or END.date()):
                exams.append((self.rng.choice(codes("medical_examination")), on))
        stay = Stay(person, admitted, left, self.rng.choice(codes("shelter_departure_reason"))
                    if left else "", phases, sorted(exams, key=lambda e: e[1]))
        self.stays.append(stay)
        if left and not returning and self.chance(0.25):
            self.shelter(person, self.day_after(left, 20, 400), returning=True)

    # justice
    def justice(self) -> None:
        for report in self.reports:
            victims = [p.person for p in report.procedures
                       if any(d.outcome == "identified" for d in p.decisions) or self.chance(0.08)]
            if victims and self.chance(0.45):
                self.case(report, victims)

    def case(self, report: Report, victims: list[Person]) -> None:
        opened = self.day_after(report.triaged_at.date(), 5, 200)
        if opened > END.date():
            return
        town = municipality(report.police)
        higher = local("court", "higher-court-", town)
        appellate = local("court", "appellate-court-", town)
        by_police = self.chance(0.88)
        defendants = []
        for _ in range(self.rng.choice([1, 1, 1, 2, 2, 3])):
            key = f"D{sum(len(c.defendants) for c in self.cases) + len(defendants) + 1:04d}"
            defendant = Defendant(
                key, self.rng.choice(["male", "male", "male", "female", "unknown"]),
                self.rng.randint(1950, 2002) if self.chance(0.85) else None,
                SERBIA if self.chance(0.7) else (self.rng.choice(ORIGINS) if self.chance(0.7) else ""),
                self.rng.choice(codes("defendant_role")))
            defendant.events = self.path(opened, report.prosecutor, higher, appellate)
            defendants.append(defendant)
        victim_events = []
        for person in victims:
            if self.chance(0.3):
                on = self.day_after(opened, 10, 400)
                if on <= END.date():
                    victim_events.append((person, Event("pvw_granted", on, report.prosecutor)))
        self.cases.append(Case(
            f"C{len(self.cases) + 1:04d}", opened, "police" if by_police else "prosecutor",
            report.police if by_police else "", report.prosecutor,
            self.rng.sample(codes("offence"), self.rng.choice([1, 1, 2])), defendants, victims,
            victim_events))

    def path(self, opened: datetime.date, ppo: str, higher: str, appellate: str) -> list[Event]:
        """One defendant's steps, each recorded by the organisation that knows it first."""
        roll = self.rng.random()
        sentence = self.rng.choice([4, 10, 18, 30, 40, 60, 84, 120, 150])
        if roll < 0.12:
            steps = [Event("dismissal", opened, ppo)]
        elif roll < 0.26:
            steps = [Event("investigation_ordered", opened, ppo),
                     Event(self.rng.choice(["investigation_terminated", "investigation_suspended"]),
                           opened, ppo)]
        elif roll < 0.64:
            steps = [Event("investigation_ordered", opened, ppo),
                     Event("investigation_closed", opened, ppo),
                     Event("indictment", opened, ppo, higher)]
            if self.chance(0.85):
                fine_only = self.chance(0.1)
                steps.append(Event("conviction", opened, ppo if self.chance(0.25) else higher,
                                   higher, None if fine_only else sentence,
                                   100000 if fine_only else None))
            else:
                steps.append(Event("acquittal", opened, higher, higher))
            if self.chance(0.5):
                final = self.rng.choice(["convicted", "acquitted"])
                steps += [Event("appeal", opened, higher, appellate),
                          Event("final_judgement", opened, appellate, appellate,
                                sentence if final == "convicted" else None, outcome=final)]
        elif roll < 0.76:
            steps = [Event("information", opened, ppo, higher),
                     Event(self.rng.choice(["acquittal", "rejection"]), opened, higher, higher)]
        elif roll < 0.88:
            steps = [Event("investigation_ordered", opened, ppo),
                     Event("plea_agreement", opened, ppo, higher, sentence)]
        else:
            steps = []
        day, dated = opened, []
        for step in steps:
            day = self.day_after(day, 0 if step.kind == "dismissal" else 15, 330)
            if day > END.date():
                if dated and dated[-1].court:  # a hearing is scheduled ahead
                    dated.append(Event("hearing", self.day_after(CLOCK.date(), 5, 60),
                                       dated[-1].court, dated[-1].court))
                break
            step.on = day
            dated.append(step)
        return dated

    def legal_assistance(self) -> list[LegalAssistance]:
        from atis.justice.models import LegalAssistanceRequest as R

        requests = []
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            for _ in range(self.rng.randint(1, 4)):
                asked = datetime.date(year, self.rng.randint(1, 12), self.rng.randint(1, 28))
                outcome = self.rng.choice(R.Outcome.values)
                on = self.day_after(asked, 10, 400) if outcome != R.Outcome.PENDING else None
                if on and on > END.date():
                    outcome, on = R.Outcome.PENDING, None
                requests.append(LegalAssistance(self.rng.choice(R.Direction.values),
                                                self.rng.choice(R.Type.values),
                                                self.rng.choice(ABROAD), asked, outcome, on))
        return requests

    def memos(self) -> list[Memo]:
        memos = []
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            for _ in range(self.rng.randint(2, 5)):
                sender, recipient = self.rng.sample(MEMO_ORGS, 2)
                sent = datetime.date(year, self.rng.randint(1, 12), self.rng.randint(1, 28))
                response = self.rng.choice(["none", "written", "written", "oral"])
                on = self.day_after(sent, 0, 60) if response != "none" else None
                if on and on > END.date():
                    response, on = "none", None
                memos.append(Memo(sender, recipient, self.rng.choice(codes("memo_kind")), sent,
                                  response, on))
        return memos

    # the whole history
    def history(self, per_year: int) -> History:
        for year in range(FIRST_YEAR, END.year + 1):
            days = sorted(self.received_days(year, per_year) if year <= LAST_YEAR else
                          [datetime.date(year, 1, 1) + datetime.timedelta(days=self.rng.randint(0, 56))
                           for _ in range(per_year // 8)])
            for day in days:
                moment = self.moment(day)
                if moment > END:
                    continue
                again = self.on_record(moment) if year > FIRST_YEAR and self.chance(0.06) else None
                self.report(moment, again)
        self.protection()
        self.justice()
        return History(self.persons, self.reports, self.services, self.plans, self.stays,
                       self.cases, self.legal_assistance(), self.memos())

    def received_days(self, year: int, count: int) -> list[datetime.date]:
        """Days of receipt in a year, a good share in the last weeks of December so that
        their triage and decisions fall in the next year."""
        first = datetime.date(year, 1, 1)
        days = [first + datetime.timedelta(days=self.rng.randint(0, 364)) for _ in range(count)]
        days[: max(2, count // 8)] = [datetime.date(year, 12, self.rng.randint(15, 31))
                                      for _ in range(max(2, count // 8))]
        return days

    def on_record(self, moment: datetime.datetime) -> list[Person] | None:
        """A person already on record whose earlier procedures are all decided by `moment`
        (sometimes one identified earlier the same year, who is then identified again)."""
        done = []
        for report in self.reports:
            if report.received_at >= moment:
                continue
            for procedure in report.procedures:
                last = procedure.decisions[-1] if procedure.decisions else None
                if last and last.outcome != "suspended" and last.approved_at and \
                        last.approved_at < moment - datetime.timedelta(days=2):
                    done.append(procedure.person)
        pending = {p.person.key for r in self.reports for p in r.procedures
                   if not p.decisions or not p.decisions[-1].approved_at
                   or p.decisions[-1].outcome == "suspended"
                   or p.decisions[-1].approved_at >= moment - datetime.timedelta(days=2)}
        done = [p for p in done if p.key not in pending]
        same_year = [p for p in done if any(a.year == moment.year for a in self.identified_on.get(p.key, []))]
        pool = same_year if same_year and self.chance(0.3) else done
        return [self.rng.choice(pool)] if pool else None


def generate(seed: int = 2015, per_year: int = 30) -> History:
    return Generator(seed).history(per_year)
