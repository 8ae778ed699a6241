"""What each role's dashboard shows. A widget is a title and, where its capability exists,
a provider that lists items (text, link, overdue) from the selectors; a widget with nothing
to show says so."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atis.coordination import selectors as coordination
from atis.core.roles import Role
from atis.identification import selectors as identification
from atis.intake import selectors as intake
from atis.justice import selectors as justice
from atis.monitoring import selectors as monitoring
from atis.protection import selectors as protection


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
    return [_item(f"{a.procedure.person.pseudonym} — {a.recipient}",
                  reverse("procedure-detail", args=[a.procedure_id]), overdue=True)
            for a in identification.alert_list(user=user, overdue=True)[:8]]


def _caseload(user) -> list[dict]:
    return [_item(f"{row['lead_caseworker__username'] or '—'}: {row['count']}")
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


WIDGETS: dict[str, list] = {
    Role.REPORTER: [(_("My reports"), _my_reports), (_("Alerts from the Centre"), _alerts_received)],
    Role.HOTLINE_OPERATOR: [(_("Calls today"), _calls_today),
                            (_("Reports sent to the Centre"), _my_reports)],
    Role.CENTRE_CASEWORKER: [(_("My cases"), _open_procedures),
                             (_("Overdue alerts"), _overdue_alerts),
                             (_("Overdue plan tasks"), _overdue_tasks),
                             (_("Notifications"), _notifications),
                             (_("New reports"), _new_reports)],
    Role.CENTRE_MANAGER: [(_("Statistics for the year to date"), _year_to_date),
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
    Role.ADMIN: [(_("Users and organisations"), None), (_("Reference data"), None)],
}


def widgets_for(user) -> list[dict]:
    return [{"title": title, "items": provider(user) if provider else []}
            for title, provider in WIDGETS.get(user.role, [])]
