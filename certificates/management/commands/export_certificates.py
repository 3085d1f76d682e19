import csv
import json

from django.core.management.base import BaseCommand
from django.utils import timezone

from certificates.models import Certificate

FIELDS = [
    "code",
    "status",
    "holder_name",
    "holder_latin_name",
    "holder_email",
    "course_title_ru",
    "course_title_en",
    "course_version",
    "issuer_name",
    "issued_at",
    "expires_at",
    "revoked_at",
    "revocation_reason",
    "superseded_by",
]


class Command(BaseCommand):
    help = "Every certificate with its code and status, as CSV or JSON on standard output (audits, backups)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "json"], default="csv")

    def handle(self, *args, **options):
        now = timezone.now()
        rows = []
        for certificate in (
            Certificate.objects.select_related("holder", "superseded_by")
            .order_by("issued_at", "pk")
            .iterator()
        ):
            rows.append(
                {
                    "code": certificate.code,
                    "status": certificate.status_at(now),
                    "holder_name": certificate.holder_name,
                    "holder_latin_name": certificate.holder_latin_name,
                    "holder_email": certificate.holder.email,
                    "course_title_ru": certificate.course_title_ru,
                    "course_title_en": certificate.course_title_en,
                    "course_version": certificate.course_version,
                    "issuer_name": certificate.issuer_name,
                    "issued_at": certificate.issued_at.isoformat(),
                    "expires_at": certificate.expires_at.isoformat() if certificate.expires_at else "",
                    "revoked_at": certificate.revoked_at.isoformat() if certificate.revoked_at else "",
                    "revocation_reason": certificate.revocation_reason,
                    "superseded_by": certificate.superseded_by.code if certificate.superseded_by else "",
                }
            )
        out = self.stdout
        if options["format"] == "json":
            out.write(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            writer = csv.DictWriter(out, fieldnames=FIELDS)
            writer.writeheader()
            writer.writerows(rows)
        self.stderr.write(f"exported {len(rows)} certificates")
