"""Two-factor authentication required of privileged people (people.mfa, ADR 0013): who is held at the
enrolment page, what stays open, the enrolment through allauth's own pages, the demo codes, and the last
authenticator app that cannot be turned off."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command

from audit.models import AuditEntry
from people.api import requires_mfa
from people.models import ApiToken, Membership
from tests.factories import PASSWORD, MembershipFactory, OrganizationFactory, totp_code, with_totp
from tests.people.test_accounts import url

ENROLMENT = "/ru/accounts/two-factor/required/"
ENROLMENT_PATH = re.compile(r"^/(ru|en)/accounts/two-factor/required/$")


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate limits and the "code already used" marks of allauth live in the cache.
    cache.clear()
    yield
    cache.clear()


def enrolment_target(response) -> str | None:
    """The `next` of a redirect to the enrolment page, or None when the response is something else."""
    if response.status_code != 302:
        return None
    location = urlparse(response["Location"])
    if not ENROLMENT_PATH.match(location.path):
        return None
    return parse_qs(location.query).get("next", [""])[0]


@pytest.fixture
def member(make_user):
    """A person with one role in a fresh employer (and the organisation's slug)."""

    def make(role: str, email: str = "member@example.org"):
        organization = OrganizationFactory(slug="plant", kind="employer")
        user = make_user(email=email)
        MembershipFactory(user=user, organization=organization, role=role)
        return user

    return make


def members_url() -> str:
    return "/ru/accounts/organizations/plant/members/"


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["superuser", "staff", "editor"])
def test_admin_people_without_an_authenticator_app_are_sent_to_enrolment(client, make_user, demo_site, kind):
    if kind == "superuser":
        user = make_user(email="root@example.org", is_superuser=True, is_staff=True)
    elif kind == "staff":
        user = make_user(email="staff@example.org", is_staff=True)
    else:  # an editor of the demo university gets into the admin through its publisher space
        user = make_user(email="author@example.org")
        Membership.objects.create(
            user=user, organization_id=OrganizationFactory(slug="demo-university").pk, role=Membership.EDITOR
        )
        assert user.has_perm("wagtailadmin.access_admin")
    client.force_login(user)
    for path in ("/admin/", "/admin/pages/", "/admin/audit/?action=x"):
        assert enrolment_target(client.get(path)) == path


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Membership.ADMIN, Membership.REVIEWER])
def test_organisation_admins_and_reviewers_without_it_are_sent_to_enrolment(client, member, role):
    client.force_login(member(role))
    for path in (members_url(), "/en/accounts/organizations/plant/dossier/", "/ru/accounts/organizations/x/"):
        assert enrolment_target(client.get(path)) == path


@pytest.mark.django_db
def test_hr_and_trainees_are_not_asked_for_two_factor(client, member, trainee, demo_site):
    hr = member(Membership.HR)
    assert not requires_mfa(hr) and not requires_mfa(trainee)
    client.force_login(hr)
    assert client.get("/ru/accounts/organizations/plant/staff/").status_code == 200
    client.force_login(trainee)
    response = client.get("/admin/")
    assert response.status_code == 302 and enrolment_target(response) is None  # Wagtail's own refusal
    assert client.get("/ru/accounts/profile/").status_code == 200


@pytest.mark.django_db
def test_nothing_can_be_changed_before_enrolment(client, member, demo_site):
    client.force_login(member(Membership.ADMIN))
    response = client.post("/ru/accounts/organizations/plant/tokens/", {"name": "ERP"})
    assert response.status_code == 403
    assert not ApiToken.objects.exists()
    user = get_user_model().objects.create_superuser(email="root@example.org", password=PASSWORD)
    client.force_login(user)
    assert client.post("/admin/certificates/1/revoke/", {"reason": "error"}).status_code == 403


@pytest.mark.django_db
def test_with_an_authenticator_app_they_pass(client, member, make_user, demo_site):
    admin = with_totp(member(Membership.ADMIN))
    client.force_login(admin)
    assert client.get(members_url()).status_code == 200
    root = with_totp(make_user(email="root@example.org", is_superuser=True, is_staff=True))
    client.force_login(root)
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_the_enrolment_page_and_the_rest_of_the_site_stay_open(client, member, demo_site):
    client.force_login(member(Membership.ADMIN))
    page = client.get(ENROLMENT, {"next": members_url()})
    assert page.status_code == 200
    body = page.content.decode()
    assert "data-mfa-required" in body and f'href="{url("mfa_activate_totp")}"' in body
    for path in (url("mfa_index"), url("account_reauthenticate"), "/ru/", url("people:profile")):
        assert client.get(path).status_code == 200, path
    assert client.post(url("account_logout")).status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_enrolment_needs_a_safe_next(client, member):
    client.force_login(member(Membership.ADMIN))
    client.get(ENROLMENT, {"next": "https://evil.example/"})
    assert "mfa_enrolment_next" not in client.session


@pytest.mark.django_db
def test_first_sign_in_shows_the_enrolment_page(client, member):
    user = member(Membership.ADMIN)
    response = client.post(url("account_login"), {"login": user.email, "password": PASSWORD})
    # Then on to where an employer's administrator starts: the training matrix.
    assert enrolment_target(response) == "/ru/accounts/organizations/plant/matrix/"


@pytest.mark.django_db
def test_enrolment_activation_recovery_codes_then_back_where_they_were_going(
    client, member, django_capture_on_commit_callbacks
):
    user = member(Membership.ADMIN)
    # Signing in on the way to an organisation screen leads to the enrolment page first.
    response = client.post(
        url("account_login") + f"?next={members_url()}", {"login": user.email, "password": PASSWORD}
    )
    assert enrolment_target(response) == members_url()
    page = client.get(response["Location"])
    assert page.status_code == 200

    # allauth asks for the password again before two-factor changes, then goes on to its activation page:
    # the QR code's secret is kept in the session until the code is entered.
    asked = client.get(url("mfa_activate_totp"))
    assert asked.status_code == 302 and asked["Location"].startswith(url("account_reauthenticate"))
    resumed = client.post(asked["Location"], {"password": PASSWORD})
    assert resumed["Location"] == url("mfa_activate_totp")
    assert client.get(url("mfa_activate_totp")).status_code == 200
    secret = client.session["mfa.totp.secret"]
    with django_capture_on_commit_callbacks(execute=True):
        activated = client.post(url("mfa_activate_totp"), {"code": totp_code(secret)})
    assert activated.status_code == 302 and activated["Location"] == url("mfa_view_recovery_codes")
    assert set(Authenticator.objects.filter(user=user).values_list("type", flat=True)) == {
        "totp",
        "recovery_codes",
    }

    codes = client.get(activated["Location"])
    assert codes.status_code == 200
    body = codes.content.decode()
    assert len(re.findall(r"\b\d{8}\b", body)) >= 10  # the recovery codes are shown
    assert f'href="{ENROLMENT}"' in body  # … with the way on

    onward = client.get(ENROLMENT)
    assert onward.status_code == 302 and onward["Location"] == members_url()
    assert client.get(members_url()).status_code == 200
    assert "mfa_enrolment_next" not in client.session

    added = AuditEntry.objects.filter(action="authenticator.added", actor_id=user.pk)
    assert sorted(entry.after["type"] for entry in added) == ["recovery_codes", "totp"]


@pytest.mark.django_db
def test_demo_code_prints_a_code_allauth_accepts(client, demo_site, capsys):
    call_command("demo_code")
    out = capsys.readouterr().out
    codes = dict(re.findall(r"^\s+(\S+@\S+)\s+(\d{6})$", out, flags=re.M))
    assert set(codes) == {
        "admin@cart-academy.example",
        "editor@university.example",
        "reviewer@university.example",
        "hr@employer.example",
    }
    editor = get_user_model().objects.get(email="editor@university.example")
    response = client.post(url("account_login"), {"login": editor.email, "password": "cart-demo-2026"})
    assert response["Location"] == url("mfa_authenticate")
    signed_in = client.post(url("mfa_authenticate"), {"code": codes[editor.email]})
    assert signed_in.status_code == 302 and int(client.session["_auth_user_id"]) == editor.pk
    assert client.get("/admin/").status_code == 200


def sign_in_with_code(client, user):
    """Sign in as someone with `with_totp`'s authenticator app: password, then the app's code."""
    client.post(url("account_login"), {"login": user.email, "password": PASSWORD})
    response = client.post(url("mfa_authenticate"), {"code": totp_code()})
    assert int(client.session["_auth_user_id"]) == user.pk, response
    # allauth asks for the password again before two-factor changes.
    client.post(url("account_reauthenticate"), {"password": PASSWORD})


@pytest.mark.django_db
def test_the_only_authenticator_app_of_a_required_person_cannot_be_turned_off(client, member):
    user = with_totp(member(Membership.REVIEWER))
    sign_in_with_code(client, user)
    response = client.post(url("mfa_deactivate_totp"))
    assert response.status_code == 200  # the form again, with the reason
    assert response.context["form"].errors
    assert Authenticator.objects.filter(user=user, type="totp").exists()


@pytest.mark.django_db
def test_others_may_turn_it_off_and_it_is_audited(client, trainee, django_capture_on_commit_callbacks):
    with_totp(trainee)
    sign_in_with_code(client, trainee)
    response = client.post(url("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=trainee).exists()
    assert AuditEntry.objects.filter(action="authenticator.removed", actor_id=trainee.pk).exists()


@pytest.mark.django_db
def test_the_required_roles_are_one_setting(member, settings):
    reviewer = member(Membership.REVIEWER)
    assert requires_mfa(reviewer)
    settings.MFA_REQUIRED_ROLES = ["admin"]
    assert not requires_mfa(reviewer)
