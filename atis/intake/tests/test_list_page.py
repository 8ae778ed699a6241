"""The report list page: filters and order in the address, refused filters said on the page."""

import datetime

from django.urls import reverse
from django.utils import timezone

from atis.core.roles import Role

DAY = datetime.timedelta(days=1)


def test_the_centre_filters_reports_by_the_day_received_and_sorts_them(client, make_user,
                                                                        submit_report):
    today = timezone.localdate()
    old, recent, new = (submit_report(received_at=today - DAY * n) for n in (30, 10, 1))
    client.force_login(make_user(Role.CENTRE_CASEWORKER))

    def references(query):
        response = client.get(reverse("report-list") + query)
        assert response.status_code == 200
        return [r.reference for r in response.context["page"]]

    assert references("") == [new.reference, recent.reference, old.reference]
    assert references("?sort=received") == [old.reference, recent.reference, new.reference]
    since = (today - DAY * 15).isoformat()
    assert references(f"?received_from={since}") == [new.reference, recent.reference]
    until = (today - DAY * 10).isoformat()
    assert references(f"?received_from={since}&received_to={until}") == [recent.reference]
    refused = client.get(reverse("report-list") + "?received_from=yesterday")
    page = refused.content.decode()
    assert len(refused.context["page"]) == 3 and "govuk-error-message" in page
    assert 'value="yesterday"' in page  # what was typed is kept


def test_a_reporter_sorts_only_their_own_reports(client, make_user, submit_report):
    reporter = make_user(Role.REPORTER, "pu-novi-sad")
    mine = submit_report(actor=reporter)
    submit_report()
    client.force_login(reporter)
    response = client.get(reverse("report-list") + "?sort=-persons")
    assert [r.reference for r in response.context["page"]] == [mine.reference]
