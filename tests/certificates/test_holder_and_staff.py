"""The holder's dashboard, staff actions in the admin, the export command, concurrency, demo states."""

import csv
import io
import json
import threading

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, connections

from certificates.models import Certificate
from certificates.services import issue_certificate


@pytest.mark.django_db
def test_demo_trainee_holds_a_certificate_in_each_state(demo_site):
    trainee = get_user_model().objects.get(email="trainee@cart-academy.example")
    states = sorted(certificate.status for certificate in Certificate.objects.filter(holder=trainee))
    assert states == ["expired", "revoked", "superseded", "valid"]


@pytest.mark.django_db
def test_dashboard_lists_certificates_with_actions_and_renewals(client, demo_site):
    trainee = get_user_model().objects.get(email="trainee@cart-academy.example")
    client.force_login(trainee)
    page = BeautifulSoup(client.get("/ru/dashboard/").content, "html.parser")
    cards = page.select(".certificate-card")
    assert len(cards) == 4
    valid = page.select_one(".certificate-card.status-valid")
    assert valid.select_one('a[href$="/pdf"]') and valid.select_one("svg")
    # Copy (a button the script shows; the link stays readable as text), LinkedIn and VK: plain links.
    code = valid.select_one("[data-certificate-pdf]")["href"].split("/")[2]
    assert valid.select_one("[data-copy-text]")["data-copy-text"].endswith(f"/verify/{code}/")
    assert valid.select_one("[data-verify-link]").text.endswith(f"/verify/{code}/")
    linkedin = valid.select_one("[data-share=linkedin]")["href"]
    assert linkedin.startswith("https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name=")
    assert f"certId={code}" in linkedin and "organizationName=" in linkedin and "issueYear=" in linkedin
    assert valid.select_one("[data-share=vk]")["href"].startswith("https://vk.com/share.php?url=")
    assert "renewal-due" in valid["class"]  # the demo's valid certificate expires within 90 days
    assert not page.select_one(".certificate-card.status-revoked a[href$='/pdf']")
    assert page.select("#renewals + ul li")
    # A void certificate states no validity; an expired one says when it ended.
    assert "Действует до" in valid.text
    for status in ("revoked", "superseded"):
        assert "Действует до" not in page.select_one(f".certificate-card.status-{status}").text, status
    expired = page.select_one(".certificate-card.status-expired").text
    assert "Действует до" not in expired and "истёк" in expired


@pytest.fixture
def admin_client(client, demo_site):
    client.force_login(get_user_model().objects.get(email="admin@cart-academy.example"))
    return client


@pytest.mark.django_db
def test_staff_find_revoke_reissue_and_rerender(admin_client, trainee, demo_course):
    certificate = issue_certificate(user=trainee, course=demo_course).certificate
    listing = admin_client.get("/admin/certificates/", {"q": certificate.code})
    assert listing.status_code == 200 and certificate.code in listing.content.decode()
    assert admin_client.get("/admin/certificates/", {"status": "valid"}).status_code == 200
    trainee.full_name = "Анна Исправленная"
    trainee.save()
    response = admin_client.post(f"/admin/certificates/{certificate.pk}/reissue/")
    replacement = Certificate.objects.get(holder=trainee, superseded_at__isnull=True)
    assert response["Location"] == f"/admin/certificates/{replacement.pk}/"
    assert replacement.holder_name == "Анна Исправленная"
    certificate.refresh_from_db()
    assert certificate.status == "superseded"
    admin_client.post(f"/admin/certificates/{replacement.pk}/revoke/", {"reason": "misconduct"})
    replacement.refresh_from_db()
    assert replacement.status == "revoked" and replacement.revocation_reason == "misconduct"
    assert admin_client.post(f"/admin/certificates/{replacement.pk}/regenerate/").status_code == 302


@pytest.mark.django_db
def test_trainees_cannot_reach_certificate_admin(client, trainee, demo_site):
    client.force_login(trainee)
    assert client.get("/admin/certificates/").status_code in (302, 403)


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_lists_every_certificate_with_code_and_status(demo_site, fmt):
    out = io.StringIO()
    call_command("export_certificates", "--format", fmt, stdout=out, stderr=io.StringIO())
    rows = json.loads(out.getvalue()) if fmt == "json" else list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == Certificate.objects.count() >= 4
    assert {row["status"] for row in rows} >= {"valid", "expired", "revoked", "superseded"}
    assert all(row["code"] for row in rows)


@pytest.mark.django_db
def test_key_rotation_keeps_old_signatures_verifiable(client, trainee, demo_course, tmp_path, settings):
    from certificates import signing

    old = issue_certificate(user=trainee, course=demo_course).certificate
    settings.CERTIFICATE_SIGNING_KEY_FILE = str(tmp_path / "signing.pem")
    signing._cached_private_key.cache_clear()
    call_command("rotate_signing_key", stdout=io.StringIO())
    kids = [key["kid"] for key in json.loads(client.get("/.well-known/jwks.json").content)["keys"]]
    assert old.key_id in kids and len(kids) >= 2
    assert json.loads(client.get(f"/api/v1/certificates/{old.code}").content)["signature_valid"] is True
    signing._cached_private_key.cache_clear()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_ten_simultaneous_issuances_give_one_certificate(make_user, demo_course):
    user = make_user(email="race@example.org")
    barrier = threading.Barrier(10)
    results = []

    def issue():
        try:
            barrier.wait()
            results.append(issue_certificate(user=user, course=demo_course).certificate.pk)
        except Exception as error:  # noqa: BLE001 - collected and asserted on
            results.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(results)) == 1, results
    assert Certificate.objects.filter(holder=user).count() == 1
