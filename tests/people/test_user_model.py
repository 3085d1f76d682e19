import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from people.models import normalize_name, validate_full_name, validate_latin_name

User = get_user_model()


def test_user_model_logs_in_by_email_and_has_no_username():
    assert User.USERNAME_FIELD == "email"
    assert "username" not in {f.name for f in User._meta.get_fields()}


@pytest.mark.django_db
def test_create_user_normalizes_email_and_keeps_cyrillic_name():
    user = User.objects.create_user(
        email="Anna.Smirnova@Example.ORG", password="x-long-password-1", full_name="Анна Смирнова"
    )
    assert user.email == "anna.smirnova@example.org"
    assert user.check_password("x-long-password-1")
    assert user.get_full_name() == "Анна Смирнова"
    assert user.preferred_language == "ru"


@pytest.mark.django_db
def test_email_is_unique_whatever_the_case():
    User.objects.create_user(email="a@example.org", password="x-long-password-1")
    with pytest.raises(Exception):  # noqa: B017 - IntegrityError on every backend
        User.objects.create_user(email="A@example.org", password="x-long-password-1")


@pytest.mark.parametrize(
    "name", ["Анна Смирнова", "Мария-Луиза Д'Арк", "Jean-Luc O’Neil", "Ли Вэй", "Салтыков-Щедрин М. Е."]
)
def test_real_names_are_accepted(name):
    validate_full_name(name)


@pytest.mark.parametrize("name", ["", "A", "Anna 2", "<script>", "Анна_Смирнова", "   "])
def test_non_names_are_rejected(name):
    with pytest.raises(ValidationError):
        validate_full_name(name)


@pytest.mark.parametrize("name", ["Anna Smirnova", "Anne-Marie O'Neil", ""])
def test_latin_names(name):
    validate_latin_name(name)


@pytest.mark.parametrize("name", ["Анна Smirnova", "Anna1", "Ånna"])
def test_latin_name_rejects_other_scripts_and_digits(name):
    with pytest.raises(ValidationError):
        validate_latin_name(name)


def test_normalize_name_collapses_whitespace():
    assert normalize_name("  Анна \t  Смирнова ") == "Анна Смирнова"


def test_name_for_language_uses_latin_spelling_on_english_documents():
    user = User(email="a@example.org", full_name="Анна Смирнова", latin_name="Anna Smirnova")
    assert user.name_for_language("ru") == "Анна Смирнова"
    assert user.name_for_language("en") == "Anna Smirnova"
    user.latin_name = ""
    assert user.name_for_language("en") == "Анна Смирнова"
