"""In the real browser, with two-step verification required: a Centre caseworker sets up an
authenticator (the page passes axe's checks), signs in with a code, is locked out after
repeated wrong passwords, and an administrator unlocks the account."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from atis.accounts.tests.helpers import enrol, totp_code
from atis.core.roles import Role
from conftest import PASSWORD

pytestmark = pytest.mark.browser


def password_step(page, username, password=PASSWORD):
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]:has-text('Sign in')")


def sign_out(page):
    page.click("header form button:has-text('Sign out')")
    page.wait_for_url("**/login/")


def test_enrol_sign_in_with_code_lock_out_and_unlock(
        page, browser, live_server, make_user, transactional_db, settings, axe_violations):
    settings.MFA_POLICY = "required"
    caseworker = make_user(Role.CENTRE_CASEWORKER, username="caseworker")
    admin = make_user(Role.ADMIN, username="administrator")
    admin_device, _admin_codes = enrol(admin)

    # First sign-in: the caseworker must set up an authenticator before anything else.
    password_step(page, "caseworker")
    page.wait_for_url("**/account/two-step/set-up/**")
    assert page.locator("#qr svg").count() == 1
    assert axe_violations(page) == []
    device = TOTPDevice.objects.get(user=caseworker, confirmed=False)
    page.fill("#id_code", "000000")
    page.click("button:has-text('Confirm')")
    assert "This code is not right" in page.locator("#id_code_error").inner_text()
    page.wait_for_timeout(1100)  # a wrong code slows the next try by a second
    page.fill("#id_code", totp_code(device))
    page.click("button:has-text('Confirm')")
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    page.click("#continue")
    page.wait_for_url(live_server.url + "/")
    sign_out(page)

    # Second sign-in: password, then the code from the app.
    password_step(page, "caseworker")
    page.wait_for_url("**/account/two-step/code/**")
    device.refresh_from_db()  # an enrolment across a time step leaves the device a drift
    page.fill("#id_code", totp_code(device, 30))
    page.click("button:has-text('Continue')")
    page.wait_for_url(live_server.url + "/")
    sign_out(page)

    # Five wrong passwords lock the account; then the right one is refused too.
    for _n in range(5):
        password_step(page, "caseworker", "not-the-password")
    assert "Account locked" in page.locator("h1").inner_text()
    password_step(page, "caseworker")
    assert "Too many failed sign-ins" in page.locator("#locked-out").inner_text()

    # An administrator (signing in with their own code) unlocks it.
    other = browser.new_context(base_url=live_server.url)
    admin_page = other.new_page()
    password_step(admin_page, "administrator")
    admin_page.wait_for_url("**/account/two-step/code/**")
    admin_page.fill("#id_code", totp_code(admin_device, 30))
    admin_page.click("button:has-text('Continue')")
    admin_page.wait_for_url(live_server.url + "/")
    admin_page.click("#account-link")
    admin_page.click("text=Locked accounts")
    row = admin_page.locator("#locked tr[data-username=caseworker]")
    row.locator("button:has-text('Unlock')").click()
    assert "was unlocked" in admin_page.locator(".messages").inner_text()
    assert admin_page.locator("#locked tr[data-username=caseworker]").count() == 0
    other.close()

    # The caseworker signs in again, this time with a recovery code.
    password_step(page, "caseworker")
    page.wait_for_url("**/account/two-step/code/**")
    page.fill("#id_code", codes[0])
    page.click("button:has-text('Continue')")
    page.wait_for_url(live_server.url + "/")
    assert page.locator("#who").inner_text().startswith("caseworker")
