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
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    assert rows[0][:3] == ["input", "code", "status"]
    assert [row[2] for row in rows[1:]] == ["invalid", "superseded"]  # the CSV header row is not a code


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
