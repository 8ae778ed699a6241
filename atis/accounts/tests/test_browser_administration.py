"""In the real browser: an administrator creates a user and asks for a role that sees
identities; a second administrator finds the request on their dashboard and approves it;
the new user signs in with the one-time password and must choose their own. Every page on
the way passes axe-core's checks (no serious or critical violation)."""

import pytest

from atis.core.models import AdminRequest, Organisation, User
from atis.core.roles import Role

pytestmark = pytest.mark.browser

ONE_TIME = "One-time-pass-phrase-31"
OWN = "My-own-password-of-2026"


def test_create_a_user_request_a_role_and_a_second_administrator_approves(
        page, browser, live_server, make_user, transactional_db, axe_violations, browser_login,
        browser_sign_out):
    first = make_user(Role.ADMIN, username="admin-ana")
    second = make_user(Role.ADMIN, username="admin-bojan")
    User.objects.filter(pk=first.pk).update(first_name="Ana", last_name="Admin")
    User.objects.filter(pk=second.pk).update(first_name="Bojan", last_name="Admin")
    centre = Organisation.objects.get(code="centre")

    # The first administrator: dashboard → users → create a user with an identity role.
    browser_login("admin-ana")
    assert axe_violations(page) == []
    page.click("a:has-text('Users')")
    page.wait_for_url("**/administration/users/")
    assert axe_violations(page) == []
    page.click("#create-user")
    page.wait_for_url("**/administration/users/new/")
    assert axe_violations(page) == []
    page.fill("#id_username", "mila.markovic")
    page.fill("#id_first_name", "Mila")
    page.fill("#id_last_name", "Marković")
    page.fill("#id_email", "not an address")
    page.fill("#id_password1", ONE_TIME)
    page.fill("#id_password2", ONE_TIME)
    page.select_option("#id_organisation", str(centre.pk))
    page.select_option("#id_role", Role.CENTRE_CASEWORKER)
    page.fill("#id_reason", "Joins the Centre's team")
    page.click("button:has-text('Create the user')")
    # A bad e-mail: the error summary links to the field; what was typed is kept.
    assert page.locator(".govuk-error-summary a[href='#id_email']").count() == 1
    assert page.input_value("#id_last_name") == "Marković"
    assert page.input_value("#id_password1") == ""
    assert axe_violations(page) == []
    assert not User.objects.filter(username="mila.markovic").exists()
    page.fill("#id_email", "mila.markovic@example.org")
    page.fill("#id_password1", ONE_TIME)
    page.fill("#id_password2", ONE_TIME)
    page.click("button:has-text('Create the user')")
    page.wait_for_url("**/administration/users/*/")
    messages = page.locator(".messages").inner_text()
    assert "The account mila.markovic was created" in messages
    assert "once a second administrator approves" in messages
    assert page.locator("#user-name").inner_text() == "Mila Marković"
    assert "cannot sign in" in page.locator("#current-role").inner_text()
    assert axe_violations(page) == []
    page.click("a.govuk-breadcrumbs__link:has-text('Home')")
    page.click("a:has-text('Pending role grants')")
    page.wait_for_url("**/administration/requests/")
    request = AdminRequest.objects.get(target__username="mila.markovic")
    row = page.locator(f"#pending tr[data-request='{request.pk}']")
    assert "Centre caseworker" in row.inner_text() and "you" in row.inner_text()
    assert axe_violations(page) == []
    row.locator("a").click()
    assert page.locator("#approve").count() == 0  # not theirs to decide
    assert axe_violations(page) == []
    browser_sign_out()

    # The second administrator finds it on the dashboard and approves it.
    browser_login("admin-bojan")
    page.click("a:has-text('Centre caseworker for Mila Marković')")
    page.wait_for_url(f"**/administration/requests/{request.pk}/")
    assert "Ana Admin" in page.locator("#request").inner_text()
    assert axe_violations(page) == []
    page.click("#approve")
    page.wait_for_url("**/administration/requests/")
    assert "Approved: Mila Marković is now Centre caseworker" in \
        page.locator(".messages").inner_text()
    assert axe_violations(page) == []
    request.refresh_from_db()
    assert request.status == AdminRequest.Status.APPROVED and request.decided_by == second
    browser_sign_out()

    # The new user signs in with the one-time password and must choose their own.
    page.goto("/login/")
    page.fill("#id_username", "mila.markovic")
    page.fill("#id_password", ONE_TIME)
    page.click("button[type=submit]:has-text('Sign in')")
    page.wait_for_url("**/account/password/")
    assert "one-time password" in page.locator(".messages").inner_text()
    assert axe_violations(page) == []
    page.fill("#id_old_password", ONE_TIME)
    page.fill("#id_new_password1", OWN)
    page.fill("#id_new_password2", OWN)
    page.click("button:has-text('Change password')")
    page.wait_for_url("**/account/")
    page.goto("/")
    assert page.locator('[data-role="centre_caseworker"]').count() == 1
    user = User.objects.get(username="mila.markovic")
    assert not user.password_change_required and user.check_password(OWN)
