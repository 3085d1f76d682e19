"""Media and certificate PDFs on S3-compatible storage (ADR 0020), against moto's S3 server on loopback.

The storages are the ones config/settings/scaleout.py builds from the S3_* variables. Certificate PDFs
are private objects: the bucket refuses them to an anonymous request, the app streams them through
/verify/<code>/pdf, and a URL the storage hands out is pre-signed with the configured lifetime. (moto does
not enforce a pre-signed URL's signature or expiry, so that part is checked on the URL itself; enforcing it
is the real S3's or MinIO's job.)
"""

import io
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.test import override_settings
from PIL import Image
from storages.backends.s3 import S3Storage

from certificates.models import Certificate
from certificates.services import issue_certificate


@pytest.fixture
def private_s3(s3, monkeypatch):
    """Certificate PDFs go to the bucket's private/ prefix, as production's "private" storage sends them."""
    storage = S3Storage(**s3.options(location="private", public=False, expire=300))
    monkeypatch.setattr(Certificate._meta.get_field("pdf"), "storage", storage)
    return storage


def test_certificate_pdf_is_stored_privately_and_served_by_the_app(
    client, trainee, demo_course, s3, private_s3
):
    certificate = issue_certificate(user=trainee, course=demo_course).certificate

    response = client.get(f"/verify/{certificate.code}/pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF-")
    certificate.refresh_from_db()
    assert certificate.pdf.name == f"certificates/{certificate.code}.pdf"
    stored = s3.client().get_object(Bucket=s3.bucket, Key=f"private/{certificate.pdf.name}")["Body"].read()
    assert stored == body  # the view streamed the object from the bucket, nothing else
    # Nobody reads it from the bucket without a signature.
    anonymous = httpx.get(f"{s3.endpoint}/{s3.bucket}/private/{certificate.pdf.name}")
    assert anonymous.status_code == 403


def test_a_revoked_certificate_pdf_stays_gone_with_s3(client, trainee, demo_course, private_s3):
    certificate = issue_certificate(user=trainee, course=demo_course).certificate
    assert client.get(f"/verify/{certificate.code}/pdf").status_code == 200
    certificate.refresh_from_db()
    certificate.revoke(reason="Ошибка в данных", by=None)

    assert client.get(f"/verify/{certificate.code}/pdf").status_code == 410


def test_private_urls_are_presigned_and_short_lived(s3, private_s3):
    name = private_s3.save("certificates/sample.pdf", ContentFile(b"%PDF-1.7 sample"))

    url = private_s3.url(name)

    query = parse_qs(urlsplit(url).query)
    assert urlsplit(url).path == f"/{s3.bucket}/private/{name}"
    assert query["X-Amz-Expires"] == ["300"]  # S3_PRIVATE_URL_EXPIRE's default
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"] and query["X-Amz-Signature"][0]
    assert httpx.get(url).content == b"%PDF-1.7 sample"
    shorter = S3Storage(**s3.options(location="private", public=False, expire=60))
    assert parse_qs(urlsplit(shorter.url(name)).query)["X-Amz-Expires"] == ["60"]
    unsigned = f"{s3.endpoint}/{s3.bucket}/private/{name}"
    assert httpx.get(unsigned).status_code == 403


def _png() -> ImageFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format="PNG")
    return ImageFile(io.BytesIO(buffer.getvalue()), name="slide.png")


def test_media_upload_goes_to_the_bucket_and_is_linked_on_the_site(db, s3):
    from wagtail.images import get_image_model

    media = {"BACKEND": "storages.backends.s3.S3Storage"}
    media["OPTIONS"] = s3.options(location="media", public=True, site_url="https://cart-academy.example")
    storages = {
        "default": media,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        image = get_image_model().objects.create(title="Слайд", file=_png())
        rendition = image.get_rendition("width-20")

        # On the site's own origin (nginx proxies /media/ to the bucket), never the bucket's address.
        assert image.file.url == f"https://cart-academy.example/media/{image.file.name}"
        assert rendition.url.startswith("https://cart-academy.example/media/images/")
        keys = {item["Key"] for item in s3.client().list_objects_v2(Bucket=s3.bucket)["Contents"]}
        assert f"media/{image.file.name}" in keys
        assert f"media/{rendition.file.name}" in keys
        # Public media: what nginx fetches for /media/… needs no signature.
        public = httpx.get(f"{s3.endpoint}/{s3.bucket}/media/{image.file.name}")
        assert public.status_code == 200 and public.content.startswith(b"\x89PNG")
