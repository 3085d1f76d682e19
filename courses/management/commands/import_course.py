from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from courses.packages import PackageError, import_package, read_package
from people.api import Organization


class Command(BaseCommand):
    help = (
        "Import a course package (docs/course-packages.md): validate everything first, report every problem "
        "as FILE:LINE: message, then write the course in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the package folder (the one holding course.yaml)")
        parser.add_argument("--organization", default="", help="slug of the publishing organisation")
        parser.add_argument("--dry-run", action="store_true", help="validate and report, write nothing")
        parser.add_argument("--publish", action="store_true", help="publish new and changed pages")

    def handle(self, *args, **options):
        organization = None
        if options["organization"]:
            organization = Organization.objects.filter(slug=options["organization"]).first()
            if organization is None:
                slug = repr(options["organization"])
                message = _("no organisation with the slug %(slug)s") % {"slug": slug}
                raise CommandError(f"{options['path']}:0: {message}")
        try:
            spec = read_package(options["path"])
            summary = import_package(
                spec, organization=organization, publish=options["publish"], dry_run=options["dry_run"]
            )
        except PackageError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(error.problems)} problem(s); nothing was imported") from error
        words = {
            language: sum(
                lesson.words.get(language, 0) for module in spec.modules for lesson in module.lessons
            )
            for language in ("ru", "en")
        }
        questions = {
            language: sum(len(module.questions.get(language, [])) for module in spec.modules)
            for language in ("ru", "en")
        }
        self.stdout.write(
            f"{spec.slug}: {len(spec.modules)} modules, "
            f"{sum(len(module.lessons) for module in spec.modules)} lessons, "
            f"words ru {words['ru']} / en {words['en']}, "
            f"questions ru {questions['ru']} / en {questions['en']}"
        )
        for line in summary.lines():
            self.stdout.write(f"  {line}")
        if options["dry_run"]:
            self.stdout.write("dry run: nothing was written")
