"""Organisation members: bulk certificate verification, API tokens (hashed, shown once) and the bulk API."""

import csv
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from certificates.models import Certificate
from people.models import ApiToken, Organization
from people.tokens import authenticate_token, create_token


@pytest.fixture
def hr(demo_site):
    return get_user_model().objects.get(email="hr@employer.example")


@pytest.fixture
def employer(demo_site):
    return Organization.objects.get(slug="demo-employer")


def demo_codes():
    return {
        c.status: c.code for c in Certificate.objects.filter(holder__email="trainee@cart-academy.example")
    }


@pytest.mark.django_db
def test_tokens_are_stored_hashed_and_shown_once(client, hr, employer):
    client.force_login(hr)
    page = client.post("/ru/accounts/organizations/demo-employer/tokens/", {"name": "HR-система"})
    body = page.content.decode()
    token = ApiToken.objects.get(organization=employer)
    secret = body.split('class="token-secret">')[1].split("<")[0]
    assert secret.startswith(f"cart_{token.prefix}_") and secret.split("_", 2)[2] not in token.secret_hash
    assert authenticate_token(secret) == token
    again = client.get("/ru/accounts/organizations/demo-employer/tokens/").content.decode()
    assert secret not in again and token.prefix in again


@pytest.mark.django_db
def test_bulk_api_needs_a_live_token_and_answers_per_code(client, employer, demo_site):
    codes = demo_codes()
    payload = {"codes": [codes["valid"], codes["revoked"], "hello", "ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ-Z"]}
    url = "/api/v1/certificates/verify"
    assert client.post(url, payload, content_type="application/json").status_code == 401
    assert (
        client.post(
            url, payload, content_type="application/json", HTTP_AUTHORIZATION="Bearer cart_x_y"
        ).status_code
        == 401
    )
    token, secret = create_token(organization=employer, name="ERP")
    response = client.post(
        url, payload, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert response.status_code == 200
    statuses = [row["status"] for row in json.loads(response.content)["results"]]
    assert statuses == ["valid", "revoked", "invalid", "not_found"]
    token.revoked_at = token.created_at
    token.save()
    assert (
        client.post(
            url, payload, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}"
        ).status_code
        == 401
    )


@pytest.mark.django_db
def test_bulk_api_refuses_more_than_1000_codes(client, employer):
    _token, secret = create_token(organization=employer, name="ERP")
    response = client.post(
        "/api/v1/certificates/verify",
        {"codes": ["x"] * 1001},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 400


@pytest.mark.django_db
def test_bulk_page_pasted_and_uploaded_with_csv_download(client, hr):
    codes = demo_codes()
    client.force_login(hr)
    url = "/ru/accounts/organizations/demo-employer/verify/"
    page = client.post(url, {"codes": f"{codes['valid']}\n  not a code \n{codes['expired'].lower()}"})
    text = page.content.decode()
    assert "Не код сертификата" in text and "Действителен" in text and "Срок действия истёк" in text
    upload = SimpleUploadedFile("codes.csv", f"code\n{codes['superseded']}\n".encode())
    download = client.post(url, {"codes": "", "file": upload, "format": "csv"})
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Введено", "Код", "Статус"]
    assert [row[2] for row in rows[1:]] == ["Заменён"]  # the heading row "code" is skipped


@pytest.mark.django_db
def test_only_members_verify_and_only_admins_manage_tokens(client, trainee, hr, employer):
    from people.models import Membership

    client.force_login(trainee)
    assert client.get("/ru/accounts/organizations/demo-employer/verify/").status_code == 403
    Membership.objects.create(user=trainee, organization=employer, role=Membership.HR)
    assert client.get("/ru/accounts/organizations/demo-employer/verify/").status_code == 200
    assert client.get("/ru/accounts/organizations/demo-employer/tokens/").status_code == 403
    assert client.get("/ru/accounts/organizations/nobody/verify/").status_code == 404


@pytest.mark.django_db
def test_openapi_lists_the_bulk_endpoint_with_bearer_auth(client):
    schema = json.loads(client.get("/api/v1/openapi.json").content)
    assert "/api/v1/certificates/verify" in schema["paths"]
    assert any(s.get("scheme") == "bearer" for s in schema["components"]["securitySchemes"].values())


@pytest.mark.django_db
def test_consent_decides_what_the_employer_sees(client, hr, employer, trainee):
    from employers.services import staff_roster

    client.force_login(hr)
    roster_url = "/ru/accounts/organizations/demo-employer/staff/"
    assert "trainee@example.org" not in client.get(roster_url).content.decode()  # no consent, no data
    client.force_login(trainee)
    found = client.get("/ru/accounts/employers/", {"q": "Демо"}).content.decode()
    assert "Демо-производство CAR-T" in found
    client.post("/ru/accounts/employers/", {"organization": employer.pk})
    assert [m.user for m in staff_roster(organization=employer)].count(trainee) == 1
    client.force_login(hr)
    assert "trainee@example.org" in client.get(roster_url).content.decode()
    client.force_login(trainee)
    client.post("/ru/accounts/employers/", {"organization": employer.pk, "action": "withdraw"})
    client.force_login(hr)
    assert "trainee@example.org" not in client.get(roster_url).content.decode()  # withdrawn: gone at once


@pytest.mark.django_db
def test_roster_filters_by_expiry_and_exports_csv(client, hr, employer):
    client.force_login(hr)
    everyone = client.get("/ru/accounts/organizations/demo-employer/staff/").content.decode()
    assert "trainee@cart-academy.example" in everyone  # the demo trainee consented
    soon = client.get("/ru/accounts/organizations/demo-employer/staff/", {"within": "90"}).content.decode()
    assert "trainee@cart-academy.example" in soon  # her reissued certificate expires within 90 days
    download = client.get("/ru/accounts/organizations/demo-employer/staff/", {"format": "csv"})
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:7] == ["Сотрудник", "Адрес электронной почты", "Код", "Курс", "Версия", "Статус"] + [
        "Действует до"
    ]
    trainee_rows = [row for row in rows[1:] if row[1] == "trainee@cart-academy.example"]
    assert {row[5] for row in trainee_rows} == {"Действителен", "Срок действия истёк", "Отозван", "Заменён"}
    # Staff without certificates still appear, with empty certificate columns.
    assert ["", "", "", "", "", ""] in [row[2:] for row in rows[1:] if row[1] == "qc@employer.example"]


@pytest.mark.django_db
def test_staff_api_returns_the_consented_roster(client, employer, trainee):
    _token, secret = create_token(organization=employer, name="HRIS")
    assert client.get("/api/v1/staff").status_code == 401
    data = json.loads(client.get("/api/v1/staff", HTTP_AUTHORIZATION=f"Bearer {secret}").content)
    emails = [member["email"] for member in data["staff"]]
    assert "trainee@cart-academy.example" in emails and trainee.email not in emails


@pytest.mark.django_db
def test_roster_query_count_does_not_grow_with_staff(client, hr, employer, make_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from employers.services import link_employer

    client.force_login(hr)
    url = "/ru/accounts/organizations/demo-employer/staff/"

    def count():
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    small = count()
    for index in range(20):
        link_employer(user=make_user(email=f"staff{index}@example.org"), organization=employer)
    assert count() == small


@pytest.mark.django_db
def test_members_leave_admins_remove_and_the_last_admin_stays(client, hr, employer, trainee):
    from people.models import Membership

    member = Membership.objects.create(user=trainee, organization=employer, role=Membership.HR)
    client.force_login(trainee)
    admin_membership = Membership.objects.get(user=hr, role=Membership.ADMIN)
    outsider_try = client.post(f"/ru/accounts/organizations/demo-employer/members/{admin_membership.pk}/end/")
    assert outsider_try.status_code == 403  # a plain member cannot remove others
    client.post(f"/ru/accounts/organizations/demo-employer/members/{member.pk}/end/")
    assert not Membership.objects.filter(pk=member.pk).exists()  # left

    again = Membership.objects.create(user=trainee, organization=employer, role=Membership.HR)
    client.force_login(hr)
    assert trainee.email in client.get("/ru/accounts/organizations/demo-employer/members/").content.decode()
    client.post(f"/ru/accounts/organizations/demo-employer/members/{again.pk}/end/")
    assert not Membership.objects.filter(pk=again.pk).exists()  # removed by the admin

    last_admin = Membership.objects.get(user=hr, role=Membership.ADMIN)
    response = client.post(
        f"/ru/accounts/organizations/demo-employer/members/{last_admin.pk}/end/", follow=True
    )
    assert Membership.objects.filter(pk=last_admin.pk).exists()
    assert "хотя бы один администратор" in response.content.decode()
