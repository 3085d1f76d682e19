"""What every bench script does first: a throwaway database, key and media folder, then Django.

Everything goes under var/bench/ (or $BENCH_DIR, which the smoke test in tests/test_bench_smoke.py sets).
A database named by DATABASE_URL is used as it is (PostgreSQL, or a prepared SQLite file).
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start(name: str, settings: str = "config.settings.dev") -> Path:
    """Point the environment at throwaway files for the bench `name`, set Django up; the bench folder."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    bench_dir = Path(os.environ.get("BENCH_DIR") or ROOT / "var" / "bench")
    bench_dir.mkdir(parents=True, exist_ok=True)
    if "DATABASE_URL" not in os.environ:
        database = bench_dir / f"{name}.sqlite3"
        database.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("CERTIFICATE_SIGNING_KEY_FILE", str(bench_dir / "signing.pem"))
    os.environ.setdefault("MEDIA_ROOT", str(bench_dir / "media"))
    os.environ.setdefault("PRIVATE_MEDIA_ROOT", str(bench_dir / "private"))
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")  # quiet output
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings)
    import django

    django.setup()
    return bench_dir


def certificate_row(holder, index: int, *, issued_at, title_ru: str, title_en: str, issuer: str, hours: int):
    """An unsaved, unsigned Certificate for bulk-made bench data (the caller signs it and bulk-inserts it):
    a course of its own (`course_key`), valid two years from `issued_at`."""
    import uuid

    from django.utils import timezone

    from certificates.models import Certificate

    return Certificate(
        holder=holder,
        course_key=uuid.uuid4(),
        course_version="1.0",
        holder_name=holder.full_name,
        holder_latin_name=holder.latin_name,
        course_title_ru=title_ru,
        course_title_en=title_en,
        issuer_name=issuer,
        hours=hours,
        issued_at=issued_at,
        expires_at=issued_at + timezone.timedelta(days=730),
    )
