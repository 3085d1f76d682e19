"""Settings for running on several machines: Redis (cache, rate limits, sessions, the task queue) and
S3-compatible object storage (media and the private certificate files). ADR 0020.

Pure functions of the environment values, so base.py stays one readable table and the tests can build the
same dictionaries. Nothing here applies unless REDIS_URL or S3_BUCKET is set: `make run` and `make test`
need no service.
"""

from django.core.exceptions import ImproperlyConfigured

#: The django-ratelimit / allauth counters live in their own cache alias (RATELIMIT_USE_CACHE), so a cache
#: flush of page fragments never resets a rate limit and the two can be sized apart.
RATELIMIT_CACHE_ALIAS = "ratelimit"


def redis_caches(url: str) -> dict:
    """The "default" and "ratelimit" caches on one Redis (django-redis), under different key prefixes."""

    def cache(prefix: str) -> dict:
        return {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                # Errors are not swallowed: a rate-limit counter that failed silently would let every
                # login through. Sessions are cached_db, so their rows stay in the database anyway.
                "SOCKET_CONNECT_TIMEOUT": 2,
                "SOCKET_TIMEOUT": 2,
            },
        }

    return {"default": cache("cart"), RATELIMIT_CACHE_ALIAS: cache("cart-rl")}


def rq_queues(url: str) -> dict:
    """django-rq's queue table: the one queue the tasks use ("default"), on the same Redis."""
    return {"default": {"URL": url, "DEFAULT_TIMEOUT": 600}}


def s3_options(
    *,
    bucket: str,
    endpoint_url: str,
    region: str,
    access_key: str,
    secret_key: str,
    location: str,
    public: bool,
    expire: int,
    site_url: str = "",
) -> dict:
    """django-storages' S3Storage options for one prefix (`location`) of the bucket.

    `public` (media): objects are public-read and their URLs point at the site itself,
    `<SITE_URL>/media/<name>`, which nginx proxies to the bucket (deploy/nginx.conf): pages keep loading
    images from their own origin (Content-Security-Policy `img-src 'self'`, no outside host).
    Otherwise (certificate PDFs) objects are private and a URL is a pre-signed one that expires after
    `expire` seconds; the app streams them through its own permission-checked views.
    """
    if not bucket:
        raise ImproperlyConfigured("S3_BUCKET must be set to use S3 storage.")
    options = {
        "bucket_name": bucket,
        "location": location,
        "region_name": region or None,
        "endpoint_url": endpoint_url or None,
        "access_key": access_key or None,
        "secret_key": secret_key or None,
        "file_overwrite": False,
        "default_acl": "public-read" if public else "private",
        "querystring_auth": not public,
        "querystring_expire": expire,
        "signature_version": "s3v4",
        # Path-style addresses work with every S3-compatible server (MinIO, Ceph, moto) and with AWS.
        "addressing_style": "path",
    }
    if public and site_url:
        scheme, _, host = site_url.partition("://")
        options.update({"custom_domain": host.rstrip("/"), "url_protocol": f"{scheme}:"})
    return options


def s3_storages(
    *,
    bucket: str,
    endpoint_url: str,
    region: str,
    access_key: str,
    secret_key: str,
    site_url: str,
    private_url_expire: int,
    staticfiles_backend: str,
) -> dict:
    """STORAGES on S3: "default" (media: Wagtail images and documents, under media/) and "private"
    (certificate PDFs, under private/; certificates/storage.py picks it up), static files unchanged."""
    common = {
        "bucket": bucket,
        "endpoint_url": endpoint_url,
        "region": region,
        "access_key": access_key,
        "secret_key": secret_key,
    }
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": s3_options(**common, location="media", public=True, expire=3600, site_url=site_url),
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": s3_options(**common, location="private", public=False, expire=private_url_expire),
        },
        "staticfiles": {"BACKEND": staticfiles_backend},
    }
