"""Open Badges 3.0 credentials (ADR 0021): size, signing and verifying time, status list regeneration.

Run: .venv/bin/python bench/credentials.py  [--rounds 20] [--certificates 100000]
Builds the demo in a throwaway SQLite database under var/bench/ (unless DATABASE_URL is set), issues one
certificate, then prints: the credential's size in bytes (JSON as served), the median time to sign one
credential (build + RDFC-1.0 canonicalisation + Ed25519) and to verify one (all checks, with and without the
status list), then adds `--certificates` rows in bulk (every 50th revoked) and times regenerating the
revocation status list over them (one query for the voided rows + GZIP + signing + storing). Prints the
figures; writes nothing outside var/bench/.
"""

import argparse
import json
import statistics
import time
import uuid

import harness


def median_ms(function, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--certificates", type=int, default=100_000)
    args = parser.parse_args()

    harness.start("credentials")
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from certificates.credentials import (
        STATUS_LIST_SIZE,
        add_proof,
        build_credential,
        credential_for,
        regenerate_status_list,
        status_list_number,
        verify_credential,
    )
    from certificates.models import Certificate
    from certificates.services import issue_certificate
    from courses.models import CoursePage
    from demo.loader import load_demo

    call_command("migrate", verbosity=0)
    load_demo(curriculum=False)
    course = CoursePage.objects.live().filter(locale__language_code="ru").first()
    holder, _created = get_user_model().objects.get_or_create(
        email="bench-credential@example.org",
        defaults={"full_name": "Держатель Учётных Данных", "latin_name": "Credential Holder"},
    )
    certificate = issue_certificate(user=holder, course=course).certificate
    document = credential_for(certificate)
    body = json.dumps(document, ensure_ascii=False).encode()
    escaped = len(json.dumps(document))
    print(f"credential size: {len(body)} bytes as served (UTF-8 JSON), {escaped} ASCII-escaped")

    now = timezone.now()
    sign_ms = median_ms(lambda: add_proof(build_credential(certificate, "ru"), created=now), args.rounds)
    print(f"sign one credential (build + RDFC-1.0 + Ed25519), {args.rounds} rounds: median {sign_ms:.1f} ms")
    offline_ms = median_ms(lambda: verify_credential(document, check_status=False), args.rounds)
    print(f"verify one credential without status, {args.rounds} rounds: median {offline_ms:.1f} ms")
    regenerate_status_list(status_list_number(certificate.pk))
    online_ms = median_ms(lambda: verify_credential(document), args.rounds)
    print(f"verify one credential with the status list (its proof too): median {online_ms:.1f} ms")

    started = time.perf_counter()
    rows = []
    for index in range(args.certificates):
        rows.append(
            Certificate(
                holder=holder,
                course_key=uuid.uuid4(),
                course_version="1.0",
                holder_name=holder.full_name,
                course_title_ru=f"Курс {index}",
                course_title_en=f"Course {index}",
                issuer_name="Bench",
                issued_at=now,
                revoked_at=now if index % 50 == 0 else None,
                revocation_reason="error" if index % 50 == 0 else "",
            )
        )
    with transaction.atomic():
        Certificate.objects.bulk_create(rows, batch_size=2000)
    print(f"certificates added in bulk: {args.certificates} in {time.perf_counter() - started:.1f} s")
    last = Certificate.objects.order_by("-pk").values_list("pk", flat=True).first()
    lists = status_list_number(last)
    started = time.perf_counter()
    for number in range(1, lists + 1):
        regenerate_status_list(number)
    elapsed = time.perf_counter() - started
    total = Certificate.objects.count()
    print(
        f"status list regeneration at {total} certificates ({lists} list(s) of {STATUS_LIST_SIZE} bits): "
        f"{elapsed * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
