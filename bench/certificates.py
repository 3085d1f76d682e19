"""Median milliseconds per certificate PDF and per signature over 200 certificates.

Run: .venv/bin/python bench/certificates.py [--count 200]
Uses a throwaway SQLite database and key under var/bench/ unless DATABASE_URL is set.
"""

import argparse
import statistics
import time

import harness


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args()
    harness.start("certificates")
    from django.core.management import call_command
    from django.utils import timezone

    from certificates.models import Certificate
    from certificates.pdf import data_for, render_certificate_pdf
    from certificates.signing import sign
    from courses.models import CoursePage
    from people.models import User

    call_command("migrate", verbosity=0)
    course = CoursePage(title="Асептическое производство CAR-T", summary="", estimated_hours=12)
    now = timezone.now()
    signing_ms, pdf_ms, sizes = [], [], []
    for index in range(args.count):
        holder = User(
            email=f"bench{index}@example.org", full_name=f"Констанция Преображенская-Оболенская {index}"
        )
        certificate = Certificate(
            holder=holder,
            course_key=course.translation_key,
            course_version="1.0",
            holder_name=holder.full_name,
            holder_latin_name="Konstantsiya Preobrazhenskaya-Obolenskaya",
            course_title_ru=course.title,
            course_title_en="Aseptic processing for CAR-T",
            issuer_name="Учебный центр",
            hours=12,
            issued_at=now,
            expires_at=now + timezone.timedelta(days=730),
        )
        t0 = time.perf_counter()
        certificate.jws, certificate.key_id = sign(certificate.claims())
        signing_ms.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        content = render_certificate_pdf(data_for(certificate))
        pdf_ms.append((time.perf_counter() - t0) * 1000)
        sizes.append(len(content))
    print(f"certificates: {args.count}")
    print(f"signature (EdDSA JWS): median {statistics.median(signing_ms):.2f} ms")
    size_kb = statistics.median(sizes) / 1024
    print(f"PDF (ReportLab, A4, QR): median {statistics.median(pdf_ms):.1f} ms, median size {size_kb:.1f} KB")


if __name__ == "__main__":
    main()
