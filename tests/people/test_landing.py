"""Where each person lands after signing in (people/landing.py and the apps' offers), a safe `next` first,
and the two-factor enrolment still before everything for those who need it."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from courses.models import ProviderPage
from people.models import Membership
from tests.factories import PASSWORD, MembershipFactory, OrganizationFactory, with_totp
from tests.people.test_accounts import signup

ENROLMENT = re.compile(r"^/ru/accounts/two-factor/required/$")


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def sign_in(client, user, next_path: str | None = None) -> str:
    """Sign in with the password; the redirect's target (for someone sent to two-factor enrolment first, the
    enrolment page's `next`, prefixed with "mfa:")."""
    login = "/ru/accounts/login/" + (f"?next={next_path}" if next_path else "")
    response = client.post(login, {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    location = urlparse(response["Location"])
    if ENROLMENT.match(location.path):
        return "mfa:" + parse_qs(location.query)["next"][0]
    return response["Location"]


def university_member(make_user, role: str, email: str):
    user = make_user(email=email)
    Membership.objects.create(
        user=user, organization=OrganizationFactory(slug="demo-university"), role=role
    )  # the demo university has a publisher space: the membership puts the person in its groups
    return user


@pytest.mark.django_db
def test_a_trainee_lands_on_the_dashboard(client, trainee, demo_site):
    assert sign_in(client, trainee) == "/ru/dashboard/"


@pytest.mark.django_db
def test_hr_of_an_employer_lands_on_its_training_matrix(client, make_user, demo_site):
    hr = make_user(email="hr@plant.example")
    MembershipFactory(user=hr, organization=OrganizationFactory(slug="plant", kind="employer"), role="hr")
    assert sign_in(client, hr) == "/ru/accounts/organizations/plant/matrix/"


@pytest.mark.django_db
def test_hr_of_a_university_is_not_sent_to_a_matrix_it_cannot_open(client, make_user, demo_site):
    person = make_user(email="hr@uni.example")
    MembershipFactory(user=person, organization=OrganizationFactory(slug="uni", kind="university"), role="hr")
    assert sign_in(client, person) == "/ru/dashboard/"


@pytest.mark.django_db
def test_an_editor_lands_in_their_space_after_two_factor_enrolment(client, make_user, demo_site):
    editor = university_member(make_user, Membership.EDITOR, "author@example.org")
    space = ProviderPage.objects.get(organization__slug="demo-university", locale__language_code="ru")
    assert sign_in(client, editor) == "mfa:" + reverse("wagtailadmin_explore", args=[space.pk])


@pytest.mark.django_db
def test_a_reviewer_lands_on_the_review_queue(client, make_user, demo_site):
    reviewer = with_totp(university_member(make_user, Membership.REVIEWER, "checker@example.org"))
    response = client.post("/ru/accounts/login/", {"login": reviewer.email, "password": PASSWORD})
    assert response["Location"] == "/ru/accounts/2fa/authenticate/"
    from tests.factories import totp_code

    after_code = client.post("/ru/accounts/2fa/authenticate/", {"code": totp_code()})
    assert after_code.status_code == 302 and after_code["Location"] == "/admin/"
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200


@pytest.mark.django_db
def test_a_platform_admin_lands_in_the_admin(client, make_user, demo_site):
    root = make_user(email="root@example.org", is_superuser=True, is_staff=True)
    assert sign_in(client, root) == "mfa:/admin/"


@pytest.mark.django_db
def test_an_explicit_safe_next_wins_and_an_outside_one_is_ignored(client, make_user, demo_site):
    trainee = make_user(email="reader@example.org")
    assert sign_in(client, trainee, "/ru/kursy/") == "/ru/kursy/"
    client.logout()
    assert sign_in(client, trainee, "https://evil.example/") == "/ru/dashboard/"
    hr = make_user(email="hr@plant.example")
    MembershipFactory(user=hr, organization=OrganizationFactory(slug="plant", kind="employer"), role="hr")
    assert sign_in(client, hr, "/ru/kursy/") == "/ru/kursy/"


@pytest.mark.django_db
def test_confirming_the_address_in_the_signing_up_browser_signs_in_and_goes_on_to_next(client, demo_site):
    signup(client, next="/ru/kursy/")
    link = re.search(r"http://testserver(/ru/accounts/confirm-email/[^/\s]+/)", mail.outbox[0].body).group(1)
    confirmed = client.post(link)
    assert confirmed.status_code == 302 and confirmed["Location"] == "/ru/kursy/"
    assert client.get("/ru/dashboard/").status_code == 200  # signed in
