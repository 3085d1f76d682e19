"""A university editor signs in through the site's login and works in the Wagtail admin."""

import re

from playwright.sync_api import expect

from demo.loader import DEMO_PASSWORD
from tests.browser.test_certificates import enter_two_factor_code


def test_editor_signs_in_to_the_admin_without_outside_requests(session_factory):
    s = session_factory(locale="ru-RU")
    s.goto("/admin/")
    expect(s.page).to_have_url(re.compile(r"/ru/accounts/login/\?next=/admin/"))
    s.page.get_by_label("Адрес электронной почты").fill("editor@university.example")
    s.page.get_by_label("Пароль").fill(DEMO_PASSWORD)
    s.page.locator("form.form button[type=submit]").click()
    # The editor must use two-factor: the demo account's authenticator app gives the code.
    expect(s.page).to_have_url(re.compile(r"/ru/accounts/2fa/authenticate/$"))
    s.shot("admin-two-factor")
    enter_two_factor_code(s, "editor@university.example")
    expect(s.page).to_have_url(re.compile(r"/admin/$"))
    s.shot("admin-dashboard")
    s.goto("/admin/pages/")
    expect(s.page.locator("body")).to_contain_text("Академия CAR-T")
    s.shot("admin-pages")
    assert s.outside_requests() == []
