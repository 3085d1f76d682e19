"""How long the admin takes to refuse each hostile upload, next to a well-formed upload of the same kind.

The YAML alias bomb, YAML nested 50 000 levels deep, each bad zip (lying size, bad CRC, encrypted entry,
deflate64) through the course-package upload, and a GIFT file of 60 000 tiny questions (import and "check
only") through the GIFT upload; each must be refused in under 2 s with nothing written. The references are a
well-formed course package (imported and published) and a 20-question GIFT file, posted the same way in
the same run, so the ratios hold on a machine whose speed varies.

Run: .venv/bin/python bench/hostile_uploads.py
Uses a throwaway SQLite database under var/bench/ unless DATABASE_URL is set.
"""

import argparse
import time

import harness

PACKAGE_URL = "/admin/course-packages/import/"
GIFT_URL = "/admin/assessments/import-gift/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flood", type=int, default=60_000, help="questions in the flooding GIFT file")
    args = parser.parse_args()
    harness.start("hostile")
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)
    from demo.loader import load_demo

    load_demo(curriculum=False)

    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib.auth import get_user_model

    from assessments.models import Question, QuestionBank
    from audit.models import AuditEntry
    from courses.models import CoursePage
    from people.models import Organization
    from tests.courses.test_package_upload import alias_bomb, lying_zip, with_bad_crc, with_flags, zipped
    from tests.courses.test_packages import package_files

    admin = get_user_model().objects.filter(is_superuser=True).first()
    if not Authenticator.objects.filter(user=admin, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(
            admin, "JBSWY3DPEHPK3PXP"
        )  # admin screens need two factors; the bench signs in directly
    client = Client()
    client.force_login(admin)
    university = Organization.objects.get(slug="demo-university").pk

    def written() -> tuple[int, ...]:
        return (
            CoursePage.objects.count(),
            Question.objects.count(),
            QuestionBank.objects.count(),
            AuditEntry.objects.count(),
        )

    def timed(url: str, fields: dict, expect: str | None) -> tuple[float, bool, bool]:
        before = written()
        start = time.perf_counter()
        response = client.post(url, fields)
        seconds = time.perf_counter() - start
        body = response.content.decode()
        refused = response.status_code == 200 and (expect is None or expect in body)
        return seconds, refused, written() == before

    files = dict(package_files())
    course_yaml = next(path for path in files if path.endswith("course.yaml"))

    def package(name: str) -> SimpleUploadedFile:
        if name == "alias bomb":
            return zipped({**files, course_yaml: alias_bomb()})
        if name == "YAML 50 000 deep":
            return zipped({**files, course_yaml: "slug: deep\nx: " + "[" * 50_000 + "]" * 50_000 + "\n"})
        if name == "zip, lying size":
            content = {course_yaml: b"slug: x\n", "big.txt": b"0" * 25_000_000}
            return SimpleUploadedFile("package.zip", lying_zip(content, declared_size=10))
        if name == "zip, bad CRC":
            return SimpleUploadedFile("package.zip", with_bad_crc({course_yaml: "slug: x\n"}))
        if name == "zip, encrypted entry":
            return SimpleUploadedFile("package.zip", with_flags({course_yaml: "x"}, flag=0x1))
        return SimpleUploadedFile("package.zip", with_flags({course_yaml: "x"}, method=9))

    rows = []
    reference, _ok, _same = timed(
        PACKAGE_URL, {"file": zipped(files), "organization": university, "publish": "on"}, None
    )
    rows.append(("package, well-formed (reference)", reference, None, None))
    for name in (
        "alias bomb",
        "YAML 50 000 deep",
        "zip, lying size",
        "zip, bad CRC",
        "zip, encrypted entry",
        "zip, deflate64",
    ):
        seconds, refused, nothing = timed(
            PACKAGE_URL, {"file": package(name), "organization": university, "publish": "on"}, None
        )
        rows.append((f"package, {name}", seconds, refused, nothing))

    good = "\n\n".join(f"::Q{n}:: Вопрос {n}? {{=да ~нет ~не знаю}}" for n in range(20)) + "\n"
    gift_reference, _ok, _same = timed(
        GIFT_URL,
        {"file": SimpleUploadedFile("good.gift", good.encode()), "bank": "Эталон", "owner": ""},
        None,
    )
    rows.append(("GIFT, 20 questions (reference)", gift_reference, None, None))
    flood = ("\n\n".join("Q{T}" for _ in range(args.flood)) + "\n").encode()
    for label, extra in (("import", {}), ("check only", {"dry_run": "on"})):
        seconds, refused, nothing = timed(
            GIFT_URL,
            {"file": SimpleUploadedFile("flood.gift", flood), "bank": "Потоп", "owner": "", **extra},
            "2000",  # the limit is named in the refusal, in whichever language
        )
        rows.append((f"GIFT, {args.flood} questions, {label}", seconds, refused, nothing))

    print(f"{'upload':44} {'seconds':>8} {'× reference':>12}  refused  nothing written")
    for label, seconds, refused, nothing in rows:
        base = gift_reference if label.startswith("GIFT") else reference
        flags = "" if refused is None else f"  {'yes' if refused else 'NO':7}  {'yes' if nothing else 'NO'}"
        print(f"{label:44} {seconds:8.3f} {seconds / base:12.2f}{flags}")
    slow = [label for label, seconds, refused, _n in rows if refused is not None and seconds >= 2]
    print("every refusal under 2 s" if not slow else f"over 2 s: {', '.join(slow)}")


if __name__ == "__main__":
    main()
