"""A newcomer's first visit: language switch, sign-up, email verification, login, profile, logout."""

import re

from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import expect

PASSWORD = "Kletki-CAR-T-2026"


def test_home_language_switch_signup_verify_login_profile_logout(session_factory):
    s = session_factory()
    page = s.page

    # 1. Home page in Russian, then the switcher to English keeps us on the home page.
    s.goto("/ru/")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.locator("h1")).to_contain_text("Квалифицированные кадры")
    s.shot("home-ru")
    page.locator('.lang-nav a[hreflang="en"]').click()
    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    s.shot("home-en")

    # 2. On an inner page the switcher leads to the same page in the other language.
    page.locator(".main-nav").get_by_role("link", name="About the platform").click()
    expect(page).to_have_url(re.compile(r"/en/about/$"))
    page.locator('.lang-nav a[hreflang="ru"]').click()
    expect(page).to_have_url(re.compile(r"/ru/o-platforme/$"))
    expect(page.locator("h1")).to_have_text("О платформе")
    s.shot("about-ru")

    # 3. Sign up in Russian.
    page.locator(".account-nav").get_by_role("link", name="Регистрация").click()
    expect(page).to_have_url(re.compile(r"/ru/accounts/signup/$"))
    page.get_by_role("textbox", name="Адрес электронной почты").fill("irina.operator@example.org")
    page.get_by_label("ФИО для сертификатов").fill("Ирина Соколова")
    page.get_by_label("Имя латиницей (необязательно)").fill("Irina Sokolova")
    page.get_by_label("Пароль", exact=False).first.fill(PASSWORD)
    page.locator('input[name="password2"]').fill(PASSWORD)
    consent = page.locator('input[name="personal_data_consent"]')
    expect(consent).not_to_be_checked()
    consent.check()
    s.shot("signup-filled")
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/ru/accounts/confirm-email/$"))
    expect(page.locator("main")).to_contain_text("irina.operator@example.org")
    s.shot("verification-sent")

    # 4. The verification email, opened as if from the mail client (a fresh browser context).
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["irina.operator@example.org"]
    link = re.search(r"https?://\S+/ru/accounts/confirm-email/\S+/", message.body).group(0)
    mailbox = session_factory("email-link")
    mailbox.page.goto(link)
    expect(mailbox.page.locator("main")).to_contain_text("irina.operator@example.org")
    mailbox.shot("confirm-page")
    mailbox.page.locator("main form button[type=submit]").click()
    expect(mailbox.page).to_have_url(re.compile(r"/ru/accounts/login/"))
    mailbox.shot("confirmed")

    # 5. Log in.
    mailbox.page.get_by_label("Адрес электронной почты").fill("irina.operator@example.org")
    mailbox.page.get_by_label("Пароль").fill(PASSWORD)
    mailbox.page.locator("form.form button[type=submit]").click()
    expect(mailbox.page).to_have_url(re.compile(r"/ru/dashboard/$"))  # a trainee starts from the dashboard
    mailbox.shot("logged-in-dashboard")
    mailbox.goto("/ru/accounts/profile/")

    # 6. Set the name printed on certificates.
    mailbox.page.get_by_label("ФИО в сертификатах").fill("Ирина Андреевна Соколова")
    mailbox.page.get_by_label("Имя латиницей").fill("Irina Sokolova")
    mailbox.page.get_by_role("button", name="Сохранить").click()
    expect(mailbox.page.locator(".messages")).to_contain_text("Профиль сохранён.")
    expect(mailbox.page.locator(".preview")).to_contain_text("Ирина Андреевна Соколова")
    mailbox.shot("profile-saved")
    user = get_user_model().objects.get(email="irina.operator@example.org")
    assert (user.full_name, user.latin_name) == ("Ирина Андреевна Соколова", "Irina Sokolova")

    # 7. Log out from the header.
    mailbox.page.locator(".account-nav").get_by_role("button", name="Выйти").click()
    expect(mailbox.page).to_have_url(re.compile(r"/ru/$"))
    expect(mailbox.page.locator(".account-nav")).to_contain_text("Войти")
    mailbox.shot("logged-out")

    assert s.outside_requests() == []
    assert mailbox.outside_requests() == []


def test_wrong_password_is_explained_in_the_page_language(session_factory):
    s = session_factory()
    s.goto("/en/accounts/login/")
    s.page.get_by_label("Email").fill("trainee@cart-academy.example")
    s.page.get_by_label("Password").fill("not-the-password")
    s.page.locator("form.form button[type=submit]").click()
    expect(s.page.locator("main")).to_contain_text("not correct")
    s.shot("wrong-password-en")
