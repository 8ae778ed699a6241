"""The justice track's lists (criminal cases, notifications, international legal
assistance): filters and order in the address."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from atis.core.roles import Role
from atis.justice import services
from atis.justice.models import Notification, ProceedingEvent, RiskAssessment


def test_cases_are_found_by_number_and_filing_day_and_sorted(client, criminal_case):
    case, _, _, _, police = criminal_case
    other = services.case_open(actor=police, offences=["art388_1"], police_number="KU-77/26",
                               opened_on=case.opened_on - datetime.timedelta(days=60),
                               prosecutor_office=case.prosecutor_office)
    client.force_login(police)

    def references(query):
        response = client.get(reverse("case-list") + query)
        assert response.status_code == 200
        return [c.reference for c in response.context["page"]]

    assert references("") == [case.reference, other.reference]
    assert references("?sort=filed") == [other.reference, case.reference]
    assert references("?number=ku-77") == [other.reference]
    since = (case.opened_on - datetime.timedelta(days=30)).isoformat()
    assert references(f"?opened_from={since}") == [case.reference]
    refused = client.get(reverse("case-list") + "?opened_to=soon")
    assert len(refused.context["page"]) == 2
    assert "govuk-error-message" in refused.content.decode()


def _listed(client, name, query=""):
    response = client.get(reverse(name) + query)
    assert response.status_code == 200
    return [row.pk for row in response.context["page"]]


@pytest.fixture
def inbox(criminal_case, org):
    """Notifications of the caseworker: `unread` (a hearing, 3 days ago, overdue), `read`
    (a detention, 2 days ago) and `acted` (a hearing, yesterday); and `partner`, addressed
    to an association, which the caseworker never sees."""
    case, _defendant, procedure, caseworker, police = criminal_case
    now = timezone.now()

    def notify(kind, days_ago, **kwargs):
        event = ProceedingEvent.objects.create(case=case, kind=kind, on=timezone.localdate(),
                                               recorded_by=police,
                                               recorded_by_organisation=police.organisation)
        kwargs.setdefault("user", caseworker)
        kwargs.setdefault("acknowledge_by", now + datetime.timedelta(days=1))
        return Notification.objects.create(event=event, person=procedure.person,
                                           created_at=now - datetime.timedelta(days=days_ago),
                                           **kwargs)

    found = {"unread": notify("hearing", 3, acknowledge_by=now - datetime.timedelta(hours=1)),
             "read": notify("detention_ordered", 2, read_at=now),
             "acted": notify("hearing", 1, read_at=now, acted_at=now),
             "partner": notify("hearing", 0, user=None, organisation=org("atina"))}
    return {name: n.pk for name, n in found.items()} | {"caseworker": caseworker}


def test_notifications_are_filtered_and_sorted_within_what_the_user_sees(client, inbox):
    unread, read, acted = inbox["unread"], inbox["read"], inbox["acted"]
    client.force_login(inbox["caseworker"])
    assert _listed(client, "justice-inbox") == [acted, read, unread]
    assert _listed(client, "justice-inbox", "?sort=received") == [unread, read, acted]
    assert _listed(client, "justice-inbox", "?sort=-received") == [acted, read, unread]
    assert _listed(client, "justice-inbox", "?status=unread") == [unread]
    assert _listed(client, "justice-inbox", "?status=read") == [read]
    assert _listed(client, "justice-inbox", "?status=acted") == [acted]
    assert _listed(client, "justice-inbox", "?kind=hearing&sort=received") == [unread, acted]
    assert _listed(client, "justice-inbox", "?overdue=1") == [unread]
    day = (timezone.localdate() - datetime.timedelta(days=2)).isoformat()
    assert _listed(client, "justice-inbox", f"?received_from={day}") == [acted, read]
    assert _listed(client, "justice-inbox", f"?received_to={day}") == [read, unread]
    refused = client.get(reverse("justice-inbox") + "?received_from=soon&status=read")
    assert [n.pk for n in refused.context["page"]] == [acted, read, unread]
    content = refused.content.decode()
    assert "govuk-error-message" in content and 'value="soon"' in content
    # The filters have ids of their own: the flag form below has a `kind` too.
    assert 'id="filter_kind"' in content and content.count('id="id_kind"') == 1
    assert inbox["partner"] not in _listed(client, "justice-inbox", "?kind=hearing&sort=-received")


def test_the_inbox_marks_assesses_and_flags_from_a_filtered_list(client, inbox, org):
    client.force_login(inbox["caseworker"])
    url = reverse("justice-inbox") + "?status=unread"
    response = client.post(url, {"action": "mark", "notification": inbox["unread"], "acted": "0"})
    assert response.status_code == 302
    assert Notification.objects.get(pk=inbox["unread"]).read_at is not None
    assert _listed(client, "justice-inbox", "?status=unread") == []
    assert client.post(url, {"action": "mark", "notification": inbox["partner"]}).status_code == 404
    notification = Notification.objects.get(pk=inbox["read"])
    assessment = RiskAssessment.objects.create(person=notification.person, event=notification.event,
                                               organisation=org("centre"), due_on=timezone.localdate())
    response = client.post(url, {"action": "risk", "assessment": assessment.pk, "level": "low",
                                 "outcome": "Safe housing arranged.",
                                 "assessed_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.completed_at is not None
    refused = client.post(url, {"action": "flag", "person": "", "kind": "misdemeanour",
                                "flagged_on": timezone.localdate().isoformat()})
    assert refused.status_code == 200 and refused.context["flag_form"].errors
    assert refused.context["filter"].form["status"].value() == "unread"


def test_a_partner_sees_only_its_organisations_notifications(client, inbox, make_user):
    client.force_login(make_user(Role.PARTNER_CASEWORKER, "atina"))
    assert _listed(client, "justice-inbox", "?kind=hearing&sort=received") == [inbox["partner"]]
    assert _listed(client, "justice-inbox", "?status=acted") == []


@pytest.fixture
def requests_(make_user):
    """Legal assistance requests of a prosecutor: `swiss` (outbound extradition, 30 days
    ago, met), `german` (inbound, general, 20 days ago, pending) and `croatian` (outbound,
    transfer, 10 days ago, not met)."""
    prosecutor = make_user(Role.PROSECUTOR)
    today = timezone.localdate()

    def record(direction, type_, country, days_ago, outcome=None):
        request = services.legal_assistance_record(
            actor=prosecutor, direction=direction, type=type_, country=country,
            requested_on=today - datetime.timedelta(days=days_ago))
        if outcome:
            services.legal_assistance_outcome(actor=prosecutor, request=request,
                                              outcome=outcome, on=today)
        return request.pk

    return {"swiss": record("outbound", "extradition", "CH", 30, "met"),
            "german": record("inbound", "general", "DE", 20),
            "croatian": record("outbound", "transfer", "HR", 10, "not_met"),
            "prosecutor": prosecutor}


def test_legal_assistance_is_filtered_and_sorted(client, requests_, make_user):
    swiss, german, croatian = requests_["swiss"], requests_["german"], requests_["croatian"]
    client.force_login(make_user(Role.CENTRE_MANAGER))
    name = "legal-assistance"
    assert _listed(client, name) == [croatian, german, swiss]
    assert _listed(client, name, "?sort=requested") == [swiss, german, croatian]
    assert _listed(client, name, "?sort=-requested") == [croatian, german, swiss]
    assert _listed(client, name, "?sort=country") == [croatian, german, swiss]  # by name
    assert _listed(client, name, "?sort=-country") == [swiss, german, croatian]
    assert _listed(client, name, "?sort=outcome") == [swiss, croatian, german]  # met, not met, pending
    assert _listed(client, name, "?sort=-outcome") == [german, croatian, swiss]
    assert _listed(client, name, "?direction=outbound") == [croatian, swiss]
    assert _listed(client, name, "?type=general") == [german]
    assert _listed(client, name, "?outcome=pending") == [german]
    assert _listed(client, name, "?country=germ") == [german]
    assert _listed(client, name, "?country=ch") == [swiss]
    day = (timezone.localdate() - datetime.timedelta(days=20)).isoformat()
    assert _listed(client, name, f"?requested_from={day}") == [croatian, german]
    assert _listed(client, name, f"?requested_to={day}&sort=requested") == [swiss, german]
    refused = client.get(reverse(name) + "?requested_to=soon&outcome=met")
    assert [r.pk for r in refused.context["page"]] == [croatian, german, swiss]
    assert "govuk-error-message" in refused.content.decode()


def test_legal_assistance_records_from_a_filtered_list_and_stays_closed_to_others(
        client, requests_, make_user):
    client.force_login(requests_["prosecutor"])
    url = reverse("legal-assistance") + "?outcome=pending"
    content = client.get(url).content.decode()
    # The filters have ids of their own: the record form has a `country` and an `outcome`.
    assert 'id="filter_country"' in content and content.count('id="id_country"') == 1
    response = client.post(url, {"action": "outcome", "request": requests_["german"],
                                 "outcome": "met", "on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    assert _listed(client, "legal-assistance", "?outcome=pending") == []
    response = client.post(url, {"action": "request", "direction": "inbound", "type": "general",
                                 "country": "AT", "requested_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    assert len(_listed(client, "legal-assistance", "?country=AT")) == 1
    client.force_login(make_user(Role.POLICE_OFFICER))
    assert client.get(reverse("legal-assistance") + "?outcome=met&sort=country").status_code == 403
