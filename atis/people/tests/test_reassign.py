"""Transferring a case between the Centre's caseworkers and teams (issue 14, item 5): only
a Centre manager may; the current assignments end and stay as history; the new assignee
(or each member of the team) is notified; the audit trail names ids, never names or the
reason; refused input changes nothing, on the page and over the API."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from atis.audit.models import AuditEntry
from atis.core.errors import AccessDenied, DomainError
from atis.core.models import Organisation, Team
from atis.core.roles import Role
from atis.people import selectors, services
from atis.people.models import AssignmentNotice, CaseAssignment

REASON = "Workload: the caseworker takes over the Novi Sad cases."
NOT_ALLOWED = [Role.CENTRE_CASEWORKER, Role.PARTNER_CASEWORKER, Role.SHELTER_STAFF,
               Role.POLICE_OFFICER, Role.ADMIN]


def _named(user, first, last):
    user.first_name, user.last_name = first, last
    user.save(update_fields=["first_name", "last_name"])
    return user


@pytest.fixture
def centre(make_user, make_person):
    """A manager, the caseworker who holds the person's case and a second caseworker."""
    manager = _named(make_user(Role.CENTRE_MANAGER, username="manager"), "Vesna", "Marić")
    holder = _named(make_user(Role.CENTRE_CASEWORKER, username="holder"), "Jelena", "Ilić")
    other = _named(make_user(Role.CENTRE_CASEWORKER, username="other"), "Marko", "Petrović")
    person = make_person(actor=holder)
    return {"manager": manager, "holder": holder, "other": other, "person": person}


def _state(person) -> tuple:
    """Everything a refused transfer must leave as it was."""
    return (list(CaseAssignment.objects.filter(person=person).order_by("pk")
                 .values_list("pk", "user_id", "team_id", "active", "ended_at", "ended_by_id")),
            AssignmentNotice.objects.count(),
            AuditEntry.objects.filter(action="person.reassign").count())


# --- the service ----------------------------------------------------------------------------

def test_reassigning_ends_the_current_assignment_and_keeps_it_as_history(centre):
    person, manager = centre["person"], centre["manager"]
    [before] = CaseAssignment.objects.filter(person=person)
    done = services.case_reassign(actor=manager, person=person, user=centre["other"],
                                  reason=REASON)
    before.refresh_from_db()
    assert (before.active, before.ended_by, before.ended_at) == (False, manager,
                                                                 done.assignment.assigned_at)
    assert done.ended == [before]
    new = CaseAssignment.objects.get(person=person, active=True)
    assert (new.user, new.assigned_by, new.reason) == (centre["other"], manager, REASON)
    assert CaseAssignment.objects.filter(person=person).count() == 2
    history = list(selectors.assignment_history(user=manager, person=person))
    assert history == [new, before]


def test_the_case_moves_to_the_new_caseworkers_caseload(centre):
    person = centre["person"]
    services.case_reassign(actor=centre["manager"], person=person, user=centre["other"],
                           reason=REASON)
    assert selectors.person_list(user=centre["other"]).filter(pk=person.pk).exists()
    assert not selectors.person_list(user=centre["holder"]).filter(pk=person.pk).exists()


def test_the_new_caseworker_is_notified_until_they_open_the_case(centre, client):
    person, other = centre["person"], centre["other"]
    done = services.case_reassign(actor=centre["manager"], person=person, user=other,
                                  reason=REASON)
    assert done.notified == 1
    [notice] = AssignmentNotice.objects.all()
    assert (notice.user, notice.assignment, notice.read_at) == (other, done.assignment, None)
    assert list(selectors.assignment_notices(user=other)) == [notice]
    assert not selectors.assignment_notices(user=centre["holder"]).exists()

    client.force_login(other)
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Cases assigned to you" in dashboard
    assert reverse("person-detail", args=[person.pseudonym]) in dashboard
    client.get(reverse("person-detail", args=[person.pseudonym]))
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert not selectors.assignment_notices(user=other).exists()


def test_a_team_takes_the_case_and_each_member_is_notified_but_the_manager(centre,
                                                                           make_user):
    first = make_user(Role.CENTRE_CASEWORKER, team="Novi Sad")
    second = make_user(Role.CENTRE_CASEWORKER, team="Novi Sad")
    manager = make_user(Role.CENTRE_MANAGER, team="Novi Sad")
    team = Team.objects.get(name="Novi Sad")
    done = services.case_reassign(actor=manager, person=centre["person"], team=team,
                                  reason=REASON)
    assert (done.assignment.team, done.assignment.user, done.notified) == (team, None, 2)
    assert set(AssignmentNotice.objects.values_list("user", flat=True)) == {first.pk,
                                                                             second.pk}
    assert selectors.person_list(user=first).filter(pk=centre["person"].pk).exists()


def test_a_notice_of_a_case_transferred_again_is_withdrawn(centre, make_user):
    person, other = centre["person"], centre["other"]
    services.case_reassign(actor=centre["manager"], person=person, user=other, reason=REASON)
    services.case_reassign(actor=centre["manager"], person=person, user=centre["holder"],
                           reason="Back to the first caseworker.")
    assert not selectors.assignment_notices(user=other).exists()
    assert selectors.assignment_notices(user=centre["holder"]).count() == 1


def test_the_audit_entry_names_ids_never_names_nor_the_reason(centre):
    person, manager = centre["person"], centre["manager"]
    services.case_reassign(actor=manager, person=person, user=centre["other"], reason=REASON)
    entry = AuditEntry.objects.get(action="person.reassign")
    assert (entry.actor_id, entry.case_ref, entry.reason) == (manager.pk, person.pseudonym, "")
    assert entry.details == {
        "from": {"users": [centre["holder"].pk], "teams": []},
        "to": {"user": centre["other"].pk}, "reason_given": True, "notified": 1,
        "effective_on": timezone.localdate().isoformat()}
    text = str(entry.details)
    for secret in ("Novi Sad", "Petrović", "Ilić", "Jovanović", "other", "holder"):
        assert secret not in text


def test_the_reason_is_encrypted_at_rest(centre):
    done = services.case_reassign(actor=centre["manager"], person=centre["person"],
                                  user=centre["other"], reason=REASON)
    with connection.cursor() as cursor:
        cursor.execute("SELECT reason FROM people_caseassignment WHERE id = %s",
                       [done.assignment.pk])
        [stored] = cursor.fetchone()
    assert stored and "Novi Sad" not in stored


def test_an_earlier_effective_day_dates_the_change(centre, make_person):
    holder = centre["holder"]
    person = make_person(actor=holder)
    CaseAssignment.objects.filter(person=person).update(
        assigned_at=timezone.now() - datetime.timedelta(days=30))
    day = timezone.localdate() - datetime.timedelta(days=3)
    done = services.case_reassign(actor=centre["manager"], person=person,
                                  user=centre["other"], reason=REASON, effective_on=day)
    assert timezone.localtime(done.assignment.assigned_at).date() == day
    assert timezone.localtime(done.ended[0].ended_at).date() == day


@pytest.mark.parametrize("role", NOT_ALLOWED)
def test_only_a_centre_manager_may_transfer_a_case(centre, make_user, role):
    before = _state(centre["person"])
    with pytest.raises(AccessDenied):
        services.case_reassign(actor=make_user(role), person=centre["person"],
                               user=centre["other"], reason=REASON)
    assert _state(centre["person"]) == before


def _bad_input(centre, make_user, case):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    return {
        "no reason": ({"user": centre["other"], "reason": ""}, "reason"),
        "blank reason": ({"user": centre["other"], "reason": "   \n "}, "reason"),
        "too long a reason": ({"user": centre["other"], "reason": "x" * 1001}, "reason"),
        "same assignee": ({"user": centre["holder"], "reason": REASON}, "user"),
        "not Centre staff": ({"user": make_user(Role.POLICE_OFFICER), "reason": REASON},
                             "user"),
        "nobody": ({"reason": REASON}, "user"),
        "user and team": ({"user": centre["other"], "reason": REASON,
                           "team": Team.objects.create(organisation=centre["holder"]
                                                       .organisation, name="T")}, "user"),
        "another organisation's team": ({"team": Team.objects.create(
            organisation=Organisation.objects.get(code="atina"), name="T"),
            "reason": REASON}, "team"),
        "future date": ({"user": centre["other"], "reason": REASON,
                         "effective_on": tomorrow}, "effective_on"),
        "before the current assignment": ({"user": centre["other"], "reason": REASON,
                                           "effective_on": datetime.date(2001, 1, 1)},
                                          "effective_on"),
    }[case]


BAD = ["no reason", "blank reason", "too long a reason", "same assignee", "not Centre staff",
       "nobody", "user and team", "another organisation's team", "future date",
       "before the current assignment"]


@pytest.mark.parametrize("case", BAD)
def test_bad_input_is_refused_naming_the_field_and_changes_nothing(centre, make_user, case):
    kwargs, field = _bad_input(centre, make_user, case)
    before = _state(centre["person"])
    with pytest.raises(DomainError) as exc:
        services.case_reassign(actor=centre["manager"], person=centre["person"], **kwargs)
    assert field in exc.value.fields
    assert _state(centre["person"]) == before


def test_every_problem_is_named_at_once(centre):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(DomainError) as exc:
        services.case_reassign(actor=centre["manager"], person=centre["person"],
                               user=centre["holder"], reason="", effective_on=tomorrow)
    assert set(exc.value.fields) == {"user", "reason", "effective_on"}


def test_the_same_team_is_refused(centre, make_user):
    make_user(Role.CENTRE_CASEWORKER, team="Niš")
    team = Team.objects.get(name="Niš")
    services.case_reassign(actor=centre["manager"], person=centre["person"], team=team,
                           reason=REASON)
    with pytest.raises(DomainError) as exc:
        services.case_reassign(actor=centre["manager"], person=centre["person"], team=team,
                               reason=REASON)
    assert "team" in exc.value.fields


# --- the page -------------------------------------------------------------------------------

def _url(person):
    return reverse("person-reassign", args=[person.pseudonym])


@pytest.mark.parametrize("role", NOT_ALLOWED)
def test_the_page_is_refused_to_every_role_but_the_manager(client, centre, make_user, role):
    user = centre["holder"] if role == Role.CENTRE_CASEWORKER else make_user(role)
    client.force_login(user)
    url = _url(centre["person"])
    before = _state(centre["person"])
    assert client.get(url).status_code == 403
    assert client.post(url, {"user": centre["other"].pk, "reason": REASON}).status_code == 403
    assert _state(centre["person"]) == before


def test_an_anonymous_visitor_is_sent_to_sign_in(client, centre):
    response = client.get(_url(centre["person"]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_page_shows_the_current_assignee_and_the_history(client, centre):
    person, manager = centre["person"], centre["manager"]
    services.case_reassign(actor=manager, person=person, user=centre["other"], reason=REASON)
    client.force_login(manager)
    response = client.get(_url(person))
    assert response.status_code == 200
    content = response.content.decode()
    current = content.split('id="current-assignees"')[1].split("</dl>")[0]
    assert "Marko Petrović" in current and "Jelena Ilić" not in current
    history = content.split('id="assignment-history"')[1].split("</table>")[0]
    assert history.count("<tr class=\"govuk-table__row\" data-active") == 2
    assert "Jelena Ilić" in history and "Vesna Marić" in history and REASON in history
    assert response.context["breadcrumbs"][-1]["label"] == "Reassign the case"
    assert 'class="govuk-breadcrumbs"' in content
    # The caseworker select lists the Centre's staff by full name.
    assert ">Marko Petrović</option>" in content and ">Vesna Marić</option>" in content
    # The history showed a decrypted reason: that read is audited.
    assert AuditEntry.objects.filter(action="personal.read", actor_id=manager.pk,
                                     object_type="people.caseassignment").exists()


def test_the_effective_date_defaults_to_today(client, centre):
    client.force_login(centre["manager"])
    content = client.get(_url(centre["person"])).content.decode()
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in content


def test_a_manager_transfers_the_case_and_is_told_what_follows(client, centre):
    person = centre["person"]
    client.force_login(centre["manager"])
    response = client.post(_url(person), {"user": centre["other"].pk, "reason": REASON,
                                          "effective_on": f"{timezone.localdate():%Y-%m-%d}"})
    assert response.status_code == 302
    assert response["Location"] == reverse("person-detail", args=[person.pseudonym])
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message == (f"The case {person.pseudonym} is now assigned to Marko Petrović. "
                       "They have been notified and will find it on their dashboard.")
    assert CaseAssignment.objects.get(person=person, active=True).user == centre["other"]


def test_a_team_transfer_says_how_many_were_notified(client, centre, make_user):
    make_user(Role.CENTRE_CASEWORKER, team="Niš")
    make_user(Role.CENTRE_CASEWORKER, team="Niš")
    team = Team.objects.get(name="Niš")
    client.force_login(centre["manager"])
    response = client.post(_url(centre["person"]), {"team": team.pk, "reason": REASON},
                           follow=True)
    assert "assigned to the team Niš. Its 2 members have been notified" in \
        response.content.decode()


def _page_bad_input(centre, make_user, case):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    return {
        "no reason": ({"user": centre["other"].pk, "reason": ""}, "reason"),
        "same assignee": ({"user": centre["holder"].pk, "reason": REASON}, "user"),
        # Not among the choices: the form refuses it before the service sees it.
        "not Centre staff": ({"user": make_user(Role.POLICE_OFFICER).pk, "reason": REASON},
                             "user"),
        "future date": ({"user": centre["other"].pk, "reason": REASON,
                         "effective_on": f"{tomorrow:%Y-%m-%d}"}, "effective_on"),
    }[case]


@pytest.mark.parametrize("case", ["no reason", "same assignee", "not Centre staff",
                                  "future date"])
def test_the_page_shows_errors_keeps_the_input_and_changes_nothing(client, centre, make_user,
                                                                   case):
    data, field = _page_bad_input(centre, make_user, case)
    data.setdefault("effective_on", f"{timezone.localdate():%Y-%m-%d}")
    before = _state(centre["person"])
    client.force_login(centre["manager"])
    response = client.post(_url(centre["person"]), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    content = response.content.decode()
    assert 'class="govuk-error-summary"' in content
    assert f'href="#id_{field}"' in content
    assert "<title>Error:" in content
    if data["reason"]:
        assert f"{data['reason']}</textarea>" in content
    assert f'value="{data["effective_on"]}"' in content
    if case != "not Centre staff":
        assert f'<option value="{data["user"]}" selected>' in content
    assert _state(centre["person"]) == before


# --- the API --------------------------------------------------------------------------------

def _api_url(person):
    return reverse("api-person-reassign", args=[person.pseudonym])


def test_the_api_transfers_the_case(api_client_for, centre):
    person = centre["person"]
    response = api_client_for(centre["manager"]).post(
        _api_url(person), {"user": "other", "reason": REASON}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["pseudonym"] == person.pseudonym and body["notified"] == 1
    assert body["assignment"]["user"] == "other" and body["assignment"]["active"] is True
    assert [(a["user"], a["active"], a["ended_by"]) for a in body["ended"]] == [
        ("holder", False, "manager")]
    assert "reason" not in body["assignment"]


@pytest.mark.parametrize("role", NOT_ALLOWED)
def test_the_api_refuses_every_role_but_the_manager(api_client_for, centre, make_user, role):
    user = centre["holder"] if role == Role.CENTRE_CASEWORKER else make_user(role)
    before = _state(centre["person"])
    response = api_client_for(user).post(_api_url(centre["person"]),
                                         {"user": "other", "reason": REASON}, format="json")
    assert response.status_code == 403 and "detail" in response.json()
    assert _state(centre["person"]) == before


def test_the_api_refuses_anonymous_callers(api_client_for, centre):
    response = api_client_for().post(_api_url(centre["person"]), {}, format="json")
    assert response.status_code in (401, 403)


@pytest.mark.parametrize("body, field", [
    ({"user": "other"}, "reason"),
    ({"user": "other", "reason": "  "}, "reason"),
    ({"user": "holder", "reason": REASON}, "user"),
    ({"user": "nobody-by-that-name", "reason": REASON}, "user"),
    ({"reason": REASON}, "user"),
    ({"user": "other", "reason": REASON, "effective_on": "2999-01-01"}, "effective_on"),
    ({"user": "other", "reason": REASON, "effective_on": "yesterday"}, "effective_on"),
])
def test_bad_api_bodies_get_400_with_field_errors_and_change_nothing(api_client_for, centre,
                                                                      body, field):
    before = _state(centre["person"])
    response = api_client_for(centre["manager"]).post(_api_url(centre["person"]), body,
                                                      format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert _state(centre["person"]) == before


def test_the_api_refuses_a_police_officer_as_assignee(api_client_for, centre, make_user):
    make_user(Role.POLICE_OFFICER, username="officer")
    before = _state(centre["person"])
    response = api_client_for(centre["manager"]).post(
        _api_url(centre["person"]), {"user": "officer", "reason": REASON}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["user"] == ["Cases can be assigned only to the Centre's "
                                                 "staff."]
    assert _state(centre["person"]) == before


def test_an_unknown_person_is_not_found(api_client_for, centre):
    response = api_client_for(centre["manager"]).post(
        reverse("api-person-reassign", args=["V-1999-9999"]),
        {"user": "other", "reason": REASON}, format="json")
    assert response.status_code == 404
