"""Latency of GET /api/v1/certificates/<code> at two table sizes, with the verification cache cold and warm.

Run (full size, PostgreSQL):
    DATABASE_URL=postgres://postgres@127.0.0.1:54331/verify_bench .venv/bin/python bench/verify_scale.py
Run (tiny, SQLite, as `make test` does): .venv/bin/python bench/verify_scale.py --sizes 50,500

Fills the certificate table with filler rows made by bulk insert (PostgreSQL: INSERT … SELECT FROM
generate_series; SQLite: bulk_create), never by the issuance path, plus `--sample` properly signed
certificates that are the ones looked up. At each size it requests the sample codes with Django's test client
(the whole middleware stack, in process): cold (VERIFY_CACHE_SECONDS=0, every request reads the database and
checks the signature) and warm (every code already cached), and a bare JsonResponse view through the same
stack for scale. Prints median and p95 per case, the ratio of the largest size to the smallest (target: the
cold lookup within 1.2×) and the EXPLAIN of the code lookup. Without PostgreSQL it says so and defaults to
50 and 500 rows. `--cache redis://HOST:PORT/N` measures the warm case on Redis instead of local memory.
"""

import argparse
import random
import statistics
import sys
import time
import uuid

import harness

API = "/api/v1/certificates/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", help="comma-separated row counts (default 1000,1000000 on PostgreSQL)")
    parser.add_argument("--sample", type=int, default=200, help="signed certificates looked up")
    parser.add_argument("--requests", type=int, default=2000, help="requests per case")
    parser.add_argument("--cache", default="locmem", help="locmem, or a redis:// URL for the warm case")
    args = parser.parse_args()

    harness.start("verify_scale")
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    postgres = connection.vendor == "postgresql"
    if args.sizes:
        sizes = [int(size) for size in args.sizes.split(",")]
    elif postgres:
        sizes = [1_000, 1_000_000]
    else:
        sizes = [50, 500]
    if not postgres:
        print(f"DATABASE_URL is not PostgreSQL ({connection.vendor}): tiny sizes {sizes}, not real figures")
    requests = args.requests if postgres or args.sizes else min(args.requests, 100)

    cache = (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": args.cache}
        if args.cache.startswith("redis://")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "verify-bench"}
    )
    from django.test import override_settings
    from django.urls import path

    import config.urls

    urls = type(sys)("verify_bench_urls")  # the project's URLs and a bare JSON view beside them
    urls.urlpatterns = [path("bench-bare/", _bare), *config.urls.urlpatterns]
    sys.modules["verify_bench_urls"] = urls
    override_settings(
        ROOT_URLCONF="verify_bench_urls",
        CACHES={**settings.CACHES, "verification": cache},  # setting_changed rebuilds the cache handler
        VERIFY_RATE_LIMIT="100000000/m",
        ALLOWED_HOSTS=["*"],
        DEBUG=False,  # no query log growing through thousands of requests
    ).enable()
    call_command("migrate", verbosity=0)

    holder, course_key = _holder()
    sample = _signed_sample(holder, min(args.sample, max(1, sizes[0] // 5)))
    codes = [certificate.code for certificate in sample]
    print(f"sample: {len(codes)} signed certificates; requests per case: {requests}")
    results = {}
    for size in sizes:
        started = time.perf_counter()
        total = _fill_to(size, holder, course_key)
        print(f"rows: {total} (filled in {time.perf_counter() - started:.1f} s)")
        results[size] = _measure(codes, requests)
        for case, (median, p95) in results[size].items():
            print(f"  {size:>9} rows  {case:<6} median {median * 1000:7.3f} ms  p95 {p95 * 1000:7.3f} ms")
    _explain(codes[0])
    small, large = results[sizes[0]], results[sizes[-1]]
    for case in ("cold", "warm"):
        ratio = large[case][0] / small[case][0]
        print(f"ratio {sizes[-1]}/{sizes[0]} rows, {case}: median {ratio:.2f}x (target within 1.2x)")
    for size in sizes:
        warm, bare = results[size]["warm"][0], results[size]["bare"][0]
        cold = results[size]["cold"][0]
        print(f"  {size} rows: bare JSON view / API: warm {bare / warm:.2f}x, cold {bare / cold:.2f}x")


def _holder():
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(
        email="verify-bench@example.org", defaults={"full_name": "Держатель Проверки", "latin_name": "Holder"}
    )
    return user, uuid.uuid4()


def _signed_sample(holder, count: int) -> list:
    from django.utils import timezone

    from certificates.models import Certificate
    from certificates.signing import sign

    now = timezone.now()
    certificates = []
    for index in range(count):
        certificate = harness.certificate_row(
            holder,
            index,
            issued_at=now,
            title_ru=f"Курс {index}",
            title_en=f"Course {index}",
            issuer="Демонстрационный университет / Demo University",
            hours=4,
        )
        certificate.jws, certificate.key_id = sign(certificate.claims())
        certificates.append(certificate)
    return Certificate.objects.bulk_create(certificates, batch_size=500)


def _fill_to(size: int, holder, course_key) -> int:
    """Add filler rows until the table holds `size` rows; the row count."""
    from django.db import connection

    from certificates.models import Certificate

    have = Certificate.objects.count()
    missing = size - have
    if missing > 0:
        if connection.vendor == "postgresql":
            table = Certificate._meta.db_table
            with connection.cursor() as cursor:
                cursor.execute(
                    f"""
                    INSERT INTO {table} (code, holder_id, course_key, course_version, course_revision_id,
                        holder_name, holder_latin_name, course_title_ru, course_title_en, issuer_name,
                        signatory_name, signatory_title, issued_at, revocation_reason, key_id, jws, pdf)
                    SELECT upper(substr(md5(g::text || %s), 1, 26)), %s, md5(g::text || %s)::uuid, '1.0',
                        NULL, 'Filler Holder', '', 'Курс', 'Course', 'Issuer', '', '',
                        now() - (g %% 900) * interval '1 day', '', '', '', ''
                    FROM generate_series(%s, %s) AS g
                    """,  # noqa: S608 - the table name is the model's own
                    [str(course_key), holder.pk, str(course_key), have + 1, size],
                )
                cursor.execute(f"ANALYZE {table}")
        else:
            from django.utils import timezone

            now = timezone.now()
            Certificate.objects.bulk_create(
                (
                    Certificate(
                        code=f"FILLER{have + index:020d}",
                        holder=holder,
                        course_key=uuid.uuid4(),
                        course_version="1.0",
                        holder_name="Filler Holder",
                        course_title_ru="Курс",
                        course_title_en="Course",
                        issuer_name="Issuer",
                        issued_at=now,
                    )
                    for index in range(missing)
                ),
                batch_size=1000,
            )
    return Certificate.objects.count()


def _bare(request):
    from django.http import JsonResponse

    return JsonResponse({"code": "bench", "status": "valid"})


def _measure(codes: list[str], requests: int) -> dict:
    """Median and p95 seconds per request: cold (no cache), warm (all cached), a bare JSON view.

    The three cases take turns request by request, so a machine busy with other work slows them alike.
    """
    from django.conf import settings
    from django.test import Client

    client = Client()
    settings.VERIFY_CACHE_SECONDS = 3600
    for code in codes:
        client.get(API + code)  # warm every code
    spent = {"cold": [], "warm": [], "bare": []}
    for _ in range(requests):
        url = API + random.choice(codes)  # noqa: S311 - not for security
        settings.VERIFY_CACHE_SECONDS = 0
        spent["cold"].append(_time(client, url))
        settings.VERIFY_CACHE_SECONDS = 3600
        spent["warm"].append(_time(client, url))
        spent["bare"].append(_time(client, "/bench-bare/"))
    return {case: _summary(times) for case, times in spent.items()}


def _time(client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    spent = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{url}: {response.status_code} {response.content[:200]!r}")
    return spent


def _summary(spent: list[float]) -> tuple[float, float]:
    spent = sorted(spent)
    return statistics.median(spent), spent[min(len(spent) - 1, int(len(spent) * 0.95))]


def _explain(code: str) -> None:
    from certificates.models import Certificate

    plan = Certificate.objects.filter(code=code).select_related("superseded_by").explain()
    print("EXPLAIN of the code lookup:")
    for line in plan.splitlines():
        print(f"  {line}")


if __name__ == "__main__":
    main()
