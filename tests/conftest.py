import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from base.demo import load_demo

PASSWORD = "correct-horse-battery-9"


@pytest.fixture
def demo_site(db):
    """The demo page tree in both locales, demo accounts and settings (what `load_demo` builds)."""
    return load_demo()


@pytest.fixture
def make_user(db):
    def make(email="trainee@example.org", password=PASSWORD, verified=True, **fields):
        fields.setdefault("full_name", "Анна Смирнова")
        user = get_user_model().objects.create_user(email=email, password=password, **fields)
        EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)
        return user

    return make


@pytest.fixture
def trainee(make_user):
    return make_user()
