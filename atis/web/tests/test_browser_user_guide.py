"""The pages each role's user guide shows, in a real browser on `make demo`'s data: each
answers, passes axe-core and is photographed. `make screenshots` writes the photographs
to docs/user-guide/screenshots/ (ATIS_SCREENSHOTS), where the guides show them; a plain
test run writes them to a temporary directory. A guide that shows a page no longer taken,
or a page taken but not shown, fails test_every_guide_shows_its_role_s_pages."""

import os
import re
from pathlib import Path

import pytest
from django.urls import reverse

from atis.core.demo import DEMO_USERS
from atis.core.models import User

GUIDES = Path(__file__).resolve().parents[3] / "docs" / "user-guide"
DESKTOP, PHONE = {"width": 1024, "height": 768}, {"width": 360, "height": 740}


def _first(model_path: str, value: str, **where) -> str:
    from django.apps import apps

    return apps.get_model(model_path).objects.filter(**where).order_by("pk").values_list(
        value, flat=True).first()


# demo username → [(name, the page's address on the demo data, viewport)]
SHOTS = {
    "reporter": [("report-form", lambda: reverse("report-create"), DESKTOP),
                 ("report-form-phone", lambda: reverse("report-create"), PHONE)],
    "hotline": [("hotline", lambda: reverse("hotline"), DESKTOP)],
    "caseworker": [
        ("work-queue", lambda: reverse("work-queue"), DESKTOP),
        ("work-queue-phone", lambda: reverse("work-queue"), PHONE),
        ("case-record", lambda: reverse("person-detail", args=[_first(
            "protection.ProtectionPlan", "person__pseudonym")]), DESKTOP),
        ("procedure", lambda: reverse("procedure-detail", args=[_first(
            "identification.Procedure", "pk", status="open", is_child=True)]), DESKTOP)],
    "manager": [
        ("approval", lambda: reverse("procedure-detail", args=[_first(
            "identification.Procedure", "pk", status="awaiting_approval")]), DESKTOP),
        ("reassign", lambda: reverse("person-reassign", args=[_first(
            "identification.Procedure", "person__pseudonym", status="open")]), DESKTOP),
        ("releases", lambda: reverse("statistics-releases"), DESKTOP)],
    "shelter": [("shelter", lambda: reverse("shelter"), DESKTOP)],
    "partner": [("tasks", lambda: reverse("task-inbox"), DESKTOP)],
    "police": [("criminal-case", lambda: reverse("case-page", args=[_first(
        "justice.CriminalCase", "pk")]), DESKTOP)],
    "prosecutor": [("criminal-cases", lambda: reverse("case-list"), DESKTOP)],
    "court": [("notifications", lambda: reverse("justice-inbox"), DESKTOP)],
    "coordinator": [("statistics", lambda: reverse("statistics-internal"), DESKTOP)],
    "rapporteur": [("monitoring", lambda: reverse("monitoring"), DESKTOP),
                   ("campaigns", lambda: reverse("campaigns"), DESKTOP)],
    "admin": [("dashboard", lambda: reverse("dashboard"), DESKTOP),
              ("users", lambda: reverse("admin-users"), DESKTOP)],
}


def _guide(username: str) -> Path:
    return GUIDES / f"{DEMO_USERS[username][1]}.md"


def _file(username: str, name: str) -> str:
    return f"{username}-{name}.png"


def test_every_guide_shows_its_role_s_pages():
    """Each role's guide shows exactly the screenshots this test module takes for it."""
    assert set(SHOTS) == set(DEMO_USERS)
    for username, shots in SHOTS.items():
        shown = set(re.findall(r"\(screenshots/([\w.-]+\.png)\)", _guide(username).read_text()))
        assert shown == {_file(username, name) for name, _url, _size in shots}, username


@pytest.mark.browser
def test_each_role_s_guide_pages_answer_pass_axe_and_are_photographed(
        page, demo_data, browser_sign_in_as, axe_violations, tmp_path):
    target = Path(os.environ.get("ATIS_SCREENSHOTS") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    problems = []
    for username, shots in SHOTS.items():
        browser_sign_in_as(User.objects.get(username=username))
        for name, url, size in shots:
            page.set_viewport_size(size)
            response = page.goto(url())
            assert response.ok, (username, name, response.status)
            problems += [f"{username} {name}: {impact} {rule} {targets[:3]}"
                         for rule, impact, targets in axe_violations(page)]
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > size["width"]:
                problems.append(f"{username} {name}: {width} px wide at {size['width']} px")
            page.screenshot(path=target / _file(username, name))
    assert not problems, "\n".join(problems)
    assert len(list(target.glob("*.png"))) == sum(len(shots) for shots in SHOTS.values())
