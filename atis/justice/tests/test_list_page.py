"""The list of criminal cases: filters and order in the address."""

import datetime

from django.urls import reverse

from atis.justice import services


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
