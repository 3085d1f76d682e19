"""Sign-up, verification, login and their bad inputs, through allauth in the site's own pages."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from tests.conftest import PASSWORD

User = get_user_model()


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def url(name: str, language: str = "ru", **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def signup(client, language="ru", email="new@example.org", **extra):
    data = {
        "email": email,
        "full_name": "Пётр Иванов",
        "latin_name": "Petr Ivanov",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "personal_data_consent": "on",
        **extra,
    }
    return client.post(url("account_signup", language), data)


@pytest.mark.django_db
def test_signup_stores_names_and_language_and_sends_verification_link(client, demo_site):
    response = signup(client, language="en")
    assert response.status_code == 302
    assert response["Location"] == url("account_email_verification_sent", "en")

    user = User.objects.get(email="new@example.org")
    assert (user.full_name, user.latin_name, user.preferred_language) == ("Пётр Иванов", "Petr Ivanov", "en")
    assert not EmailAddress.objects.get(user=user).verified

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new@example.org"]
    assert "Confirm" in message.subject
    assert re.search(r"http://testserver/en/accounts/confirm-email/[^/\s]+/", message.body)


@pytest.mark.django_db
def test_verification_email_is_in_russian_for_a_russian_signup(client, demo_site):
    signup(client, language="ru")
    message = mail.outbox[0]
    assert message.subject.startswith("[Академия CAR-T] ")
    assert "подтвердите" in message.subject.lower()
    assert "Академия CAR-T" in message.body and "testserver" in message.body
    assert "/ru/accounts/confirm-email/" in message.body


@pytest.mark.django_db
def test_unverified_account_cannot_sign_in(client, make_user):
    make_user(email="late@example.org", verified=False)
    response = client.post(url("account_login"), {"login": "late@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == url("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_following_the_link_verifies_and_then_login_works(client, demo_site):
    signup(client)
    link = re.search(r"http://testserver(/ru/accounts/confirm-email/[^/\s]+/)", mail.outbox[0].body).group(1)
    page = client.get(link)
    assert page.status_code == 200
    assert "new@example.org" in page.content.decode()
    client.post(link)
    assert EmailAddress.objects.get(email="new@example.org").verified

    client.logout()
    response = client.post(url("account_login"), {"login": "new@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == url("learning:dashboard")  # a trainee starts from their dashboard


@pytest.mark.django_db
def test_expired_verification_link_explains_itself_in_the_users_language(client, make_user, demo_site):
    user = make_user(email="slow@example.org", verified=False)
    address = EmailAddress.objects.get(user=user)
    confirmation = EmailConfirmationHMAC(address)
    key = confirmation.key
    # An HMAC key carries its creation time; move the clock past the expiry window.
    later = timezone.now() + timedelta(days=4)
    from unittest import mock

    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        response = client.get(url("account_confirm_email", "ru", key=key))
    assert response.status_code == 200
    body = response.content.decode()
    assert "срок её действия истек" in body
    assert not EmailAddress.objects.get(user=user).verified


@pytest.mark.django_db
def test_duplicate_signup_creates_nothing_and_tells_the_owner_by_email(client, make_user, demo_site):
    make_user(email="taken@example.org")
    response = signup(client, language="ru", email="TAKEN@example.org")
    # The page does not reveal that the address is registered (account enumeration); the email does.
    assert response.status_code == 302
    assert User.objects.filter(email__iexact="taken@example.org").count() == 1
    assert len(mail.outbox) == 1
    assert "уже существует" in mail.outbox[0].subject.lower()


@pytest.mark.django_db
def test_wrong_password_gives_a_clear_message_in_russian_and_english(client, trainee, demo_site):
    for language, expected in (("ru", "пароль неверны"), ("en", "not correct")):
        response = client.post(
            url("account_login", language), {"login": trainee.email, "password": "nope-nope"}
        )
        assert response.status_code == 200
        body = response.content.decode()
        assert expected in body
        assert f'<html lang="{language}">' in body


@pytest.mark.django_db
def test_signup_rejects_a_name_that_is_not_a_name(client, demo_site):
    response = signup(client, full_name="user123", latin_name="Пётр")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Введите имя так, как оно должно быть напечатано" in body
    assert "Используйте только латинские буквы" in body
    assert not User.objects.filter(email="new@example.org").exists()


@pytest.mark.django_db
def test_login_is_rate_limited_after_repeated_failures(client, trainee, demo_site):
    for _ in range(5):
        response = client.post(url("account_login"), {"login": trainee.email, "password": "wrong-password"})
        assert "пароль неверны" in response.content.decode()
    # From now on even the right password is refused for this address, with a clear message.
    limited = client.post(url("account_login"), {"login": trainee.email, "password": PASSWORD})
    assert limited.status_code == 200
    assert "Слишком много неудачных попыток входа" in limited.content.decode()
    assert "_auth_user_id" not in client.session
    # Another address from the same client is still answered normally (the limit is per address too).
    other = client.post(url("account_login"), {"login": "someone@example.org", "password": "wrong-password"})
    assert "пароль неверны" in other.content.decode()


@pytest.mark.django_db
def test_login_attempts_per_client_address_answer_429(client, trainee, demo_site, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "3/m/ip"}
    statuses = [
        client.post(url("account_login"), {"login": f"x{i}@example.org", "password": "wrong"}).status_code
        for i in range(4)
    ]
    assert statuses[:3] == [200, 200, 200]
    assert statuses[3] == 429
    response = client.post(url("account_login"), {"login": trainee.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Слишком много попыток" in response.content.decode()


@pytest.mark.django_db
def test_admin_login_goes_through_the_rate_limited_site_login(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/ru/accounts/login/?next=/admin/pages/")
    outside = client.get("/admin/login/?next=https://evil.example/")
    assert "evil.example" not in outside["Location"]


@pytest.mark.django_db
def test_password_reset_request_does_not_reveal_accounts(client, trainee, demo_site):
    for email in (trainee.email, "nobody@example.org"):
        response = client.post(url("account_reset_password"), {"email": email})
        assert response.status_code == 302
    assert len(mail.outbox) == 2  # one reset link, one "no account" notice


@pytest.mark.django_db
def test_two_factor_login_asks_for_a_code(client, trainee, demo_site):
    from allauth.mfa.totp.internal.auth import (
        TOTP,
        generate_totp_secret,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    secret = generate_totp_secret()
    TOTP.activate(trainee, secret)
    response = client.post(url("account_login"), {"login": trainee.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == url("mfa_authenticate")
    assert "_auth_user_id" not in client.session

    wrong = client.post(url("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    counter = next(yield_hotp_counters_from_time())
    code = f"{hotp_value(secret, counter):06d}"
    ok = client.post(url("mfa_authenticate"), {"code": code})
    assert ok.status_code == 302
    assert int(client.session["_auth_user_id"]) == trainee.pk


@pytest.mark.django_db
def test_password_reset_by_email_link_sets_a_new_password(client, trainee, demo_site):
    client.post(url("account_reset_password", "en"), {"email": trainee.email})
    link = re.search(r"http://testserver(/en/accounts/password/reset/key/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    new_password = "a-brand-new-passphrase-7"
    response = client.post(action, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    trainee.refresh_from_db()
    assert trainee.check_password(new_password)


@pytest.mark.django_db
def test_email_change_sends_verification_to_the_new_address(client, trainee, demo_site):
    client.post(url("account_login"), {"login": trainee.email, "password": PASSWORD})
    mail.outbox.clear()
    response = client.post(url("account_email"), {"action_add": "", "email": "anna.new@example.org"})
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["anna.new@example.org"]
    assert EmailAddress.objects.filter(user=trainee, email="anna.new@example.org", verified=False).exists()
    trainee.refresh_from_db()
    assert trainee.email == "trainee@example.org"  # unchanged until the new address is verified


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize(
    "name",
    ["account_login", "account_signup", "account_reset_password", "account_email_verification_sent"],
)
def test_allauth_entrance_pages_use_the_site_look(client, demo_site, language, name):
    response = client.get(url(name, language))
    body = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in body
    assert 'class="site-header"' in body and 'class="site-footer"' in body
    assert "/static/css/site.css" in body


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize(
    "name", ["people:profile", "account_email", "account_change_password", "mfa_index", "account_logout"]
)
def test_allauth_account_pages_use_the_site_look(client, trainee, demo_site, language, name):
    client.force_login(trainee)
    response = client.get(url(name, language))
    body = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in body
    assert 'class="site-header"' in body
