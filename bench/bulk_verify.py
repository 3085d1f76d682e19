"""Queries and wall time of the bulk verification page for 1 000 certificate codes.

Run: .venv/bin/python bench/bulk_verify.py  [--certificates 1000]
Builds the demo in a throwaway SQLite database under var/bench/ (unless DATABASE_URL is set), adds signed
certificates (valid, expired, revoked), then, signed in as the demo employer's HR, POSTs to
/ru/accounts/organizations/demo-employer/verify/ with Django's test client: the codes pasted (HTML page),
the codes with malformed rows and duplicates uploaded as a CSV file (CSV download), and one row over the
limit (refused). Prints the figures; writes nothing outside var/bench/.
"""

import argparse
import time

import harness

URL = "/ru/accounts/organizations/demo-employer/verify/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--certificates", type=int, default=1000)
    args = parser.parse_args()

    harness.start("bulk_verify")
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.utils import timezone

    from certificates.lookup import MAX_BULK
    from certificates.models import Certificate
    from certificates.signing import sign
    from demo.loader import load_demo

    setup_test_environment()  # the test client's host, outgoing mail kept in memory
    call_command("migrate", verbosity=0)
    load_demo(curriculum=False)  # the demo course is enough here

    User = get_user_model()
    holders = [
        User.objects.get_or_create(
            email=f"bench-holder{index}@example.org",
            defaults={"full_name": f"Держатель Сертификата {index}", "latin_name": f"Holder {index}"},
        )[0]
        for index in range(20)
    ]
    now = timezone.now()
    started = time.perf_counter()
    certificates = []
    for index in range(args.certificates):
        holder = holders[index % len(holders)]
        issued_at = now - timezone.timedelta(days=index % 900)
        certificate = harness.certificate_row(  # valid two years: the oldest have expired
            holder,
            index,
            issued_at=issued_at,
            title_ru=f"Курс {index}",
            title_en=f"Course {index}",
            issuer="Демонстрационный университет / Demo University",
            hours=4,
        )
        if index % 50 == 0:
            certificate.revoked_at, certificate.revocation_reason = now, "error"
        certificate.jws, certificate.key_id = sign(certificate.claims())
        certificates.append(certificate)
    with transaction.atomic():
        Certificate.objects.bulk_create(certificates, batch_size=500)
    print(f"certificates created: {len(certificates)} in {time.perf_counter() - started:.1f} s (signed)")

    client = Client()
    client.force_login(User.objects.get(email="hr@employer.example"))
    codes = [certificate.code for certificate in certificates]

    def measure(label: str, data: dict, expect_rows: int | None) -> None:
        for value in data.values():
            if hasattr(value, "seek"):
                value.seek(0)
        with CaptureQueriesContext(connection) as captured:
            t0 = time.perf_counter()
            response = client.post(URL, data)
            elapsed = time.perf_counter() - t0
        assert response.status_code == 200, response.status_code
        if response["Content-Type"].startswith("text/csv"):
            rows = response.content.decode().count("\n") - 1  # minus the header
        else:
            results = response.context["results"] if response.context else None
            rows = len(results) if results is not None else 0
        if expect_rows is not None:
            assert rows == expect_rows, (label, rows, expect_rows)
        certificate_queries = sum("certificates_certificate" in q["sql"] for q in captured.captured_queries)
        print(
            f"{label}: {rows} rows answered, {len(captured)} queries "
            f"({certificate_queries} on certificates), {elapsed * 1000:.0f} ms, {len(response.content)} bytes"
        )

    count = min(MAX_BULK, len(codes))
    pasted = "\n".join(codes[:count])
    client.post(URL, {"codes": pasted})  # warm the caches meant to be warm (templates, content types)
    measure(f"{count} codes pasted, HTML page", {"codes": pasted}, count)

    malformed = ["", "not a code", "ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ-Z", "12345", "код;ФИО", "   "]
    duplicates = [codes[0], codes[1].lower(), codes[2].replace("-", "")]
    body = codes[: count - 10] + malformed + duplicates
    csv_text = "code\r\n" + "\r\n".join(body) + "\r\n"
    answered = len([row for row in body if row.strip()])  # the heading row "code" is skipped
    file = SimpleUploadedFile("codes.csv", csv_text.encode("utf-8-sig"), content_type="text/csv")
    measure(
        f"{count - 10} codes + {len(malformed)} malformed/blank + {len(duplicates)} duplicates + header, "
        "CSV upload, CSV download",
        {"codes": "", "file": file, "format": "csv"},
        answered,
    )

    filler = [f"NOT-A-CODE-{index}" for index in range(MAX_BULK + 1 - count)]  # past the limit at any size
    over = "\n".join(codes[:count] + filler)
    measure(f"{MAX_BULK + 1} lines pasted (over the limit, refused)", {"codes": over}, 0)


if __name__ == "__main__":
    main()
