"""What each role's dashboard shows. A widget is a title and, where its capability exists,
a provider that lists items (text, link, overdue) from the selectors; a widget with nothing
to show says so."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atis.accounts.services import locked_accounts
from atis.coordination import selectors as coordination
from atis.core import selectors as core
from atis.core.roles import Role
from atis.identification import selectors as identification
from atis.imports import selectors as imports
from atis.intake import selectors as intake
from atis.jobs import selectors as jobs
from atis.justice import selectors as justice
from atis.monitoring import selectors as monitoring
from atis.people import selectors as people
from atis.protection import selectors as protection
from atis.reference.selectors import label


def _item(text, url=None, overdue=False) -> dict:
    return {"text": text, "url": url, "overdue": overdue}


def _my_reports(user) -> list[dict]:
    items = []
    for report in intake.report_list(user=user).prefetch_related("feedback")[:5]:
        latest = report.latest_feedback
        text = f"{report.reference}: {latest.get_category_display() if latest else ''}"
        items.append(_item(text, reverse("report-detail", args=[report.reference])))
    return items


def _new_reports(user) -> list[dict]:
    return [_item(f"{r.reference} — {timezone.localtime(r.received_at):%Y-%m-%d %H:%M}",
                  reverse("report-detail", args=[r.reference]))
            for r in intake.report_list(user=user, filters={"status": "received"})
            .order_by("received_at")[:5]]


def _open_procedures(user) -> list[dict]:
    qs = identification.procedure_list(user=user).filter(status__in=identification.OPEN_STATUSES)
    return [_item(f"{p.person.pseudonym} — {p.get_status_display()}",
                  reverse("procedure-detail", args=[p.pk]),
                  overdue=p.alerts_overdue or p.target_date < timezone.localdate())
            for p in qs[:8]]


def _overdue_alerts(user) -> list[dict]:
    return [_item(f"{a.procedure.person.pseudonym} — {label('alert_recipient', a.recipient)}",
                  reverse("procedure-detail", args=[a.procedure_id]), overdue=True)
            for a in identification.alert_list(user=user, overdue=True)[:8]]


def _caseload(user) -> list[dict]:
    return [_item(f"{row['name'] or '—'}: {row['count']}")
            for row in identification.caseload(user=user)]


def _alerts_received(user) -> list[dict]:
    return [_item(f"{a.procedure.person.pseudonym} — {timezone.localtime(a.sent_at):%Y-%m-%d}",
                  reverse("alert-inbox")) for a in identification.alert_list(user=user)[:5]]


def _tasks(user, overdue=None) -> list[dict]:
    return [_item(f"{t.plan.person.pseudonym} — {t.get_status_display()} ({t.due_on:%Y-%m-%d})",
                  reverse("protection-page", args=[t.plan.person.pseudonym]), overdue=t.overdue)
            for t in protection.task_inbox(user=user, overdue=overdue)[:8]]


def _overdue_tasks(user) -> list[dict]:
    return _tasks(user, overdue=True)


def _residents(user) -> list[dict]:
    return [_item(f"{s.person.pseudonym} — {s.get_phase_display()}",
                  reverse("stay-page", args=[s.pk]))
            for s in protection.current_stays(user=user)[:8]]


def _stays_ending(user) -> list[dict]:
    return [_item(f"{s.person.pseudonym} — {s.ends_on:%Y-%m-%d}", reverse("stay-page", args=[s.pk]),
                  overdue=True) for s in protection.stays_ending(user=user)[:8]]


def _notifications(user) -> list[dict]:
    now = timezone.now()
    return [_item(f"{n.event.get_kind_display()} — {n.person.pseudonym}", reverse("justice-inbox"),
                  overdue=n.acknowledge_by < now)
            for n in justice.notification_inbox(user=user, unread=True)[:8]]


def _assigned_to_me(user) -> list[dict]:
    """Cases newly assigned to the user or their team, until they open them."""
    return [_item(f"{n.assignment.person.pseudonym} — {timezone.localtime(n.created_at):%Y-%m-%d}",
                  reverse("person-detail", args=[n.assignment.person.pseudonym]))
            for n in people.assignment_notices(user=user)[:8]]


def _cases(user) -> list[dict]:
    return [_item(f"{c.reference} ({c.opened_on:%Y-%m-%d})", reverse("case-page", args=[c.pk]))
            for c in justice.case_list(user=user)[:8]]


def _hearings(user) -> list[dict]:
    from atis.justice.models import ProceedingEvent

    upcoming = (ProceedingEvent.objects.filter(case__in=justice.case_list(user=user),
                                               kind="hearing", on__gte=timezone.localdate())
                .select_related("case").order_by("on")[:8])
    return [_item(f"{e.on:%Y-%m-%d} — {e.case.reference}", reverse("case-page", args=[e.case_id]))
            for e in upcoming]


def _groups_overdue(user) -> list[dict]:
    return [_item(g.name, reverse("meetings"), overdue=True)
            for g in coordination.groups_overdue(user=user)]


def _year_to_date(user) -> list[dict]:
    """Key figures of the current year: the statistics' exact counts, as recently computed."""
    from atis.statistics import recent

    year = timezone.localdate().year
    tables, _computed_at = recent.tables(year, published=False, only=[
        "reports_by_source", "identified_victims_by_form_sex_age", "report_outcomes_by_source"])
    victims = tables["identified_victims_by_form_sex_age"].cells
    pending = sum(c["count"] for c in tables["report_outcomes_by_source"].cells
                  if c["outcome"] == "pending")
    url = reverse("statistics-internal")
    return [_item(_("Reports received: %(n)d") % {"n": tables["reports_by_source"].total()}, url),
            _item(_("Victims identified: %(n)d") % {"n": sum(c["count"] for c in victims)}, url),
            _item(_("of whom children: %(n)d") % {"n": sum(c["count"] for c in victims
                                                          if c["age_group"] == "child")}, url),
            _item(_("Persons pending: %(n)d") % {"n": pending}, url)]


def _calls_today(user) -> list[dict]:
    today = timezone.localdate()
    calls = intake.hotline_calls(user=user).filter(received_at__date=today)
    return [_item(_("%(n)d calls today") % {"n": calls.count()}, reverse("hotline"))]


def _plan_progress(user) -> list[dict]:
    items = [_item(_("%(plan)s: %(done)d of %(total)d activities completed") % {
        "plan": row["document"].code, "done": row["counts"]["completed"], "total": row["total"]},
        reverse("plan-page", args=[row["document"].pk]))
        for row in monitoring.document_summaries(user=user)
        if row["document"].kind == "action_plan" and not row["document"].closed]
    overdue = len(monitoring.overdue_reports(user=user))
    if overdue:
        items.append(_item(_("%(n)d progress reports overdue") % {"n": overdue},
                           reverse("monitoring"), overdue=True))
    return items


def _campaign(user) -> list[dict]:
    latest = monitoring.campaigns(user=user).first()
    if latest is None:
        return []
    return [_item(_("%(title)s: %(answered)d of %(sent)d answered") % {
        "title": latest.title, "answered": latest.answered, "sent": latest.sent},
        reverse("campaign-page", args=[latest.pk]),
        overdue=latest.answered < latest.sent and latest.due_on < timezone.localdate())]


def _recommendations(user) -> list[dict]:
    from atis.monitoring.models import RecommendationSource

    items = []
    for source in RecommendationSource.objects.all():
        years = source.assessed_years()
        if years:
            share = monitoring.acted_share(source=source, period_year=years[-1])
            items.append(_item(_("%(report)s (%(year)d): %(share).1f%% acted upon or initiated") % {
                "report": source.code, "year": years[-1], "share": 100 * (share["share"] or 0)},
                reverse("recommendations") + f"?source={source.code}"))
    return items


def _questionnaires(user) -> list[dict]:
    return [_item(f"{q.campaign} — {q.campaign.due_on:%Y-%m-%d}",
                  reverse("questionnaire-page", args=[q.pk]),
                  overdue=q.campaign.due_on < timezone.localdate())
            for q in monitoring.my_questionnaires(user=user).filter(received_on__isnull=True)]


def _locked_accounts(user) -> list[dict]:
    """Accounts locked after failed sign-ins: the user's name and page where the account
    exists, else the username typed and the page of locked accounts."""
    rows = locked_accounts()[:8]
    known = {u.username: u for u in core.user_list(user=user).filter(
        username__in=[row["username"] for row in rows])}
    items = []
    for row in rows:
        account = known.get(row["username"])
        until = timezone.localtime(row["until"])
        if account is None:
            items.append(_item(_("%(username)s (no such user), locked until %(until)s") % {
                "username": row["username"], "until": f"{until:%H:%M}"}, reverse("lockouts")))
        else:
            items.append(_item(_("%(user)s, locked until %(until)s") % {
                "user": account.get_full_name() or account.username, "until": f"{until:%H:%M}"},
                reverse("admin-user", args=[account.pk])))
    return items


_locked_accounts.empty = _("No account is locked.")


def _pending_grants(user) -> list[dict]:
    """Requests waiting for a second administrator; those this administrator may decide
    first (their own and those about them wait for someone else)."""
    pending = sorted(core.admin_requests(user=user)[:20],
                     key=lambda r: r.requested_by_id == user.pk or r.target_id == user.pk)
    items = []
    for request in pending[:8]:
        who = request.target.get_full_name() or request.target.username
        if request.kind == request.Kind.GRANT_ROLE:
            text = _("%(role)s for %(user)s at %(organisation)s") % {
                "role": request.get_role_display(), "user": who,
                "organisation": request.organisation.name}
        else:
            text = _("Reset of two-step verification for %(user)s") % {"user": who}
        if request.requested_by_id == user.pk:
            text = _("%(request)s (filed by you: another administrator decides)") % {"request": text}
        items.append(_item(text, reverse("admin-request", args=[request.pk])))
    return items


_pending_grants.empty = _("No request is waiting for a second administrator.")


def _stale_contacts(user) -> list[dict]:
    """Contact points not confirmed within CONTACT_STALE_DAYS, oldest first."""
    url = reverse("contacts") + "?stale=1"
    return [_item(_("%(organisation)s: %(function)s, last confirmed %(date)s") % {
        "organisation": c.organisation.name, "function": c.function,
        "date": f"{c.last_confirmed_on:%Y-%m-%d}"}, url)
        for c in coordination.contact_points(user=user, stale=True).order_by("last_confirmed_on")[:8]]


_stale_contacts.empty = _("Every contact point was confirmed recently.")


def _failed_jobs(user) -> list[dict]:
    items = [_item(_("%(job)s failed at %(date)s") % {
        "job": title, "date": f"{timezone.localtime(run.started_at):%Y-%m-%d %H:%M}"},
        reverse("job-list")) for run, title in jobs.failed_runs(user=user, limit=8)]
    url = reverse("import-failures")
    for run in imports.failed_runs(user=user)[:8]:
        started = timezone.localtime(run.started_at)
        if run.status == run.Status.FAILED:
            text = _("Import run %(number)d of %(date)s stopped on an error") % {
                "number": run.pk, "date": f"{started:%Y-%m-%d %H:%M}"}
        else:
            text = _("Import run %(number)d of %(date)s stalled") % {
                "number": run.pk, "date": f"{started:%Y-%m-%d %H:%M}"}
        items.append(_item(text, url))
    return items


_failed_jobs.empty = _("No job failed.")


def _administration(user) -> list[dict]:
    return [_item(_("Users"), reverse("admin-users")),
            _item(_("Create a user"), reverse("admin-user-create")),
            _item(_("Pending role grants"), reverse("admin-requests")),
            _item(_("Organisations"), reverse("admin-organisations")),
            _item(_("Locked accounts"), reverse("lockouts"))]


def _reference_data(user) -> list[dict]:
    return [_item(_("Code lists, countries and languages (administration site)"),
                  reverse("admin:app_list", args=["reference"]))]


WIDGETS: dict[str, list] = {
    Role.REPORTER: [(_("My reports"), _my_reports), (_("Alerts from the Centre"), _alerts_received)],
    Role.HOTLINE_OPERATOR: [(_("Calls today"), _calls_today),
                            (_("Reports sent to the Centre"), _my_reports)],
    Role.CENTRE_CASEWORKER: [(_("Cases assigned to you"), _assigned_to_me),
                             (_("My cases"), _open_procedures),
                             (_("Overdue alerts"), _overdue_alerts),
                             (_("Overdue plan tasks"), _overdue_tasks),
                             (_("Notifications"), _notifications),
                             (_("New reports"), _new_reports)],
    Role.CENTRE_MANAGER: [(_("Cases assigned to you"), _assigned_to_me),
                          (_("Statistics for the year to date"), _year_to_date),
                          (_("New reports"), _new_reports),
                          (_("Open identification procedures"), _open_procedures),
                          (_("Overdue alerts"), _overdue_alerts),
                          (_("Overdue plan tasks"), _overdue_tasks),
                          (_("Groups that have not met in time"), _groups_overdue),
                          (_("Caseload by caseworker"), _caseload),
                          (_("Questionnaires to answer"), _questionnaires)],
    Role.SHELTER_STAFF: [(_("Residents"), _residents),
                         (_("Stays ending within 30 days"), _stays_ending)],
    Role.PARTNER_CASEWORKER: [(_("Tasks for my organisation"), _tasks),
                              (_("Notifications"), _notifications),
                              (_("Alerts from the Centre"), _alerts_received),
                              (_("Questionnaires to answer"), _questionnaires)],
    Role.POLICE_OFFICER: [(_("Alerts from the Centre"), _alerts_received),
                          (_("Criminal cases of my organisation"), _cases),
                          (_("Questionnaires to answer"), _questionnaires)],
    Role.PROSECUTOR: [(_("Alerts from the Centre"), _alerts_received),
                      (_("Criminal cases of my organisation"), _cases),
                      (_("Questionnaires to answer"), _questionnaires)],
    Role.COURT_STAFF: [(_("Criminal cases of my organisation"), _cases), (_("Hearings"), _hearings),
                       (_("Questionnaires to answer"), _questionnaires)],
    Role.COORDINATOR_ANALYST: [(_("Statistics for the year to date"), _year_to_date),
                               (_("Groups that have not met in time"), _groups_overdue),
                               (_("Action Plan progress"), _plan_progress)],
    Role.RAPPORTEUR: [(_("Statistics for the year to date"), _year_to_date),
                      (_("Questionnaire campaign"), _campaign),
                      (_("Recommendations"), _recommendations)],
    Role.ADMIN: [(_("Locked accounts"), _locked_accounts),
                 (_("Role grants waiting for approval"), _pending_grants),
                 (_("Stale contact points"), _stale_contacts),
                 (_("Failed jobs"), _failed_jobs),
                 (_("Users and organisations"), _administration),
                 (_("Reference data"), _reference_data)],
}


def widgets_for(user) -> list[dict]:
    """Each widget's title, items and what it says when it has none (a provider's
    `empty`, else the dashboard's "Nothing here yet")."""
    return [{"title": title, "items": provider(user) if provider else [],
             "empty": getattr(provider, "empty", None)}
            for title, provider in WIDGETS.get(user.role, [])]
