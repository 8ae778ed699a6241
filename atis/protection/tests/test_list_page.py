"""A partner's task inbox: filters and order in the address, within what the role sees."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from atis.core.roles import Role
from atis.protection.models import Consent, PlanTask, ProtectionPlan

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def inbox(victim, make_user, org):
    """Two persons whose plans give Atina three open tasks (one overdue), one done, and
    the Centre one: {name: task}, the users, and `rows(user, query)` (the listed names)."""
    manager = make_user(Role.CENTRE_MANAGER)
    plans = []
    for _ in range(2):
        person, _cw = victim()
        plans.append(ProtectionPlan.objects.create(person=person, started_on=TODAY,
                                                   review_due=TODAY, created_by=manager))
        Consent.objects.create(person=person, organisation=org("atina"), given_on=TODAY,
                               recorded_by=manager)
    first, second = plans
    rows = {"late": (first, "atina", "safety", TODAY - DAY * 3, "planned"),
            "started": (second, "atina", "health_care", TODAY + DAY * 5, "in_progress"),
            "later": (first, "atina", "education", TODAY + DAY * 20, "planned"),
            "done": (second, "atina", "safety", TODAY + DAY, "done"),
            "centres": (first, "centre", "safety", TODAY + DAY * 2, "planned")}
    tasks = {name: PlanTask.objects.create(plan=plan, organisation=org(code), area=area,
                                           goal="Goal", due_on=due, status=status)
             for name, (plan, code, area, due, status) in rows.items()}
    names = {task.pk: name for name, task in tasks.items()}

    def listed(user, client, query=""):
        client.force_login(user)
        response = client.get(reverse("task-inbox") + query)
        assert response.status_code == 200
        return [names[task.pk] for task in response.context["page"]]

    return {"tasks": tasks, "rows": listed, "manager": manager,
            "partner": make_user(Role.PARTNER_CASEWORKER, "atina"),
            "other": make_user(Role.PARTNER_CASEWORKER, "astra")}


def test_the_partner_narrows_its_tasks_by_overdue_status_area_and_deadline(client, inbox):
    rows, partner = inbox["rows"], inbox["partner"]
    assert rows(partner, client) == ["late", "started", "later"]
    assert rows(partner, client, "?overdue=1") == ["late"]
    assert rows(partner, client, "?status=in_progress") == ["started"]
    assert rows(partner, client, "?area=education") == ["later"]
    assert rows(partner, client, f"?due_from={TODAY.isoformat()}") == ["started", "later"]
    assert rows(partner, client, f"?due_to={(TODAY + DAY * 5).isoformat()}") == ["late", "started"]
    assert rows(partner, client, "?status=planned&area=safety") == ["late"]


def test_the_overdue_box_sends_what_the_old_link_did(client, inbox):
    client.force_login(inbox["partner"])
    content = client.get(reverse("task-inbox") + "?overdue=1").content.decode()
    assert ('<input type="checkbox" name="overdue" value="1" class="govuk-checkboxes__input" '
            'id="id_overdue" checked>') in content


def test_the_tasks_sort_by_each_column_both_ways(client, inbox):
    rows, partner, tasks = inbox["rows"], inbox["partner"], inbox["tasks"]
    by_person = sorted(["late", "started", "later"],
                       key=lambda n: (tasks[n].plan.person.pseudonym, tasks[n].due_on))
    assert rows(partner, client, "?sort=person") == by_person
    assert rows(partner, client, "?sort=-person")[0] == by_person[-1]
    assert rows(partner, client, "?sort=-deadline") == ["later", "started", "late"]
    assert rows(partner, client, "?sort=deadline") == ["late", "started", "later"]
    assert rows(partner, client, "?sort=area") == ["later", "started", "late"]
    assert rows(partner, client, "?sort=-area") == ["late", "started", "later"]
    assert rows(partner, client, "?sort=status") == ["started", "late", "later"]
    assert rows(partner, client, "?sort=-status") == ["late", "later", "started"]
    header = client.get(reverse("task-inbox") + "?sort=area&overdue=1").content.decode()
    assert ('aria-sort="ascending"><a class="govuk-link atis-sort" '
            'href="?overdue=1&amp;sort=-area"') in header


@pytest.mark.parametrize("query", ["?due_to=soon", "?status=done", "?area=magic"])
def test_a_refused_filter_keeps_the_whole_list_and_says_why(client, inbox, query):
    rows, partner = inbox["rows"], inbox["partner"]
    assert rows(partner, client, query) == ["late", "started", "later"]
    content = client.get(reverse("task-inbox") + query).content.decode()
    assert "govuk-error-message" in content
    if "soon" in query:
        assert 'value="soon"' in content


def test_filters_and_order_stay_within_what_the_role_sees(client, inbox):
    rows = inbox["rows"]
    assert rows(inbox["partner"], client, "?area=safety&sort=-deadline") == ["late"]
    assert rows(inbox["manager"], client, "?area=safety&sort=-deadline") == ["centres", "late"]
    assert rows(inbox["manager"], client, "?overdue=1") == ["late"]
    assert rows(inbox["other"], client, "?area=safety") == []
