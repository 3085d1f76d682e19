#!/usr/bin/env python
"""Certificate PDF size before and after PAdES signing with the embedded credential; time to sign and check.

Run: .venv/bin/python bench/signed_pdf.py [--count 50]
Uses a throwaway SQLite database and keys under var/bench/ unless DATABASE_URL is set. With a database
holding certificates (the demo), the first one's real credential is embedded; otherwise a stand-in of the
same shape.
"""

import argparse
import json
import statistics
import time
from datetime import date

import harness


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=50)
    args = parser.parse_args()
    harness.start("signed_pdf")
    from django.core.management import call_command

    from certificates import pades
    from certificates.credentials import credential_for
    from certificates.inspection import inspect_file
    from certificates.models import Certificate
    from certificates.pdf import CertificateData, data_for, render_certificate_pdf

    call_command("migrate", verbosity=0)
    certificate = Certificate.objects.select_related("course").first()
    if certificate is not None:
        data, credential = data_for(certificate), credential_for(certificate)
        source = f"certificate {certificate.code}"
    else:
        data = CertificateData(
            code="7KQ2M-ZV9RT-ABCDE-FGHJK-MNPQR-S",
            verify_url="https://cart-academy.example/verify/7KQ2M-ZV9RT-ABCDE-FGHJK-MNPQR-S/",
            holder_name="Констанция Александровна Преображенская-Оболенская",
            holder_latin_name="Konstantsiya Preobrazhenskaya-Obolenskaya",
            course_title_ru="Асептическое производство CAR-T-препаратов",
            course_title_en="Aseptic processing for CAR-T manufacturing",
            course_version="2.1",
            hours="12",
            issuer_name="Демонстрационный учебный центр",
            signatory_name="Игорь Волков",
            signatory_title="Руководитель учебного центра",
            issued=date(2026, 11, 25),
            expires=date(2028, 11, 25),
        )
        # A stand-in of a credential's size (about 3 KB): its checks fail, its size and timings are real.
        credential = {
            "id": data.verify_url,
            "description": "x" * 2500,
            "proof": {"proofValue": "z" + "1" * 88},
        }
        source = "a stand-in credential"
    payload = json.dumps(credential, ensure_ascii=False, indent=2).encode()
    plain = render_certificate_pdf(data)
    pades.current_signer()  # the key is loaded (or created) once, outside the timing
    sign_ms, check_ms, sizes = [], [], []
    for _ in range(args.count):
        t0 = time.perf_counter()
        signed = pades.embed_and_sign(
            plain, credential=payload, file_name=pades.credential_file_name(data.code)
        )
        sign_ms.append((time.perf_counter() - t0) * 1000)
        sizes.append(len(signed))
        t0 = time.perf_counter()
        result = inspect_file(signed)
        check_ms.append((time.perf_counter() - t0) * 1000)
    print(f"signed PDFs: {args.count} ({source}; credential {len(payload) / 1024:.1f} KB)")
    print(
        f"PDF size: {len(plain) / 1024:.1f} KB unsigned, {statistics.median(sizes) / 1024:.1f} KB signed "
        f"with the credential (+{(statistics.median(sizes) - len(plain)) / 1024:.1f} KB)"
    )
    print(f"embed + PAdES B-B sign (ECDSA P-256): median {statistics.median(sign_ms):.1f} ms")
    print(f"upload check (signature, credential proof, text): median {statistics.median(check_ms):.1f} ms")
    print(f"last check: {'all passed' if result.ok else 'FAILED: ' + str(result.states())}")


if __name__ == "__main__":
    main()
