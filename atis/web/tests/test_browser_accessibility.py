"""Every role's pages pass axe-core (no critical or serious violation) and fit a 360 px wide
phone without horizontal scrolling. The pages are those a crawl of the access world finds
for the role (crawler.py): one page of each kind (path pattern), the first PAGES_PER_ROLE
kinds in breadth-first order, so the menu's pages and the records they list come first."""

import pytest

from atis.core.roles import Role
from atis.web.tests.access_world import build_world
from atis.web.tests.crawler import crawl, pattern

PAGES_PER_ROLE = 12
PHONE = {"width": 360, "height": 800}


@pytest.fixture
def world(make_user):
    return build_world(lambda role, org_code=None, *, username: make_user(
        role, org_code, username=username))


def test_every_role_s_pages_pass_axe_and_fit_a_phone(page, world, axe_violations,
                                                     browser_sign_in_as):
    page.set_viewport_size(PHONE)
    problems = []
    for role in Role:
        user = world["users"][role]
        client = browser_sign_in_as(user)
        kinds = {}
        for url in crawl(client, staff=user.is_staff).pages:
            kinds.setdefault(pattern(url.partition("?")[0]), url)
        pages = list(kinds.values())[:PAGES_PER_ROLE]
        assert pages, role
        for url in pages:
            page.goto(url)
            for rule, impact, targets in axe_violations(page):
                problems.append(f"{role} {url}: {impact} {rule} {targets[:3]}")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                problems.append(f"{role} {url}: {width} px wide at {PHONE['width']} px")
    assert not problems, "\n".join(problems)
