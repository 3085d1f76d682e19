"""The verification cache (ADR 0019): a warm entry is served without queries, and any change to the
certificate, its signing keys or its course's versions is seen on the very next call.

Changes run their on-commit callbacks (`django_capture_on_commit_callbacks(execute=True)`), as a committed
transaction does in production; without them the entry would not be dropped (the test transaction never
commits)."""

import io
import json
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from certificates import signing
from certificates.codes import new_code
from certificates.lookup import _verify_row
from certificates.models import Certificate
from certificates.services import issue_certificate, reissue_certificate
from certificates.tasks import store_pdf
from certificates.verification import _entry_key, cached_verification, verification_cache
from courses.api import CourseVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(trainee, demo_course, settings, django_capture_on_commit_callbacks):
    settings.VERIFY_RATE_LIMIT = "100000/m"
    with django_capture_on_commit_callbacks(execute=True):  # the credentials are signed after the commit
        issued = issue_certificate(user=trainee, course=demo_course).certificate
    issued.refresh_from_db()
    assert issued.credentials
    return issued


def _get(client, url):
    """The response and the number of queries it cost."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, len(captured)


def _api(code):
    return f"/api/v1/certificates/{code}"


def _warm(client, code) -> int:
    """Fill the entry; assert the next call is a hit. The miss's query count."""
    miss = _get(client, _api(code))[1]
    hit = _get(client, _api(code))[1]
    assert hit == 0 < miss, (hit, miss)
    return miss


def test_a_hit_costs_no_query_and_a_miss_a_few_at_two_table_sizes(client, certificate, trainee):
    page = f"/verify/{certificate.code}/"
    small_miss = _warm(client, certificate.code)
    client.get(page)
    small_page = _get(client, page)[1]
    Certificate.objects.bulk_create(
        Certificate(
            holder=trainee,
            course_key=certificate.course_key,
            course_version=f"v{index}",
            holder_name="X",
            course_title_ru="К",
            course_title_en="C",
            issuer_name="I",
            jws=certificate.jws,
            key_id=certificate.key_id,
        )
        for index in range(1000)
    )
    verification_cache().clear()
    large_miss = _warm(client, certificate.code)
    client.get(page)
    large_page = _get(client, page)[1]
    assert small_miss == large_miss <= 3  # the certificate, its key, the course's major versions
    assert small_page == large_page <= 2  # the page's site-wide parts; nothing of the certificate


def test_revocation_is_seen_on_the_next_call_and_page(
    client, certificate, django_capture_on_commit_callbacks
):
    _warm(client, certificate.code)
    client.get(f"/verify/{certificate.code}/")
    assert "Действителен" in client.get(f"/verify/{certificate.code}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        certificate.revoke(reason="misconduct")
    data = client.get(_api(certificate.code)).json()
    assert data["status"] == "revoked" and data["revocation_reason"] == "misconduct"
    page = client.get(f"/verify/{certificate.code}/").content.decode()
    assert "Отозван" in page and "Нарушение правил тестирования" in page


def test_reissue_is_seen_on_the_next_call(client, certificate, trainee, django_capture_on_commit_callbacks):
    _warm(client, certificate.code)
    trainee.full_name = "Анна Сергеевна Смирнова"
    trainee.save()
    with django_capture_on_commit_callbacks(execute=True):
        new = reissue_certificate(certificate=certificate)
    data = client.get(_api(certificate.code)).json()
    assert data["status"] == "superseded" and data["superseded_by"] == new.code
    page = client.get(f"/verify/{certificate.code}/").content.decode()
    assert new.code in page and "Заменён" in page
    fresh = client.get(_api(new.code)).json()
    assert fresh["status"] == "valid" and fresh["holder"]["name"] == "Анна Сергеевна Смирнова"


def test_a_re_rendered_pdf_drops_the_entry(client, certificate, django_capture_on_commit_callbacks):
    miss = _warm(client, certificate.code)
    with django_capture_on_commit_callbacks(execute=True):
        store_pdf(certificate)
    assert _get(client, _api(certificate.code))[1] == miss  # read again
    assert _get(client, _api(certificate.code))[1] == 0


def test_key_rotation_drops_every_entry(
    client, certificate, trainee, demo_site, tmp_path, settings, django_capture_on_commit_callbacks
):
    other = Certificate.objects.exclude(pk=certificate.pk).exclude(jws="").first()
    assert other is not None  # the demo's certificates
    miss = _warm(client, certificate.code)
    _warm(client, other.code)
    settings.CERTIFICATE_SIGNING_KEY_FILE = str(tmp_path / "signing.pem")
    signing._cached_private_key.cache_clear()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            call_command("rotate_signing_key", stdout=io.StringIO())
    finally:
        signing._cached_private_key.cache_clear()
    response, queries = _get(client, _api(certificate.code))
    assert queries == miss and response.json()["signature_valid"] is True  # old keys stay published
    assert _get(client, _api(other.code))[1] > 0


def test_expiry_is_decided_at_request_time_from_a_warm_entry(client, certificate, monkeypatch):
    _warm(client, certificate.code)
    later = certificate.expires_at + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    response, queries = _get(client, _api(certificate.code))
    assert queries == 0 and response.json()["status"] == "expired"


def test_a_major_course_revision_drops_every_entry(
    client, certificate, demo_course, django_capture_on_commit_callbacks
):
    _warm(client, certificate.code)
    assert client.get(_api(certificate.code)).json()["retraining_due"] is None
    with django_capture_on_commit_callbacks(execute=True):
        version = CourseVersion.objects.create(
            course_key=demo_course.translation_key, label="2.0", kind="major", grace_days=30
        )
    data = client.get(_api(certificate.code)).json()
    assert data["retraining_due"] == version.retraining_due.isoformat()
    assert data["retraining_version"] == "2.0"


def test_unknown_codes_are_not_cached(client, certificate):
    unknown = [new_code() for _ in range(50)]
    first = [_get(client, _api(code))[1] for code in unknown]
    cache = verification_cache()
    assert all(cache.get(_entry_key(code)) is None for code in unknown)
    response, queries = _get(client, _api(unknown[0]))
    assert response.status_code == 404 and json.loads(response.content) == {"status": "not_found"}
    assert 1 <= queries == first[0] <= 3 and set(first) == {queries}  # asked again, never remembered


def test_a_reader_that_read_before_a_change_cannot_cache_the_old_record(
    certificate, django_capture_on_commit_callbacks
):
    """The race: a reader reads the row, the change commits and drops the entry, then the reader stores what
    it read. The entry carries the token read before the change, so it is never served."""

    def slow_reader(code):
        read = _verify_row(code)  # the row as it was
        with django_capture_on_commit_callbacks(execute=True):
            Certificate.objects.get(pk=certificate.pk).revoke(reason="error")
        return read

    stale = cached_verification(certificate.code, slow_reader)
    assert stale.certificate.revoked_at is None
    fresh = cached_verification(certificate.code, _verify_row)
    assert not fresh.cached and fresh.certificate.revoked_at is not None


def test_rate_limits_count_in_their_own_cache(client, certificate, settings):
    settings.VERIFY_RATE_LIMIT = "2/m"
    assert [client.get(_api(certificate.code)).status_code for _ in range(3)] == [200, 200, 429]
    caches["default"].clear()  # the verification cache's alias: the counts are elsewhere
    assert client.get(_api(certificate.code)).status_code == 429
    caches["ratelimit"].clear()
    assert client.get(_api(certificate.code)).status_code == 200
