"""The expected access matrix: for every route of the site and of /api/v1/ and each of its
methods, what each role (and an anonymous visitor) gets. It is a specification derived
from core/access.py (ROLE_ACTIONS and the visible_* rules) and the role guides in docs/,
checked by test_access_matrix.py, not a recording of what the code happens to answer.

Outcomes:
  ok       GET: 2xx, or a redirect that is not to the login page. POST (an empty body):
           anything but 401/403/404/405/5xx, i.e. the role got as far as validation (400,
           a re-rendered form) or the action itself.
  empty    an API list that answers 200 with no row at all: the role sees none of the
           records (the list filters by the policy instead of refusing). Where `ok` is
           expected, an empty list passes too.
  refused  403 (the role may not do this).
  hidden   404 (the object is outside what the role may see; or the page does not exist
           for that role).
  reason   GET answers 400: allowed only with a reason sent in a POST body (the Centre
           manager's break-glass read of an identity outside their caseload).
  login    a page's anonymous visitor is sent to the login page (or, for logout, every
           visitor is).
  unauth   an API call without credentials: 401 (or 403 until every API view answers 401).

The data set (access_world) puts each role in its ordinary relationship to the objects
the URLs name (caseload, Shelter resident, consented partner task, the police's own case,
the reporter's own report...), so "refused"/"hidden" here are decided by the role.
"""

from dataclasses import dataclass, field

from atis.core.roles import Role as R

ANONYMOUS = "anonymous"
OK, EMPTY, REFUSED, HIDDEN = "ok", "empty", "refused", "hidden"
LOGIN, UNAUTH, REASON = "login", "unauth", "reason"
OUTCOMES = {OK, EMPTY, REFUSED, HIDDEN, LOGIN, UNAUTH, REASON}

ALL = frozenset(R)
CENTRE = frozenset({R.CENTRE_CASEWORKER, R.CENTRE_MANAGER})
JUSTICE = frozenset({R.POLICE_OFFICER, R.PROSECUTOR, R.COURT_STAFF})
ANALYSTS = frozenset({R.COORDINATOR_ANALYST, R.RAPPORTEUR})
MANAGER, CASEWORKER = R.CENTRE_MANAGER, R.CENTRE_CASEWORKER
PARTNER, SHELTER = R.PARTNER_CASEWORKER, R.SHELTER_STAFF
POLICE, PROSECUTOR, COURT = R.POLICE_OFFICER, R.PROSECUTOR, R.COURT_STAFF
REPORTER, HOTLINE, ADMIN = R.REPORTER, R.HOTLINE_OPERATOR, R.ADMIN
COORDINATOR, RAPPORTEUR = R.COORDINATOR_ANALYST, R.RAPPORTEUR


def classify(status: int, location: str, *, api: bool, login_url: str, method: str,
             anonymous: bool = False) -> str:
    if status >= 500:
        return f"server error {status}"
    if anonymous and api and status in (401, 403):
        return UNAUTH
    if 300 <= status < 400 and location.split("?")[0].endswith(login_url):
        return LOGIN
    if status == 403:
        return REFUSED
    if status == 404:
        return HIDDEN
    if status in (401, 405):
        return f"status {status}"
    if status < 400 or method != "GET":
        return OK
    if status == 400 and api:
        return REASON
    return f"status {status}"


@dataclass(frozen=True)
class Expect:
    """One method of one route: the outcome per role, and for anonymous visitors."""
    roles: dict
    anonymous: str


def _roles(groups) -> frozenset:
    return frozenset().union(*[g if isinstance(g, frozenset | set | tuple) else {g}
                               for g in groups])


def expect(ok=(), *, hidden=(), empty=(), reason=(), anonymous=None, otherwise=REFUSED,
           api=True) -> Expect:
    """`ok` roles are allowed, `hidden` ones get 404, `empty` ones an empty list,
    `reason` ones a 400 asking for a reason; the rest `otherwise` (403)."""
    named = [frozenset(ok), frozenset(hidden), frozenset(empty), frozenset(reason)]
    assert sum(len(n) for n in named) == len(frozenset().union(*named)), named
    roles = {}
    for role in R:
        outcome = otherwise
        for group, name in zip(named, (OK, HIDDEN, EMPTY, REASON), strict=True):
            if role in group:
                outcome = name
        roles[role] = outcome
    return Expect(roles, anonymous or (UNAUTH if api else LOGIN))


@dataclass(frozen=True)
class Entry:
    methods: dict = field(default_factory=dict)


def api(**methods) -> Entry:
    return Entry({m: e(True) if callable(e) else e for m, e in methods.items()})


def page(**methods) -> Entry:
    return Entry({m: e(False) if callable(e) else e for m, e in methods.items()})


def allow(*groups, hidden=(), empty=(), reason=(), otherwise=REFUSED, anonymous=None):
    """A deferred `expect`, made for an API route or a page by `api()`/`page()`."""
    ok = _roles(groups)

    def make(is_api):
        return expect(ok, hidden=_roles([hidden]), empty=_roles([empty]),
                      reason=_roles([reason]), otherwise=otherwise, anonymous=anonymous,
                      api=is_api)

    return make


def but(*roles) -> frozenset:
    """Every role except these."""
    return ALL - _roles(roles)


def public():
    """Open to everyone, signed in or not."""
    return allow(ALL, anonymous=OK)


# Which object of the data set fills each URL argument ("=text": that literal text).
KWARGS = {
    "api-reference-list": {"list_code": "=service_area"},
    "api-person": {"pseudonym": "person"},
    "api-person-identity": {"pseudonym": "person"},
    "api-person-identity-reveal": {"pseudonym": "person"},
    "api-person-reassign": {"pseudonym": "person"},
    "api-token-revoke": {"key": "token"},
    "my-token-revoke": {"key": "token"},
    "api-report": {"reference": "report"},
    "api-report-file": {"reference": "report"},
    "api-report-accept": {"reference": "report"},
    "api-report-dismiss": {"reference": "report"},
    "api-identification": {"pk": "procedure"},
    "api-identification-interviews": {"pk": "procedure"},
    "api-identification-indicators": {"pk": "procedure"},
    "api-identification-notes": {"pk": "procedure"},
    "api-identification-resume": {"pk": "procedure"},
    "api-identification-decisions": {"pk": "procedure"},
    "api-decision-approve": {"pk": "decision"},
    "api-decision-return": {"pk": "decision"},
    "api-decision-informed": {"pk": "decision"},
    "api-alert-sent": {"pk": "alert"},
    "api-protection": {"pseudonym": "person"},
    "api-consents": {"pseudonym": "person"},
    "api-conferences": {"pseudonym": "person"},
    "api-plans": {"pseudonym": "person"},
    "api-services": {"pseudonym": "person"},
    "api-placements": {"pseudonym": "person"},
    "api-placement-refusals": {"pseudonym": "person"},
    "api-residence": {"pseudonym": "person"},
    "api-consent-withdraw": {"pk": "consent"},
    "api-plan-revise": {"pk": "plan"},
    "api-plan-close": {"pk": "plan"},
    "api-task-status": {"pk": "task"},
    "api-stay-extend": {"pk": "stay"},
    "api-stay-phase": {"pk": "stay"},
    "api-stay-leave": {"pk": "stay"},
    "api-stay-examinations": {"pk": "stay"},
    "api-stay-incidents": {"pk": "stay"},
    "api-residence-opinion": {"pk": "residence"},
    "api-residence-decision": {"pk": "residence"},
    "api-residence-border-police": {"pk": "residence"},
    "api-case": {"pk": "case"},
    "api-case-defendants": {"pk": "case"},
    "api-case-damaged-parties": {"pk": "case"},
    "api-case-protection": {"pk": "case"},
    "api-case-events": {"pk": "case"},
    "api-notification-mark": {"pk": "notification"},
    "api-risk-complete": {"pk": "risk"},
    "api-legal-assistance-outcome": {"pk": "legal_assistance"},
    "api-meeting-create": {"pk": "group"},
    "api-memo-response": {"pk": "memo"},
    "api-import": {"pk": "import"},
    "api-statistics-annual": {"year": "year"},
    "api-statistics-release": {"year": "year"},
    "api-statistics-release-version": {"year": "year", "version": "=1"},
    "api-document": {"pk": "document"},
    "api-document-report": {"pk": "document"},
    "api-document-close": {"pk": "document"},
    "api-progress": {"pk": "activity"},
    "api-assessments": {"pk": "recommendation"},
    "api-recommendation-link": {"pk": "recommendation"},
    "api-recommendation-create": {"code": "source"},
    "api-recommendation-share": {"code": "source"},
    "api-campaign-questions": {"pk": "campaign"},
    "api-question-create": {"pk": "campaign"},
    "api-campaign-send": {"pk": "campaign"},
    "api-campaign-remind": {"pk": "campaign"},
    "api-campaign-status": {"pk": "campaign"},
    "api-campaign-answers": {"pk": "campaign"},
    # "questionnaire": the questionnaire of the user's own organisation.
    "api-questionnaire": {"pk": "questionnaire"},
    "api-questionnaire-answers": {"pk": "questionnaire"},
    "person-detail": {"pseudonym": "person"},
    "person-identity": {"pseudonym": "person"},
    "person-reassign": {"pseudonym": "person"},
    "report-detail": {"reference": "report"},
    "report-file": {"reference": "report"},
    "report-accept": {"reference": "report"},
    "report-dismiss": {"reference": "report"},
    "procedure-detail": {"pk": "procedure"},
    "procedure-interview": {"pk": "procedure"},
    "procedure-note": {"pk": "procedure"},
    "procedure-indicators": {"pk": "procedure"},
    "procedure-resume": {"pk": "procedure"},
    "procedure-alert-sent": {"pk": "procedure", "alert_pk": "alert"},
    "procedure-decision": {"pk": "procedure"},
    "procedure-decision-approve": {"pk": "decision_procedure", "decision_pk": "decision"},
    "procedure-decision-informed": {"pk": "decision_procedure", "decision_pk": "decision"},
    "stay-page": {"pk": "stay"},
    "protection-page": {"pseudonym": "person"},
    "case-page": {"pk": "case"},
    "statistics-download": {"year": "year", "fmt": "=html"},
    "statistics-release-file": {"year": "year", "version": "=1", "language": "=en",
                                "fmt": "=json"},
    "statistics-release-dataset": {"year": "year", "version": "=1"},
    "plan-page": {"pk": "document"},
    "plan-report": {"pk": "document"},
    "activity-page": {"pk": "activity"},
    "campaign-page": {"pk": "campaign"},
    "campaign-answers": {"pk": "campaign"},
    "questionnaire-page": {"pk": "questionnaire"},
    "import-run": {"pk": "import"},
    "import-run-status": {"pk": "import"},
    "admin-user": {"pk": "user"},
    "admin-user-edit": {"pk": "user"},
    "admin-user-password": {"pk": "user"},
    "admin-user-deactivate": {"pk": "user"},
    "admin-user-reactivate": {"pk": "user"},
    "admin-user-unlock": {"pk": "user"},
    "admin-user-mfa-reset": {"pk": "user"},
    "admin-membership-grant": {"pk": "user"},
    "admin-membership-end": {"pk": "user"},
    "admin-request": {"pk": "admin_request"},
    "admin-request-approve": {"pk": "admin_request"},
    "admin-request-reject": {"pk": "admin_request"},
    "admin-request-withdraw": {"pk": "admin_request"},
    "admin-organisation-edit": {"pk": "organisation"},
}

# Query strings some GETs need before they decide anything ({year}: the data set's year).
QUERY = {
    "plan-report": "year={year}&format=html",
    "api-document-report": "year={year}",
    "api-recommendation-share": "year={year}",
    # Every pseudonym (a prefix): each role's results come through the apps' own policies.
    "search": "q=V-",
    "api-search": "q=V-",
}

# Routes with a request-rate limit (DEFAULT_THROTTLE_RATES): the cache is cleared first.
THROTTLED = {"api-token", "statistics-public", "statistics-download", "statistics-release-file",
             "statistics-release-dataset", "api-statistics-annual", "api-statistics-releases",
             "api-statistics-release", "api-statistics-release-version"}

# The form a page's POST names (pages that dispatch on `action` answer 404 without one).
POST_DATA = {
    "case-page": {"action": "defendant"},
    "justice-inbox": {"action": "flag"},
    "meetings": {"action": "group"},
    "memos": {"action": "memo"},
    "recommendations": {"action": "source"},
    "registries": {"action": "training"},
    "protection-page": {"action": "service"},
    "stay-page": {"action": "extend"},
    "campaign-page": {"action": "question"},
}

# The groups of core/access.py ROLE_ACTIONS (and the apps' policies) the matrix uses.
PERSON_VIEW = CENTRE | {PARTNER, SHELTER}            # person.view, person.view_identity
REPORTING = but(COORDINATOR, RAPPORTEUR, ADMIN)      # report.submit
ALERT_RECEIVING = frozenset({POLICE, PROSECUTOR, PARTNER, REPORTER})
SHELTER_WORK = CENTRE | {SHELTER}                    # shelter.work
CASE_VIEW = CENTRE | JUSTICE                         # case.view, case.edit
CASE_CREATE = frozenset({POLICE, PROSECUTOR})
LEGAL_VIEW = frozenset({PROSECUTOR, COURT, MANAGER, COORDINATOR, RAPPORTEUR})
LEGAL_RECORD = frozenset({PROSECUTOR, COURT, COORDINATOR})
COORD_VIEW = CENTRE | JUSTICE | {COORDINATOR, PARTNER}
COORD_MANAGE = frozenset({COORDINATOR, MANAGER})
MEMO_SEND = but(ADMIN)
MEMO_STATS = frozenset({COORDINATOR, RAPPORTEUR, MANAGER})
CONTACTS_MANAGE = frozenset({COORDINATOR, ADMIN})
INTERNAL = frozenset({MANAGER, COORDINATOR, RAPPORTEUR})  # statistics.internal, monitoring.view
PUBLISHERS = frozenset({MANAGER})                    # statistics.publish (RELEASE_PUBLISHERS)
PROGRESS = but(ADMIN, RAPPORTEUR)                    # progress.report
REC_MANAGE = frozenset({RAPPORTEUR, COORDINATOR})
QUESTIONNAIRE = but(ADMIN, RAPPORTEUR)               # questionnaire.answer
REGISTRY = but(ADMIN)                                # registry.record
# The activity of the data set's plan is the Centre's, the police's and the prosecutor's.
RESPONSIBLE = CENTRE | {POLICE, PROSECUTOR}


def _only(*groups, hidden_from_rest=False):
    """Object routes: these roles reach the object, the rest get 404 (or 403)."""
    ok = _roles(groups)
    return allow(ok, hidden=ALL - ok) if hidden_from_rest else allow(ok)


def on_person(*groups):
    """A route under the person's pseudonym: roles that do not see the person get 404;
    roles that see them but may not do this get 403."""
    return allow(*groups, hidden=ALL - PERSON_VIEW)


MATRIX: dict[str, Entry] = {
    # --- core, accounts, API plumbing -------------------------------------------------
    "dashboard": page(GET=allow(ALL)),
    "favicon": page(GET=public()),  # a permanent redirect to the static icon
    "login": page(GET=public(), POST=public()),  # signed-in users are sent on: 302
    "logout": page(POST=allow(otherwise=LOGIN, anonymous=LOGIN)),
    "account": page(GET=allow(ALL)),
    "password-change": page(GET=allow(ALL), POST=allow(ALL)),
    "mfa-enrol": page(GET=allow(ALL), POST=allow(ALL)),
    "mfa-verify": page(GET=allow(ALL), POST=allow(ALL)),
    "mfa-recovery": page(GET=allow(ALL), POST=allow(ALL)),
    "lockouts": page(GET=allow(ADMIN), POST=allow(ADMIN)),
    "my-tokens": page(GET=allow(ALL)),
    # Own tokens only; anyone else's key answers the same redirect with "no such token".
    "my-token-revoke": page(POST=allow(ALL)),
    "api-token": api(POST=public()),
    "api-tokens": api(GET=allow(REPORTER, empty=but(REPORTER))),
    "api-token-revoke": api(POST=allow(REPORTER, ADMIN, hidden=but(REPORTER, ADMIN))),
    "api-me": api(GET=allow(ALL)),
    "api-organisations": api(GET=allow(ALL)),
    "api-reference": api(GET=allow(ALL)),
    "api-reference-list": api(GET=allow(ALL)),
    "api-schema": api(GET=public()),
    "api-docs": api(GET=public()),

    # --- audit ----------------------------------------------------------------------
    "audit-list": page(GET=allow(MANAGER)),
    "api-audit": api(GET=allow(MANAGER)),

    # --- people ---------------------------------------------------------------------
    "person-list": page(GET=allow(PERSON_VIEW)),
    "person-create": page(GET=allow(CENTRE), POST=allow(CENTRE)),
    "person-detail": page(GET=on_person(PERSON_VIEW)),
    "person-identity": page(POST=on_person(PERSON_VIEW)),
    "api-persons": api(GET=allow(PERSON_VIEW, empty=ALL - PERSON_VIEW), POST=allow(CENTRE)),
    "api-person-duplicates": api(POST=allow(CENTRE)),
    "api-person": api(GET=on_person(PERSON_VIEW)),
    # The manager is outside the person's caseload: breaking the glass needs a reason.
    "api-person-identity": api(GET=allow(CASEWORKER, SHELTER, PARTNER, reason=MANAGER,
                                         hidden=ALL - PERSON_VIEW)),
    "api-person-identity-reveal": api(POST=on_person(PERSON_VIEW)),
    # Transferring a case is person.assign (Centre managers); the role is checked before
    # the person is looked up, so every other role is refused, seeing the person or not.
    "person-reassign": page(GET=allow(MANAGER), POST=allow(MANAGER)),
    "api-person-reassign": api(POST=allow(MANAGER)),

    # --- intake ---------------------------------------------------------------------
    "report-list": page(GET=allow(ALL)),
    "report-create": page(GET=allow(REPORTING), POST=allow(REPORTING)),
    "hotline": page(GET=allow(HOTLINE), POST=allow(HOTLINE)),
    "report-detail": page(GET=allow(CENTRE, REPORTER, hidden=but(CENTRE, REPORTER))),
    "report-file": page(POST=allow(CENTRE, hidden=but(CENTRE, REPORTER))),
    "report-accept": page(POST=allow(CENTRE, hidden=but(CENTRE, REPORTER))),
    "report-dismiss": page(POST=allow(CENTRE, hidden=but(CENTRE, REPORTER))),
    "api-checklists": api(GET=allow(ALL)),
    "api-reports": api(GET=allow(CENTRE, REPORTER, empty=but(CENTRE, REPORTER)),
                       POST=allow(REPORTING)),
    "api-report": api(GET=allow(CENTRE, REPORTER, hidden=but(CENTRE, REPORTER))),
    "api-report-file": api(GET=allow(CENTRE, hidden=but(CENTRE, REPORTER))),
    "api-report-accept": api(POST=allow(CENTRE, hidden=but(CENTRE, REPORTER))),
    "api-report-dismiss": api(POST=allow(CENTRE, hidden=but(CENTRE, REPORTER))),
    "api-hotline-calls": api(GET=allow(HOTLINE), POST=allow(HOTLINE)),

    # --- identification -------------------------------------------------------------
    "work-queue": page(GET=allow(CENTRE)),
    "alert-inbox": page(GET=allow(ALERT_RECEIVING)),
    "procedure-detail": page(GET=_only(CENTRE, hidden_from_rest=True)),
    "procedure-interview": page(POST=_only(CENTRE, hidden_from_rest=True)),
    "procedure-note": page(POST=_only(CENTRE, hidden_from_rest=True)),
    "procedure-indicators": page(POST=_only(CENTRE, hidden_from_rest=True)),
    "procedure-resume": page(POST=_only(CENTRE, hidden_from_rest=True)),
    "procedure-alert-sent": page(POST=_only(CENTRE, hidden_from_rest=True)),
    "procedure-decision": page(POST=_only(CENTRE, hidden_from_rest=True)),
    "procedure-decision-approve": page(POST=allow(MANAGER, hidden=but(CENTRE))),
    "procedure-decision-informed": page(POST=_only(CENTRE, hidden_from_rest=True)),
    "api-identifications": api(GET=allow(CENTRE, empty=but(CENTRE))),
    "api-identification": api(GET=_only(CENTRE, hidden_from_rest=True)),
    "api-identification-interviews": api(POST=_only(CENTRE, hidden_from_rest=True)),
    "api-identification-indicators": api(POST=_only(CENTRE, hidden_from_rest=True)),
    "api-identification-notes": api(POST=_only(CENTRE, hidden_from_rest=True)),
    "api-identification-resume": api(POST=_only(CENTRE, hidden_from_rest=True)),
    "api-identification-decisions": api(POST=_only(CENTRE, hidden_from_rest=True)),
    "api-decision-approve": api(POST=allow(MANAGER, hidden=but(CENTRE))),
    "api-decision-return": api(POST=allow(MANAGER, hidden=but(CENTRE))),
    "api-decision-informed": api(POST=_only(CENTRE, hidden_from_rest=True)),
    "api-alerts": api(GET=allow(CENTRE, POLICE, empty=but(CENTRE, POLICE))),
    # The police receive the alert (alert.receive) but only the Centre marks it sent.
    "api-alert-sent": api(POST=allow(CENTRE, hidden=but(CENTRE, POLICE))),

    # --- protection -----------------------------------------------------------------
    "task-inbox": page(GET=allow(CENTRE, PARTNER)),
    "shelter": page(GET=allow(SHELTER_WORK)),
    "stay-page": page(GET=_only(SHELTER_WORK, hidden_from_rest=True),
                      POST=_only(SHELTER_WORK, hidden_from_rest=True)),
    "protection-page": page(GET=on_person(PERSON_VIEW), POST=on_person(PERSON_VIEW)),
    "api-protection": api(GET=on_person(PERSON_VIEW)),
    "api-consents": api(POST=on_person(CENTRE)),
    "api-conferences": api(POST=on_person(CENTRE)),
    "api-plans": api(POST=on_person(CENTRE)),
    "api-services": api(POST=on_person(PERSON_VIEW)),  # service.record
    "api-placements": api(POST=on_person(CENTRE)),
    "api-placement-refusals": api(POST=on_person(CENTRE)),
    "api-residence": api(POST=on_person(CENTRE)),
    "api-consent-withdraw": api(POST=on_person(CENTRE)),
    "api-plan-revise": api(POST=on_person(CENTRE)),
    "api-plan-close": api(POST=on_person(CENTRE)),
    "api-tasks": api(GET=allow(CENTRE, PARTNER, empty=but(CENTRE, PARTNER))),
    "api-task-status": api(POST=_only(CENTRE, PARTNER, hidden_from_rest=True)),
    "api-shelter": api(GET=allow(SHELTER_WORK)),
    # Admission is protection.manage (the Centre places the person; stay_admit).
    "api-stays": api(POST=allow(CENTRE)),
    "api-stay-extend": api(POST=_only(SHELTER_WORK, hidden_from_rest=True)),
    "api-stay-phase": api(POST=_only(SHELTER_WORK, hidden_from_rest=True)),
    "api-stay-leave": api(POST=_only(SHELTER_WORK, hidden_from_rest=True)),
    "api-stay-examinations": api(POST=_only(SHELTER_WORK, hidden_from_rest=True)),
    "api-stay-incidents": api(POST=_only(SHELTER_WORK, hidden_from_rest=True)),
    "api-residence-opinion": api(POST=on_person(CENTRE)),
    "api-residence-decision": api(POST=on_person(CENTRE)),
    "api-residence-border-police": api(POST=on_person(CENTRE)),

    # --- justice --------------------------------------------------------------------
    "case-list": page(GET=allow(CASE_VIEW), POST=allow(CASE_CREATE)),
    "case-page": page(GET=allow(CASE_VIEW), POST=allow(CASE_VIEW)),  # action: defendant
    "justice-inbox": page(GET=allow(ALL), POST=allow(CENTRE)),  # action: impunity flag
    "legal-assistance": page(GET=allow(LEGAL_VIEW), POST=allow(LEGAL_RECORD)),
    "api-cases": api(GET=allow(CASE_VIEW)),
    "api-case-create": api(POST=allow(CASE_CREATE)),
    "api-case": api(GET=allow(CASE_VIEW)),
    "api-case-defendants": api(POST=allow(CASE_VIEW)),
    "api-case-damaged-parties": api(POST=allow(CASE_VIEW)),
    "api-case-protection": api(POST=allow(CASE_VIEW)),
    "api-case-events": api(POST=allow(JUSTICE)),  # event.record
    # The release notified the caseworker whose caseload the victim is in.
    "api-notifications": api(GET=allow(CASEWORKER, empty=but(CASEWORKER))),
    "api-notification-mark": api(POST=_only(CASEWORKER, hidden_from_rest=True)),
    "api-risk-assessments": api(GET=allow(CENTRE, empty=but(CENTRE))),
    "api-risk-complete": api(POST=_only(CENTRE, hidden_from_rest=True)),
    "api-legal-assistance": api(GET=allow(LEGAL_VIEW)),
    "api-legal-assistance-create": api(POST=allow(LEGAL_RECORD)),
    "api-legal-assistance-outcome": api(POST=allow(LEGAL_RECORD)),

    # --- coordination ---------------------------------------------------------------
    "meetings": page(GET=allow(COORD_VIEW), POST=allow(COORD_MANAGE)),  # action: group
    "memos": page(GET=allow(MEMO_SEND), POST=allow(MEMO_SEND)),
    "contacts": page(GET=allow(ALL), POST=allow(CONTACTS_MANAGE)),
    "api-groups": api(GET=allow(COORD_VIEW)),
    "api-group-create": api(POST=allow(COORD_MANAGE)),
    "api-meeting-create": api(POST=allow(COORD_MANAGE)),
    # Agendas only for the organisations that took part (the Centre and the police).
    "api-meetings": api(GET=allow(CENTRE, POLICE, COORDINATOR,
                                  empty={PARTNER, PROSECUTOR, COURT})),
    # The memo goes from the hotline's organisation to the police.
    "api-memos": api(GET=allow(HOTLINE, POLICE, empty=MEMO_SEND - {HOTLINE, POLICE})),
    "api-memo-create": api(POST=allow(MEMO_SEND)),
    "api-memo-response": api(POST=allow(HOTLINE, POLICE,
                                        hidden=MEMO_SEND - {HOTLINE, POLICE})),
    "api-memo-rates": api(GET=allow(MEMO_STATS, HOTLINE,
                                    empty=MEMO_SEND - MEMO_STATS - {HOTLINE})),
    "api-contacts": api(GET=allow(ALL)),
    "api-contact-create": api(POST=allow(CONTACTS_MANAGE)),

    # --- statistics -----------------------------------------------------------------
    "statistics-public": page(GET=public()),
    # The data set's year has a release (with its dataset); every visitor reads it.
    "statistics-download": page(GET=public()),  # the latest release's file of a year
    "statistics-release-file": page(GET=public()),
    "statistics-release-dataset": page(GET=public()),
    "statistics-internal": page(GET=allow(INTERNAL)),
    "statistics-releases": page(GET=allow(PUBLISHERS), POST=allow(PUBLISHERS)),
    "api-statistics-annual": api(GET=public()),
    "api-statistics-releases": api(GET=public(), POST=allow(PUBLISHERS)),
    "api-statistics-release": api(GET=public()),
    "api-statistics-release-version": api(GET=public()),

    # --- monitoring -----------------------------------------------------------------
    # Strategic documents, recommendations and their reports are open to every role;
    # the responsible bodies report progress on their activities.
    "monitoring": page(GET=allow(ALL), POST=allow(COORDINATOR)),
    "plan-template": page(GET=allow(ALL)),
    "plan-page": page(GET=allow(ALL), POST=allow(COORDINATOR)),
    "plan-report": page(GET=allow(ALL)),
    "activity-page": page(GET=allow(ALL), POST=allow(PROGRESS)),
    "recommendations": page(GET=allow(ALL), POST=allow(REC_MANAGE)),  # action: source
    "campaigns": page(GET=allow(RAPPORTEUR), POST=allow(RAPPORTEUR)),
    "campaign-page": page(GET=allow(RAPPORTEUR), POST=allow(RAPPORTEUR)),
    "campaign-answers": page(GET=allow(RAPPORTEUR)),
    # "questionnaire": each role's organisation's own (the Rapporteur: the Centre's).
    "questionnaire-page": page(GET=allow(QUESTIONNAIRE, RAPPORTEUR), POST=allow(QUESTIONNAIRE)),
    "registries": page(GET=allow(REGISTRY), POST=allow(REGISTRY)),
    "api-documents": api(GET=allow(ALL)),
    "api-document-import": api(POST=allow(COORDINATOR)),
    "api-document-template": api(GET=allow(ALL)),
    "api-document": api(GET=allow(ALL)),
    "api-document-report": api(GET=allow(ALL)),
    "api-document-close": api(POST=allow(COORDINATOR)),
    "api-progress-overdue": api(GET=allow(INTERNAL)),
    "api-my-activities": api(GET=allow(RESPONSIBLE, empty=PROGRESS - RESPONSIBLE)),
    # Role first (progress.report); a body not responsible for the activity gets a 400.
    "api-progress": api(POST=allow(PROGRESS)),
    "api-recommendations": api(GET=allow(ALL)),
    "api-assessments": api(POST=allow(RAPPORTEUR)),
    "api-recommendation-link": api(POST=allow(REC_MANAGE)),
    "api-recommendation-sources": api(GET=allow(ALL)),
    "api-recommendation-source-create": api(POST=allow(REC_MANAGE)),
    "api-recommendation-create": api(POST=allow(REC_MANAGE)),
    "api-recommendation-share": api(GET=allow(ALL)),
    "api-campaigns": api(GET=allow(RAPPORTEUR)),
    "api-campaign-create": api(POST=allow(RAPPORTEUR)),
    "api-campaign-questions": api(GET=allow(RAPPORTEUR)),
    "api-question-create": api(POST=allow(RAPPORTEUR)),
    "api-campaign-send": api(POST=allow(RAPPORTEUR)),
    "api-campaign-remind": api(POST=allow(RAPPORTEUR)),
    "api-campaign-status": api(GET=allow(RAPPORTEUR)),
    "api-campaign-answers": api(GET=allow(RAPPORTEUR)),
    "api-questionnaires": api(GET=allow(QUESTIONNAIRE)),
    "api-questionnaire": api(GET=allow(QUESTIONNAIRE, RAPPORTEUR)),
    "api-questionnaire-answers": api(POST=allow(QUESTIONNAIRE)),
    "api-trainings": api(GET=allow(REGISTRY), POST=allow(REGISTRY)),
    "api-prevention": api(GET=allow(REGISTRY), POST=allow(REGISTRY)),
    "api-hotline-activity": api(GET=allow(INTERNAL, HOTLINE, COORDINATOR),
                                POST=allow(HOTLINE, COORDINATOR)),  # registry.hotline
    "api-local-teams": api(GET=allow(INTERNAL), POST=allow(COORDINATOR)),

    # --- search ---------------------------------------------------------------------
    # Every signed-in role may search; what it finds is what it may open. For `q=V-`: the
    # persons' roles find the person, the justice roles the case she is a damaged party in;
    # the others nothing. (A POST with `?q=` is refused as an unknown parameter: 400.)
    "search": page(GET=allow(ALL), POST=allow(ALL)),
    "api-search": api(GET=allow(PERSON_VIEW, JUSTICE, empty=but(PERSON_VIEW, JUSTICE)),
                      POST=allow(ALL)),

    # --- imports --------------------------------------------------------------------
    "import-page": page(GET=allow(MANAGER), POST=allow(MANAGER)),
    "import-template": page(GET=allow(MANAGER)),
    "import-run": page(GET=allow(MANAGER)),
    "import-run-status": page(GET=allow(MANAGER)),
    "api-imports": api(GET=allow(MANAGER), POST=allow(MANAGER)),
    "api-import-template": api(GET=allow(MANAGER)),
    "api-import": api(GET=allow(MANAGER)),
    # The administrators watch for failed runs (import.monitor), never a run's content.
    "import-failures": page(GET=allow(ADMIN)),
    # Scheduled jobs' runs (jobs.view): when and how they ended, never a record.
    "job-list": page(GET=allow(ADMIN)),

    # --- administration (core: user.manage, organisation.manage) ------------------------
    # Only administrators; every other role is refused before any record is looked up.
    "admin-users": page(GET=allow(ADMIN)),
    "admin-user-create": page(GET=allow(ADMIN), POST=allow(ADMIN)),
    "admin-user": page(GET=allow(ADMIN)),
    "admin-user-edit": page(GET=allow(ADMIN), POST=allow(ADMIN)),
    "admin-user-password": page(GET=allow(ADMIN), POST=allow(ADMIN)),
    "admin-user-deactivate": page(GET=allow(ADMIN), POST=allow(ADMIN)),  # GET: confirm
    "admin-user-reactivate": page(POST=allow(ADMIN)),
    "admin-user-unlock": page(POST=allow(ADMIN)),
    "admin-user-mfa-reset": page(POST=allow(ADMIN)),
    "admin-membership-grant": page(GET=allow(ADMIN), POST=allow(ADMIN)),
    "admin-membership-end": page(GET=allow(ADMIN), POST=allow(ADMIN)),  # GET: confirm
    "admin-requests": page(GET=allow(ADMIN)),
    # The data set's request is the administrator's own: deciding it is refused with a
    # message (the role got through), withdrawing it works.
    "admin-request": page(GET=allow(ADMIN)),
    "admin-request-approve": page(POST=allow(ADMIN)),
    "admin-request-reject": page(POST=allow(ADMIN)),
    "admin-request-withdraw": page(POST=allow(ADMIN)),
    "admin-organisations": page(GET=allow(ADMIN)),
    "admin-organisation-create": page(GET=allow(ADMIN), POST=allow(ADMIN)),
    "admin-organisation-edit": page(GET=allow(ADMIN), POST=allow(ADMIN)),
}

# (route, method, identity) → why the code answers otherwise than MATRIX says. Those
# cases are expected to fail (xfail, strict): fixing the defect makes them pass and the
# entry must then go.
KNOWN_DEFECTS: dict[tuple, str] = {}
