"""Consent to personal-data processing at sign-up (152-FZ): required, stored with the account, kept."""

import hashlib

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from people.consent import CONSENT_TEXT, consent_digest
from people.models import PERSONAL_DATA_CONSENT_VERSION, ConsentIsKept, PersonalDataConsent
from tests.conftest import PASSWORD

User = get_user_model()


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def signup_url(language: str = "ru") -> str:
    with translation.override(language):
        return reverse("account_signup")


def post_signup(client, language: str = "ru", **extra):
    data = {
        "email": "consent@example.org",
        "full_name": "Анна Смирнова",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **extra,
    }
    return client.post(signup_url(language), data)


@pytest.mark.django_db
def test_signup_without_consent_is_refused_in_russian_and_creates_nothing(client, demo_site):
    users_before = User.objects.count()
    response = post_signup(client)
    assert response.status_code == 200
    # The catalogue merge adds the Russian wording (see the report); the refusal is the field's own error.
    assert list(response.context["form"].errors) == ["personal_data_consent"]
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one('input[name="personal_data_consent"][aria-invalid="true"]') is not None
    assert User.objects.count() == users_before
    assert not User.objects.filter(email="consent@example.org").exists()
    assert not PersonalDataConsent.objects.filter(user__email="consent@example.org").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ru", "en"])
def test_signup_with_consent_stores_it_with_the_version_and_the_text_digest(client, demo_site, language):
    response = post_signup(client, language=language, personal_data_consent="on")
    assert response.status_code == 302
    user = User.objects.get(email="consent@example.org")
    consent = PersonalDataConsent.objects.get(user=user)
    assert consent.text_version == PERSONAL_DATA_CONSENT_VERSION == "2026-11-30"
    assert consent.language == language
    with translation.override(language):
        shown = str(CONSENT_TEXT)
    assert consent.text_digest == hashlib.sha256(shown.encode()).hexdigest()
    assert consent.text_digest == consent_digest(language)
    assert abs(consent.given_at - user.date_joined) < timezone.timedelta(minutes=1)


@pytest.mark.django_db
def test_the_consent_box_is_unticked_required_and_links_to_the_privacy_notice(client, demo_site):
    page = BeautifulSoup(client.get(signup_url("ru")).content, "html.parser")
    box = page.select_one('input[name="personal_data_consent"]')
    assert box is not None and box["type"] == "checkbox"
    assert not box.has_attr("checked")
    assert box.has_attr("required")
    label = page.select_one(f'label[for="{box["id"]}"]')
    with translation.override("ru"):
        assert str(CONSENT_TEXT) in label.get_text()
    assert label.select_one('a[href="/ru/konfidentsialnost/"]') is not None
    english = BeautifulSoup(client.get(signup_url("en")).content, "html.parser")
    assert english.select_one('label a[href="/en/privacy/"]') is not None


@pytest.mark.django_db
def test_a_consent_record_cannot_be_changed_or_deleted(make_user):
    user = make_user(email="kept@example.org")
    from people.api import record_personal_data_consent

    consent = record_personal_data_consent(user=user, language="ru")
    consent.text_version = "forged"
    with pytest.raises(ConsentIsKept):
        consent.save()
    with pytest.raises(ConsentIsKept):
        consent.delete()
    with pytest.raises(ConsentIsKept):
        PersonalDataConsent.objects.filter(pk=consent.pk).update(text_version="forged")
    with pytest.raises(ConsentIsKept):
        PersonalDataConsent.objects.filter(pk=consent.pk).delete()
    assert PersonalDataConsent.objects.get(pk=consent.pk).text_version == PERSONAL_DATA_CONSENT_VERSION


@pytest.mark.django_db
def test_the_profile_shows_when_and_to_which_version_consent_was_given(client, make_user, demo_site):
    user = make_user(email="profile-consent@example.org", full_name="Анна Смирнова")
    client.force_login(user)
    profile = reverse("people:profile")
    before = BeautifulSoup(client.get(profile).content, "html.parser")
    assert before.select_one(".personal-data-consent") is None
    from people.api import record_personal_data_consent

    consent = record_personal_data_consent(user=user, language="ru")
    page = BeautifulSoup(client.get(profile).content, "html.parser")
    shown = page.select_one(".personal-data-consent")
    given = timezone.localtime(consent.given_at).strftime("%d.%m.%Y")  # Russian short date
    assert given in shown.get_text() and "2026-11-30" in shown.get_text()
    assert shown.select_one('a[href="/ru/konfidentsialnost/"]') is not None


@pytest.mark.django_db
def test_demo_accounts_have_consented(demo_site):
    trainee = User.objects.get(email="trainee@cart-academy.example")
    assert trainee.personal_data_consents.get().text_version == PERSONAL_DATA_CONSENT_VERSION


@pytest.mark.django_db
def test_the_privacy_notice_says_what_is_processed_why_how_long_and_the_rights(client, demo_site):
    for path, phrases in {
        "/ru/konfidentsialnost/": ["полное имя", "электронной почты", "сертификат", "152-ФЗ", "Ваши права"],
        "/en/privacy/": ["full name", "email address", "certificates", "152-FZ", "Your rights"],
    }.items():
        page = BeautifulSoup(client.get(path).content, "html.parser")
        assert "None" not in [h.get_text(strip=True) for h in page.select("main h2")]
        text = page.get_text(" ")
        for phrase in [*phrases, "privacy@cart-academy.example"]:
            assert phrase in text, (path, phrase)
    russian = BeautifulSoup(client.get("/ru/konfidentsialnost/").content, "html.parser").get_text(" ")
    assert "Роскомнадзор" in russian and "редакцию текста" in russian


@pytest.mark.django_db
def test_the_admin_shows_consents_and_offers_no_way_to_change_them(admin_client, make_user):
    from people.api import record_personal_data_consent

    consent = record_personal_data_consent(user=make_user(email="seen@example.org"), language="ru")
    base = "/admin/snippets/people/personaldataconsent/"
    listing = admin_client.get(base)
    assert listing.status_code == 200
    assert "Анна Смирнова" in listing.content.decode()  # the user column: the name on certificates
    assert f"{base}add/" not in listing.content.decode()
    assert admin_client.get(f"{base}inspect/{consent.pk}/").status_code == 200
    for path in (f"{base}add/", f"{base}edit/{consent.pk}/", f"{base}delete/{consent.pk}/"):
        assert admin_client.get(path).status_code in (302, 403), path
        assert admin_client.post(path, {}).status_code in (302, 403), path
    assert PersonalDataConsent.objects.get(pk=consent.pk).text_version == PERSONAL_DATA_CONSENT_VERSION
