"""Passwords are stored with Argon2id at OWASP's minimum; older PBKDF2 hashes still sign in and are upgraded
(ADR 0025). The suite itself hashes with MD5 for speed, so these tests put the project's list back."""

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher, identify_hasher, make_password
from django.test import override_settings

from config.settings import base
from people.hashers import Argon2idPasswordHasher
from people.models import User
from tests.factories import PASSWORD

ARGON2ID = "argon2$argon2id$v=19$m=19456,t=2,p=1$"

project_hashers = override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS)


def test_argon2id_comes_first_and_pbkdf2_still_verifies():
    assert base.PASSWORD_HASHERS[0] == "people.hashers.Argon2idPasswordHasher"
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in base.PASSWORD_HASHERS[1:]
    assert "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher" in base.PASSWORD_HASHERS[1:]


def test_the_parameters_meet_owasps_argon2id_minimum():
    hasher = Argon2idPasswordHasher()
    assert hasher.memory_cost >= 19 * 1024 and hasher.time_cost >= 2 and hasher.parallelism == 1


@project_hashers
def test_a_new_password_is_argon2id_with_the_projects_parameters(make_user):
    user = make_user(email="new-hash@example.org")
    user.set_password("Новый-пароль-2026")
    user.save()
    user.refresh_from_db()
    assert user.password.startswith(ARGON2ID)
    assert identify_hasher(user.password).__class__ is Argon2idPasswordHasher
    assert user.check_password("Новый-пароль-2026")
    assert not user.check_password("Новый-пароль-2027")
    assert make_password("другой пароль").startswith(ARGON2ID)


@project_hashers
@pytest.mark.django_db
def test_a_pbkdf2_password_signs_in_and_is_rehashed_to_argon2id(client, make_user):
    user = make_user(email="old-hash@example.org")
    old = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    User.objects.filter(pk=user.pk).update(password=old)

    response = client.post("/ru/accounts/login/", {"login": user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(user.pk)
    user.refresh_from_db()
    assert user.password.startswith(ARGON2ID)
    assert user.check_password(PASSWORD)


@project_hashers
@pytest.mark.django_db
def test_a_wrong_password_against_a_pbkdf2_hash_changes_nothing(client, make_user):
    user = make_user(email="old-hash-wrong@example.org")
    old = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    User.objects.filter(pk=user.pk).update(password=old)

    response = client.post("/ru/accounts/login/", {"login": user.email, "password": "не тот пароль"})

    assert response.status_code == 200 and "_auth_user_id" not in client.session
    user.refresh_from_db()
    assert user.password == old


@project_hashers
@pytest.mark.django_db
def test_an_argon2_hash_with_other_parameters_is_brought_to_the_projects_on_sign_in(client, make_user):
    from django.contrib.auth.hashers import Argon2PasswordHasher

    user = make_user(email="django-argon@example.org")
    User.objects.filter(pk=user.pk).update(password=Argon2PasswordHasher().encode(PASSWORD, "saltsaltsalt"))

    assert client.post("/ru/accounts/login/", {"login": user.email, "password": PASSWORD}).status_code == 302
    user.refresh_from_db()
    assert user.password.startswith(ARGON2ID)
