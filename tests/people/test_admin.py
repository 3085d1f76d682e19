"""Wagtail's user admin works with the email-login user model, and editors reach the admin."""

import pytest
from django.contrib.auth import get_user_model

from tests.factories import with_totp

User = get_user_model()


@pytest.fixture
def admin_user(make_user):
    return with_totp(make_user(email="root@example.org", is_superuser=True, is_staff=True))


@pytest.mark.django_db
def test_admin_user_screens_render_with_certificate_names(client, admin_user, demo_site):
    client.force_login(admin_user)
    create = client.get("/admin/users/new/")
    assert create.status_code == 200
    body = create.content.decode()
    assert 'name="full_name"' in body and 'name="latin_name"' in body and 'name="first_name"' not in body
    edit = client.get(f"/admin/users/edit/{admin_user.pk}/")
    assert edit.status_code == 200
    listing = client.get("/admin/users/")
    assert listing.status_code == 200 and "root@example.org" in listing.content.decode()


@pytest.mark.django_db
def test_admin_creates_a_user(client, admin_user, demo_site):
    client.force_login(admin_user)
    response = client.post(
        "/admin/users/new/",
        {
            "email": "New.Person@Example.org",
            "full_name": "Новый Сотрудник",
            "latin_name": "",
            "preferred_language": "ru",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email__iexact="new.person@example.org")
    assert user.full_name == "Новый Сотрудник"


@pytest.mark.django_db
def test_demo_editor_reaches_the_admin_and_trainee_does_not(client, demo_site):
    client.force_login(User.objects.get(email="editor@university.example"))
    assert client.get("/admin/").status_code == 200
    client.force_login(User.objects.get(email="trainee@cart-academy.example"))
    response = client.get("/admin/")
    assert response.status_code == 302
