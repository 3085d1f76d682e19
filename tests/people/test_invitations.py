"""Invitations by email: who may invite whom, the one-time link, and what accepting it does."""

import hashlib
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from employers.models import EmployerConsent
from people.models import Invitation, Membership, Organization

UNIVERSITY_INVITE = "/ru/accounts/organizations/demo-university/invite/"
EMPLOYER_INVITE = "/ru/accounts/organizations/demo-employer/invite/"
LINK = re.compile(r"http://testserver/(?:ru|en)/accounts/invitations/([A-Za-z0-9_-]+)/")


def in_russian(message: str, **values) -> str:
    """What the Russian pages show for `message` (its translation, or the English text until there is one)."""
    with translation.override("ru"):
        text = gettext(message)
    return text % values if values else text


def accept_url(token: str) -> str:
    return f"/ru/accounts/invitations/{token}/"


@pytest.fixture
def university(demo_site):
    return Organization.objects.get(slug="demo-university")


@pytest.fixture
def employer(demo_site):
    return Organization.objects.get(slug="demo-employer")


@pytest.fixture
def university_admin(demo_site):
    return get_user_model().objects.get(email="reviewer@university.example")


@pytest.fixture
def hr(demo_site):
    return get_user_model().objects.get(email="hr@employer.example")


@pytest.fixture
def invite(client, django_capture_on_commit_callbacks):
    """POST the invite form as `by` and return (response, token of the link emailed, if any)."""

    def send(by, url, email, role):
        client.force_login(by)
        before = len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"email": email, "role": role})
        sent = mail.outbox[before:]
        tokens = {token for message in sent for token in LINK.findall(message.body)}
        assert len(tokens) <= 1
        client.logout()
        return response, (tokens.pop() if tokens else None)

    return send


@pytest.mark.django_db
def test_an_admin_invites_an_editor_who_accepts_once(client, invite, university, university_admin, make_user):
    response, token = invite(university_admin, UNIVERSITY_INVITE, "New.Editor@Example.ORG", "editor")
    assert response.status_code == 302 and response["Location"] == UNIVERSITY_INVITE
    message = mail.outbox[-1]
    assert message.to == ["new.editor@example.org"]
    assert accept_url(token) in message.body  # the Russian part; the English one links /en/…
    invitation = Invitation.objects.get(organization=university, email="new.editor@example.org")
    assert invitation.role == "editor" and invitation.invited_by == university_admin
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest() and token not in str(
        invitation.token_hash
    )

    invitee = make_user(email="new.editor@example.org")
    client.force_login(invitee)
    page = client.get(accept_url(token))
    assert page.status_code == 200
    assert university.name_ru in page.content.decode()
    assert not Membership.objects.filter(user=invitee).exists()  # looking is not accepting

    accepted = client.post(accept_url(token))
    assert accepted.status_code == 302 and accepted["Location"] == reverse("people:profile")
    assert Membership.objects.filter(user=invitee, organization=university, role="editor").count() == 1
    assert invitee.groups.filter(pk=university.publisher_space.editors_id).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_by == invitee and invitation.accepted_at is not None

    again = client.post(accept_url(token))
    assert again.status_code == 410
    assert in_russian("This invitation has already been used.") in again.content.decode()
    assert client.get(accept_url(token)).status_code == 410
    assert Membership.objects.filter(user=invitee, organization=university).count() == 1


@pytest.mark.django_db
def test_an_expired_link_is_refused(client, invite, university, university_admin, make_user):
    _response, token = invite(university_admin, UNIVERSITY_INVITE, "late@example.org", "reviewer")
    Invitation.objects.filter(email="late@example.org").update(
        expires_at=timezone.now() - timezone.timedelta(minutes=1)
    )
    client.force_login(make_user(email="late@example.org"))
    for response in (client.get(accept_url(token)), client.post(accept_url(token))):
        assert response.status_code == 410
        expected = in_russian(
            "This invitation has expired. Ask %(organization)s to send a new one.",
            organization=university.name_ru,
        )
        assert expected in response.content.decode()
    assert not Membership.objects.filter(user__email="late@example.org").exists()


@pytest.mark.django_db
def test_an_unknown_token_is_refused(client, demo_site):
    response = client.get(accept_url("no-such-token"))
    assert response.status_code == 410
    assert (
        in_russian("This invitation link is not valid. Check that you copied all of it.")
        in response.content.decode()
    )


@pytest.mark.django_db
def test_another_account_cannot_accept(client, invite, university, university_admin, make_user):
    _response, token = invite(university_admin, UNIVERSITY_INVITE, "invited@example.org", "editor")
    make_user(email="invited@example.org")
    stranger = make_user(email="stranger@example.org")
    client.force_login(stranger)
    response = client.post(accept_url(token))
    assert response.status_code == 403
    assert "invited@example.org" in response.content.decode()
    assert not Membership.objects.filter(
        organization=university, user__email__endswith="@example.org"
    ).exists()
    assert Invitation.objects.get(email="invited@example.org").accepted_at is None  # still usable


@pytest.mark.django_db
def test_an_unverified_address_cannot_accept(client, invite, university, university_admin, make_user):
    _response, token = invite(university_admin, UNIVERSITY_INVITE, "unverified@example.org", "editor")
    client.force_login(make_user(email="unverified@example.org", verified=False))
    assert client.post(accept_url(token)).status_code == 403
    assert not Membership.objects.filter(user__email="unverified@example.org").exists()


@pytest.mark.django_db
def test_inviting_a_member_in_the_role_they_have_is_refused(client, invite, university, university_admin):
    before = Invitation.objects.count()
    response, token = invite(university_admin, UNIVERSITY_INVITE, "editor@university.example", "editor")
    assert response.status_code == 200 and token is None
    expected = in_russian("%(email)s is already a member in this role.", email="editor@university.example")
    assert expected in response.content.decode()
    assert response.context["form"].errors["email"] == [expected]
    assert Invitation.objects.count() == before


@pytest.mark.django_db
def test_hr_may_invite_only_staff(client, invite, employer, make_user):
    hr_only = make_user(email="hr-only@example.org")
    Membership.objects.create(user=hr_only, organization=employer, role=Membership.HR)
    client.force_login(hr_only)
    page = client.get(EMPLOYER_INVITE)
    assert page.status_code == 200
    assert [role for role, _label in page.context["form"].fields["role"].choices] == ["staff"]

    response, token = invite(hr_only, EMPLOYER_INVITE, "would-be-admin@example.org", "admin")
    assert response.status_code == 200 and token is None
    assert "role" in response.context["form"].errors
    assert not Invitation.objects.filter(email="would-be-admin@example.org").exists()

    _response, token = invite(hr_only, EMPLOYER_INVITE, "worker@example.org", "staff")
    assert token and Invitation.objects.get(email="worker@example.org").role == "staff"


@pytest.mark.django_db
def test_the_employer_admin_may_offer_every_employer_role(client, hr):
    client.force_login(hr)  # HR and administrator of the demo employer
    choices = client.get(EMPLOYER_INVITE).context["form"].fields["role"].choices
    assert [role for role, _label in choices] == ["staff", "hr", "admin"]


@pytest.mark.django_db
def test_non_members_and_plain_members_cannot_invite(client, trainee, university, make_user):
    client.force_login(trainee)
    assert client.get(EMPLOYER_INVITE).status_code == 403
    assert client.post(EMPLOYER_INVITE, {"email": "x@example.org", "role": "staff"}).status_code == 403
    assert client.get(UNIVERSITY_INVITE).status_code == 403
    editor = get_user_model().objects.get(email="editor@university.example")
    client.force_login(editor)  # an editor, not an administrator
    assert client.get(UNIVERSITY_INVITE).status_code == 403
    assert not Invitation.objects.filter(email="x@example.org").exists()
    assert client.get("/ru/accounts/organizations/nobody/invite/").status_code == 404


@pytest.mark.django_db
def test_an_accepted_staff_invitation_shares_records_with_the_employer(
    client, invite, employer, hr, make_user
):
    _response, token = invite(hr, EMPLOYER_INVITE, "technician@example.org", "staff")
    person = make_user(email="technician@example.org")
    client.force_login(person)
    page = client.get(accept_url(token)).content.decode()
    assert employer.name_ru in page
    response = client.post(accept_url(token))
    assert response.status_code == 302 and response["Location"] == reverse("employers:employers")
    consent = EmployerConsent.objects.get(user=person, organization=employer)
    assert consent.withdrawn_at is None
    assert not Membership.objects.filter(user=person).exists()  # staff share records; they are not members
    client.force_login(hr)
    assert (
        "technician@example.org"
        in client.get("/ru/accounts/organizations/demo-employer/staff/").content.decode()
    )


@pytest.mark.django_db
def test_inviting_staff_who_already_share_is_refused(client, invite, employer, hr):
    before = Invitation.objects.count()
    response, token = invite(hr, EMPLOYER_INVITE, "qc@employer.example", "staff")  # consented in the demo
    assert response.status_code == 200 and token is None
    assert in_russian("%(email)s already shares their records with you.", email="qc@employer.example") in (
        response.content.decode()
    )
    assert Invitation.objects.count() == before


@pytest.mark.django_db
def test_a_new_invitation_replaces_the_pending_one(client, invite, university, university_admin, make_user):
    _response, first = invite(university_admin, UNIVERSITY_INVITE, "twice@example.org", "reviewer")
    _response, second = invite(university_admin, UNIVERSITY_INVITE, "twice@example.org", "reviewer")
    assert first and second and first != second
    invitations = Invitation.objects.filter(email="twice@example.org").order_by("created_at", "pk")
    assert [invitation.cancelled_at is not None for invitation in invitations] == [True, False]

    client.force_login(make_user(email="twice@example.org"))
    old = client.post(accept_url(first))
    assert old.status_code == 410
    assert in_russian("This invitation was withdrawn or replaced by a newer one.") in old.content.decode()
    assert not Membership.objects.filter(user__email="twice@example.org").exists()
    assert client.post(accept_url(second)).status_code == 302
    assert Membership.objects.filter(user__email="twice@example.org", role="reviewer").exists()


@pytest.mark.django_db
def test_an_admin_withdraws_a_pending_invitation(client, invite, university, university_admin, make_user):
    _response, token = invite(university_admin, UNIVERSITY_INVITE, "withdrawn@example.org", "editor")
    invitation = Invitation.objects.get(email="withdrawn@example.org")
    client.force_login(university_admin)
    assert invitation in client.get(UNIVERSITY_INVITE).context["pending"]  # pending, listed
    cancel = f"/ru/accounts/organizations/demo-university/invitations/{invitation.pk}/cancel/"
    assert client.post(cancel).status_code == 302
    assert invitation not in client.get(UNIVERSITY_INVITE).context["pending"]
    client.force_login(make_user(email="withdrawn@example.org"))
    assert client.post(accept_url(token)).status_code == 410
    assert not Membership.objects.filter(user__email="withdrawn@example.org").exists()


@pytest.mark.django_db
def test_hr_cannot_withdraw_invitations_to_roles_they_may_not_offer(client, invite, employer, hr, make_user):
    _response, _token = invite(hr, EMPLOYER_INVITE, "future-admin@example.org", "admin")
    invitation = Invitation.objects.get(email="future-admin@example.org")
    hr_only = make_user(email="hr-only@example.org")
    Membership.objects.create(user=hr_only, organization=employer, role=Membership.HR)
    client.force_login(hr_only)
    cancel = f"/ru/accounts/organizations/demo-employer/invitations/{invitation.pk}/cancel/"
    assert client.post(cancel).status_code == 404
    invitation.refresh_from_db()
    assert invitation.cancelled_at is None


@pytest.mark.django_db
def test_an_anonymous_visitor_sees_the_invitation_but_must_sign_in_to_accept(
    client, invite, university, university_admin
):
    _response, token = invite(university_admin, UNIVERSITY_INVITE, "anon@example.org", "editor")
    page = client.get(accept_url(token))
    assert page.status_code == 200 and university.name_ru in page.content.decode()
    response = client.post(accept_url(token))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={accept_url(token)}"
    assert Invitation.objects.get(email="anon@example.org").accepted_at is None


@pytest.mark.django_db
def test_a_new_person_signs_up_verifies_signs_in_and_lands_back_on_the_invitation(client, demo_site):
    import re

    from django.contrib.auth import get_user_model as users
    from django.core import mail as outbox

    from employers.models import EmployerConsent
    from people.invitations import create_invitation
    from people.models import Invitation, Organization

    employer = Organization.objects.get(slug="demo-employer")
    hr = users().objects.get(email="hr@employer.example")
    _invitation, token = create_invitation(
        organization=employer, email="newcomer@example.org", role=Invitation.STAFF, by=hr
    )
    link = f"/ru/accounts/invitations/{token}/"
    assert client.get(link).status_code == 200  # seen before having an account
    password = "Xy7!long-pass-word"
    client.post(
        f"/ru/accounts/signup/?next={link}",
        {
            "email": "newcomer@example.org",
            "password1": password,
            "password2": password,
            "full_name": "Нина Ким",
            "personal_data_consent": "on",
        },
    )
    confirm = re.search(r"/ru/accounts/confirm-email/[^\s]+", outbox.outbox[-1].body).group(0)
    assert client.post(confirm).status_code == 302
    signed_in = client.post("/ru/accounts/login/", {"login": "newcomer@example.org", "password": password})
    assert signed_in["Location"] == link
    assert client.post(link).status_code == 302
    assert EmployerConsent.objects.filter(user__email="newcomer@example.org", organization=employer).exists()
