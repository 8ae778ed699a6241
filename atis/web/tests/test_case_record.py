"""The case record: one page per person, each app's section for those who may see it, the
flags in the summary and one timeline of everything, newest first."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from atis.core import record
from atis.core.roles import Role

pytestmark = pytest.mark.django_db


def _tabs(html: str) -> list[str]:
    return re.findall(r'class="govuk-tabs__tab" href="#([a-z]+)"', html)


def test_the_caseworker_sees_every_section_of_a_case_with_a_criminal_case(client, criminal_case):
    case, _defendant, procedure, caseworker, _police = criminal_case
    client.force_login(caseworker)
    html = client.get(reverse("person-detail", args=[procedure.person.pseudonym])).content.decode()
    assert _tabs(html) == ["summary", "reports", "identification", "justice", "timeline"]
    assert reverse("procedure-detail", args=[procedure.pk]) in html
    assert reverse("case-page", args=[case.pk]) in html
    assert f"Report {procedure.report.reference} received" in html


def test_the_timeline_holds_every_section_newest_first(criminal_case):
    _case, _defendant, procedure, caseworker, _police = criminal_case
    sections = record.sections_for(caseworker, procedure.person)
    events = record.timeline(sections)
    assert {event["section"] for event in events} >= {"Reports", "Identification"}
    days = [event["on"] for event in events]
    assert days == sorted(days, reverse=True)


def test_flags_name_a_child_and_an_overdue_procedure(client, open_procedure):
    child_born = timezone.localdate().year - 10
    procedure, caseworker = open_procedure(persons=[{"sex": "female", "birth_year": child_born,
                                                     "citizenships": ["RS"]}])
    procedure.__class__.objects.filter(pk=procedure.pk).update(target_date="2000-01-01")
    client.force_login(caseworker)
    flags = re.search(r'<p class="govuk-body" id="flags">(.*?)</p>', client.get(
        reverse("person-detail", args=[procedure.person.pseudonym])).content.decode()).group(1)
    assert "child" in flags and "overdue" in flags and "foreign national" not in flags


def test_a_role_sees_only_its_sections(client, criminal_case, make_user):
    _case, _defendant, procedure, _caseworker, _police = criminal_case
    manager = make_user(Role.CENTRE_MANAGER)
    client.force_login(manager)
    html = client.get(reverse("person-detail", args=[procedure.person.pseudonym])).content.decode()
    assert "justice" in _tabs(html)
    assert reverse("person-reassign", args=[procedure.person.pseudonym]) in html
    other = make_user(Role.CENTRE_CASEWORKER)
    client.force_login(other)   # not their case: no page at all
    assert client.get(reverse("person-detail", args=[procedure.person.pseudonym])).status_code == 404
    client.force_login(make_user(Role.SHELTER_STAFF))   # not a resident: no page either
    assert client.get(reverse("person-detail", args=[procedure.person.pseudonym])).status_code == 404


def test_the_caseworker_is_not_offered_the_reassignment(client, criminal_case):
    _case, _defendant, procedure, caseworker, _police = criminal_case
    client.force_login(caseworker)
    html = client.get(reverse("person-detail", args=[procedure.person.pseudonym])).content.decode()
    assert reverse("person-reassign", args=[procedure.person.pseudonym]) not in html
