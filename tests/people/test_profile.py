import pytest
from django.urls import reverse
from django.utils import translation


def profile_url(language="ru"):
    with translation.override(language):
        return reverse("people:profile")


@pytest.mark.django_db
def test_profile_requires_sign_in(client, demo_site):
    response = client.get(profile_url())
    assert response.status_code == 302
    assert response["Location"].startswith("/ru/accounts/login/")


@pytest.mark.django_db
def test_trainee_sets_the_name_on_certificates(client, trainee, demo_site):
    client.force_login(trainee)
    page = client.get(profile_url())
    assert page.status_code == 200
    assert "ФИО в сертификатах" in page.content.decode()

    response = client.post(
        profile_url(),
        {
            "full_name": "  Анна   Сергеевна Смирнова ",
            "latin_name": "Anna Smirnova",
            "preferred_language": "en",
        },
    )
    assert response.status_code == 302
    trainee.refresh_from_db()
    assert trainee.full_name == "Анна Сергеевна Смирнова"
    assert trainee.latin_name == "Anna Smirnova"
    assert trainee.preferred_language == "en"
    assert "Профиль сохранён." in client.get(profile_url()).content.decode()


@pytest.mark.django_db
def test_profile_rejects_bad_names_and_changes_nothing(client, trainee, demo_site):
    client.force_login(trainee)
    response = client.post(
        profile_url("en"), {"full_name": "", "latin_name": "Анна", "preferred_language": "ru"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "This field is required." in body
    assert "Use Latin letters only" in body
    trainee.refresh_from_db()
    assert trainee.full_name == "Анна Смирнова"


@pytest.mark.django_db
def test_profile_only_ever_edits_the_signed_in_person(client, trainee, make_user, demo_site):
    other = make_user(email="other@example.org", full_name="Борис Петров")
    client.force_login(trainee)
    client.post(
        profile_url(),
        {"full_name": "Анна Смирнова", "latin_name": "", "preferred_language": "ru", "id": other.pk},
    )
    other.refresh_from_db()
    assert other.full_name == "Борис Петров"
