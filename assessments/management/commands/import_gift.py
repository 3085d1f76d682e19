from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from assessments.importer import ImportProblem, import_gift
from people.api import Organization


class Command(BaseCommand):
    help = "Import a Moodle GIFT file into a question bank. All or nothing; errors name FILE:LINE."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .gift file (UTF-8)")
        parser.add_argument("--bank", required=True, help="question bank name (created if missing)")
        parser.add_argument("--organization", default="", help="slug of the organisation that owns the bank")
        parser.add_argument(
            "--skip-unsupported", action="store_true", help="skip essay and description items"
        )
        parser.add_argument("--dry-run", action="store_true", help="validate and report, write nothing")

    def handle(self, *args, **options):
        path = options["file"]
        try:
            source = Path(path).read_text(encoding="utf-8")
        except FileNotFoundError as error:
            raise CommandError(f"{path}:0: " + _("no such file")) from error
        except UnicodeDecodeError as error:
            message = _("not UTF-8 text (byte %(position)s); save the file as UTF-8") % {
                "position": error.start
            }
            raise CommandError(f"{path}:0: {message}") from error
        organization = None
        if options["organization"]:
            organization = Organization.objects.filter(slug=options["organization"]).first()
            if organization is None:
                slug = repr(options["organization"])
                message = _("no organisation with the slug %(slug)s") % {"slug": slug}
                raise CommandError(f"{path}:0: {message}")
        try:
            report = import_gift(
                source=source,
                path=path,
                bank_name=options["bank"],
                owner=options["organization"],
                skip_unsupported=options["skip_unsupported"],
                dry_run=options["dry_run"],
                organization=organization,
            )
        except ImportProblem as error:
            raise CommandError(str(error)) from error
        for line in report.skipped:
            self.stdout.write(line)
        suffix = " (dry run: nothing written)" if options["dry_run"] else ""
        self.stdout.write(
            f"imported {report.imported} questions "
            f"({report.created} new, {report.revised} revised, {report.unchanged} unchanged){suffix}"
        )
