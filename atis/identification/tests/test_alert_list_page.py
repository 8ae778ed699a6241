"""A recipient's alerts inbox: filters and order in the address, within its own alerts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from atis.core.roles import Role
from atis.identification import services

ADULT = {"sex": "female", "birth_year": 1990, "citizenships": ["RS"]}
DAY = datetime.timedelta(days=1)


@pytest.fixture
def alerts(open_procedure, make_user):
    """The police alerts about a child (sent 5 days ago), a foreign national (3 days ago,
    particular urgency) and an adult national (yesterday) sent to Novi Sad, and one not
    sent yet: {name: pseudonym}, the sent times, and `rows(user, query)`."""
    now = timezone.now()
    caseworker = make_user(Role.CENTRE_CASEWORKER)
    persons = {"child": ({**ADULT, "birth_year": now.year - 15}, 5),
               "foreign": ({**ADULT, "citizenships": ["NG"]}, 3),
               "adult": (ADULT, 1), "unsent": (ADULT, None)}
    pseudonyms, sent = {}, {}
    for name, (person, days_ago) in persons.items():
        procedure, _ = open_procedure(caseworker=caseworker, persons=[person],
                                      received_at=now - DAY * 6)
        pseudonyms[procedure.person.pseudonym] = name
        if days_ago:
            alert = services.alert_mark_sent(actor=caseworker,
                                             alert=procedure.alerts.get(recipient="police"),
                                             sent_at=now - DAY * days_ago)
            sent[name] = alert.sent_at

    def listed(user, client, query=""):
        client.force_login(user)
        response = client.get(reverse("alert-inbox") + query)
        assert response.status_code == 200
        return [pseudonyms[a.procedure.person.pseudonym] for a in response.context["page"]]

    return {"rows": listed, "sent": sent, "names": {v: k for k, v in pseudonyms.items()},
            "police": make_user(Role.POLICE_OFFICER, "pu-novi-sad"),
            "elsewhere": make_user(Role.POLICE_OFFICER, "pu-nis")}


def day(moment) -> str:
    return timezone.localtime(moment).date().isoformat()


def test_alerts_are_narrowed_to_children_urgency_and_the_day_sent(client, alerts):
    rows, police, sent = alerts["rows"], alerts["police"], alerts["sent"]
    assert rows(police, client) == ["adult", "foreign", "child"]
    assert rows(police, client, "?urgency=child") == ["child"]
    assert rows(police, client, "?urgency=urgent") == ["foreign", "child"]
    assert rows(police, client, "?urgency=child&urgency=urgent") == ["child"]
    assert rows(police, client, f"?sent_from={day(sent['foreign'])}") == ["adult", "foreign"]
    assert rows(police, client, f"?sent_to={day(sent['foreign'])}") == ["foreign", "child"]


def test_alerts_sort_by_sent_and_person_both_ways(client, alerts):
    rows, police = alerts["rows"], alerts["police"]
    assert rows(police, client, "?sort=sent") == ["child", "foreign", "adult"]
    assert rows(police, client, "?sort=-sent") == ["adult", "foreign", "child"]
    by_person = sorted(["child", "foreign", "adult"], key=alerts["names"].get)
    assert rows(police, client, "?sort=person") == by_person
    assert rows(police, client, "?sort=-person") == by_person[::-1]
    header = client.get(reverse("alert-inbox") + "?sort=sent&urgency=child").content.decode()
    assert ('aria-sort="ascending"><a class="govuk-link atis-sort" '
            'href="?urgency=child&amp;sort=-sent"') in header


@pytest.mark.parametrize("query", ["?sent_from=soon", "?urgency=foreign"])
def test_a_refused_filter_keeps_the_whole_list_and_says_why(client, alerts, query):
    assert alerts["rows"](alerts["police"], client, query) == ["adult", "foreign", "child"]
    content = client.get(reverse("alert-inbox") + query).content.decode()
    assert "govuk-error-message" in content
    if "soon" in query:
        assert 'value="soon"' in content


def test_filters_and_order_stay_within_the_organisations_alerts(client, alerts):
    assert alerts["rows"](alerts["elsewhere"], client, "?urgency=child&sort=person") == []
    assert "unsent" not in alerts["rows"](alerts["police"], client, "?sort=person")
