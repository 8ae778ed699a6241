"""The pages of intake and identification, driven as a user would (Django's test client)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from atis.core.roles import Role
from atis.identification.models import Decision, Interview, Procedure
from atis.intake.models import HotlineCall, Report


def report_post(**extra):
    data = {"channel": "app_api", "source_type": "school", "suspected_forms": ["forced_begging"],
            "exploitation_place": "Niš", "exploitation_country": "RS",
            "narrative": "A pupil begs at the market every morning.", "checklist": "",
            "person-TOTAL_FORMS": "3", "person-INITIAL_FORMS": "0", "person-MIN_NUM_FORMS": "0",
            "person-MAX_NUM_FORMS": "10", "person-0-given_name": "Luka",
            "person-0-family_name": "Ristić", "person-0-sex": "male", "person-0-birth_year": "2014",
            "person-0-citizenship": "RS", "form_key": "page-1"}
    data.update(extra)
    return data


def test_reporter_sends_a_report_and_follows_it(client, make_user):
    teacher = make_user(Role.REPORTER, "school-os-kralj-petar-prvi-beograd")
    client.force_login(teacher)
    form = client.get(reverse("report-create"))
    assert form.status_code == 200 and b"Report suspected trafficking" in form.content
    response = client.post(reverse("report-create"), report_post(), follow=True)
    report = Report.objects.get()
    assert response.redirect_chain[-1][0] == reverse("report-detail", args=[report.reference])
    assert report.persons.count() == 1 and report.source_type == "school"
    again = client.post(reverse("report-create"), report_post(), follow=True)
    assert again.redirect_chain[-1][0] == reverse("report-detail", args=[report.reference])
    assert Report.objects.count() == 1
    listing = client.get(reverse("report-list")).content.decode()
    assert report.reference in listing and "Your report was received." in listing


def test_checklist_indicators_appear_without_javascript(client, make_user):
    client.force_login(make_user(Role.REPORTER))
    page = client.post(reverse("report-create"), report_post(checklist="education_child",
                                                             refresh="1"))
    assert page.status_code == 200 and b'name="indicators"' in page.content
    assert not Report.objects.exists()


def test_report_form_shows_errors_and_writes_nothing(client, make_user):
    client.force_login(make_user(Role.REPORTER))
    page = client.post(reverse("report-create"),
                       report_post(**{"person-0-birth_year": "1800", "form_key": "x"}))
    assert page.status_code == 200 and b"govuk-error-message" in page.content
    assert not Report.objects.exists()


def test_centre_is_warned_of_likely_duplicates(client, make_user, make_person):
    caseworker = make_user(Role.CENTRE_CASEWORKER)
    existing = make_person(actor=caseworker, identity={"given_name": "Luka", "family_name": "Ristić"})
    client.force_login(caseworker)
    page = client.post(reverse("report-create"), report_post(source_type="centre"))
    assert existing.pseudonym.encode() in page.content and not Report.objects.exists()
    client.post(reverse("report-create"), report_post(source_type="centre", confirm_new="1"))
    assert Report.objects.count() == 1


def test_triage_accept_leads_to_the_case_page(client, make_user, submit_report):
    report = submit_report()
    caseworker = make_user(Role.CENTRE_CASEWORKER)
    client.force_login(caseworker)
    detail = client.get(reverse("report-detail", args=[report.reference]))
    assert b"Accept: open identification" in detail.content
    response = client.post(reverse("report-accept", args=[report.reference]), follow=True)
    procedure = Procedure.objects.get()
    assert response.redirect_chain[-1][0] == reverse("procedure-detail", args=[procedure.pk])
    assert b"24-hour alerts" in response.content


def test_dismissal_form_needs_a_valid_reason(client, make_user, submit_report):
    report = submit_report()
    client.force_login(make_user(Role.CENTRE_CASEWORKER))
    page = client.post(reverse("report-dismiss", args=[report.reference]), {"reason": "bored"})
    assert b"govuk-error-message" in page.content
    report.refresh_from_db()
    assert report.status == "received"
    client.post(reverse("report-dismiss", args=[report.reference]), {"reason": "no_offence"})
    report.refresh_from_db()
    assert report.status == "dismissed"


def test_case_page_forms(client, make_user, open_procedure):
    procedure, caseworker = open_procedure()
    client.force_login(caseworker)
    url = reverse("procedure-interview", args=[procedure.pk])
    bad = client.post(url, {"held_on": "2999-01-01", "mode": "in_person"})
    assert bad.status_code == 400 and b"govuk-error-message" in bad.content and not Interview.objects.exists()
    client.post(url, {"held_on": timezone.localdate().isoformat(), "mode": "in_person"})
    assert Interview.objects.filter(procedure=procedure).count() == 1
    decision = client.post(reverse("procedure-decision", args=[procedure.pk]), {
        "outcome": "identified", "forms_": ["sexual", "labour"],
        "subtypes": ["sexual_commercial", "labour_domestic"], "recruitment_methods": ["job_offer"]})
    assert decision.status_code == 302
    made = Decision.objects.get()
    assert sorted((f.form, f.subtype) for f in made.forms.all()) == [
        ("labour", "labour_domestic"), ("sexual", "sexual_commercial")]
    manager = make_user(Role.CENTRE_MANAGER)
    client.force_login(manager)
    client.post(reverse("procedure-decision-approve", args=[procedure.pk, made.pk]),
                {"action": "approve"})
    procedure.refresh_from_db()
    assert procedure.status == "identified"


def test_orphan_subtype_is_refused_on_the_form(client, open_procedure):
    procedure, caseworker = open_procedure()
    client.force_login(caseworker)
    page = client.post(reverse("procedure-decision", args=[procedure.pk]), {
        "outcome": "identified", "forms_": ["sexual"], "subtypes": ["labour_domestic"]})
    assert page.status_code == 400 and not Decision.objects.exists()


def test_hotline_page_logs_a_call_with_its_report(client, make_user):
    client.force_login(make_user(Role.HOTLINE_OPERATOR))
    data = report_post(caller="family_member", outcome="report", persons_concerned="1",
                       first_contact="on", summary="Mother calling about her son",
                       source_type="family_member")
    response = client.post(reverse("hotline"), data, follow=True)
    assert response.status_code == 200
    call = HotlineCall.objects.get()
    assert call.report is not None and call.report.channel == "hotline"
    assert call.report.reference.encode() in response.content


def test_queue_shows_overdue_in_red(client, make_user, open_procedure):
    manager = make_user(Role.CENTRE_MANAGER)
    procedure, _ = open_procedure(caseworker=manager,
                                  received_at=timezone.now() - datetime.timedelta(days=2))
    client.force_login(manager)
    content = client.get(reverse("work-queue")).content.decode()
    assert 'class="overdue"' in content and procedure.person.pseudonym in content
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert f'class="overdue"><a href="/cases/{procedure.pk}/">' in dashboard


def test_date_inputs_default_to_today(client, open_procedure):
    procedure, caseworker = open_procedure()
    client.force_login(caseworker)
    page = client.get(reverse("procedure-detail", args=[procedure.pk])).content.decode()
    today = timezone.localdate().isoformat()
    for name in ("held_on", "decided_at", "assessed_at", "sent_at"):
        assert f'name="{name}" value="{today}"' in page, name


def test_a_date_error_keeps_what_was_typed_and_writes_nothing(client, open_procedure):
    procedure, caseworker = open_procedure()
    client.force_login(caseworker)
    page = client.post(reverse("procedure-interview", args=[procedure.pk]), {
        "held_on": "2001-02-03", "mode": "video", "location": "Dom zdravlja Novi Sad"})
    content = page.content.decode()
    assert page.status_code == 400 and not Interview.objects.exists()
    assert 'value="2001-02-03"' in content and 'value="Dom zdravlja Novi Sad"' in content
    assert "This cannot be before the procedure was opened" in content


def test_a_report_accepted_on_the_page_is_dated_as_entered(client, make_user, submit_report):
    received = timezone.now() - datetime.timedelta(days=10)
    report = submit_report(received_at=received)
    client.force_login(make_user(Role.CENTRE_CASEWORKER))
    url = reverse("report-accept", args=[report.reference])
    too_early = (timezone.localdate() - datetime.timedelta(days=11)).isoformat()
    page = client.post(url, {"accepted_at": too_early})
    assert page.status_code == 400 and f'value="{too_early}"'.encode() in page.content
    assert not Procedure.objects.exists()
    day = timezone.localdate() - datetime.timedelta(days=9)
    client.post(url, {"accepted_at": day.isoformat()})
    assert timezone.localtime(Procedure.objects.get().opened_at).date() == day


def test_approval_on_the_page_is_dated_and_a_date_error_keeps_it(client, make_user, open_procedure):
    procedure, caseworker = open_procedure()
    client.force_login(caseworker)
    client.post(reverse("procedure-decision", args=[procedure.pk]),
                {"outcome": "not_identified", "reason": "other"})
    proposal = Decision.objects.get()
    client.force_login(make_user(Role.CENTRE_MANAGER))
    url = reverse("procedure-decision-approve", args=[procedure.pk, proposal.pk])
    future = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    page = client.post(url, {"action": "approve", "approved_at": future})
    assert page.status_code == 400 and f'value="{future}"'.encode() in page.content
    assert Decision.objects.get().state == "proposed"
    client.post(url, {"action": "approve", "approved_at": timezone.localdate().isoformat()})
    assert Decision.objects.get().state == "approved"


def test_the_centre_enters_the_day_a_report_was_received(client, make_user):
    client.force_login(make_user(Role.CENTRE_CASEWORKER))
    day = timezone.localdate() - datetime.timedelta(days=4)
    client.post(reverse("report-create"), report_post(source_type="centre", confirm_new="1",
                                                      received_at=day.isoformat()))
    assert timezone.localtime(Report.objects.get().received_at).date() == day


def test_queue_caseload_counts_open_procedures_by_lead(client, make_user, open_procedure):
    """A manager sees every lead's open procedures; a caseworker their own and their team's,
    counted by lead (the closed ones, which assignments keep, are not counted)."""
    from atis.identification import selectors
    from atis.identification.models import Procedure

    mine = make_user(Role.CENTRE_CASEWORKER, team="North")
    colleague = make_user(Role.CENTRE_CASEWORKER, team="North")
    other = make_user(Role.CENTRE_CASEWORKER, team="South")
    for lead, n in ((mine, 2), (colleague, 1), (other, 3)):
        for _ in range(n):
            open_procedure(caseworker=lead)
    closed, _ = open_procedure(caseworker=mine)
    Procedure.objects.filter(pk=closed.pk).update(status=Procedure.Status.TERMINATED)
    by_lead = lambda user: [(r["lead_caseworker"], r["name"], r["count"])  # noqa: E731
                            for r in selectors.caseload(user=user)]
    assert by_lead(mine) == [(mine.pk, mine.username, 2), (colleague.pk, colleague.username, 1)]
    assert by_lead(make_user(Role.CENTRE_MANAGER)) == [
        (other.pk, other.username, 3), (mine.pk, mine.username, 2),
        (colleague.pk, colleague.username, 1)]
    other.first_name, other.last_name = "Ana", "Petrović"
    other.save()
    client.force_login(other)
    page = client.get(reverse("work-queue")).content.decode()
    assert f'?caseworker={other.pk}">Ana Petrović</a>: 3' in page


DAY = datetime.timedelta(days=1)


def test_the_queue_is_triaged_by_urgency_and_sorted_in_the_address(client, make_user,
                                                                   open_procedure):
    from atis.identification.models import Procedure

    manager = make_user(Role.CENTRE_MANAGER)
    caseworker = make_user(Role.CENTRE_CASEWORKER)
    child, _ = open_procedure(caseworker=caseworker)
    foreign, _ = open_procedure(caseworker=caseworker)
    plain, _ = open_procedure(caseworker=caseworker)
    day = timezone.localdate()
    Procedure.objects.filter(pk=child.pk).update(is_child=True, target_date=day + DAY * 20)
    Procedure.objects.filter(pk=foreign.pk).update(is_foreign=True, target_date=day + DAY * 10)
    Procedure.objects.filter(pk=plain.pk).update(target_date=day + DAY * 15)
    client.force_login(manager)

    def rows(query=""):
        page = client.get(reverse("work-queue") + query)
        assert page.status_code == 200
        return [p.pk for p in page.context["page"]]

    assert rows("?urgency=child") == [child.pk]
    assert rows("?urgency=child&urgency=foreign") == []
    assert rows("?sort=due") == [foreign.pk, plain.pk, child.pk]
    assert rows("?sort=-due") == [child.pk, plain.pk, foreign.pk]
    header = client.get(reverse("work-queue") + "?sort=due&urgency=foreign").content.decode()
    assert ('aria-sort="ascending"><a class="govuk-link atis-sort" '
            'href="?urgency=foreign&amp;sort=-due"') in header
    # A filter the form refuses is said on the page; the list stays whole.
    refused = client.get(reverse("work-queue") + "?urgency=nonsense")
    assert refused.status_code == 200 and len(refused.context["page"]) == 3
    assert "govuk-error-message" in refused.content.decode()


def test_an_alert_marked_sent_in_the_future_is_refused_and_its_form_stays_open(
        client, open_procedure, org):
    procedure, caseworker = open_procedure()
    alert = procedure.alerts.get(recipient="police")
    client.force_login(caseworker)
    url = reverse("procedure-alert-sent", args=[procedure.pk, alert.pk])
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    police = org("pu-novi-sad")
    refused = client.post(url, {"organisation": police.pk, "channel": "e-mail", "sent_at": future})
    page = refused.content.decode()
    assert refused.status_code == 400
    assert f'id="alert-{alert.pk}" open' in page and "govuk-error-summary" in page
    assert f'value="{future}"' in page and 'value="e-mail"' in page
    alert.refresh_from_db()
    assert alert.sent_at is None
    client.post(url, {"organisation": police.pk, "channel": "e-mail",
                      "sent_at": timezone.localdate().isoformat()})
    alert.refresh_from_db()
    assert alert.sent_at is not None and alert.organisation == police
    assert f'id="alert-{alert.pk}"' not in client.get(
        reverse("procedure-detail", args=[procedure.pk])).content.decode()
