"""Course packages' question banks and quizzes (docs/course-packages.md).

`courses.packages` knows nothing about questions: it calls the Wagtail hooks registered in
`assessments/wagtail_hooks.py` with these functions. `read_bank` checks a module's GIFT file while the
package is read; `import_quizzes` writes the banks, the module quizzes and the final exam when it is
imported.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _
from wagtail.models import Page

from courses.api import CITATION, LANGUAGES, CourseSpec, ImportSummary, ModuleSpec, Problem, QuizSpec

from .gift import SUPPORTED_KINDS, GiftError, ParsedQuestion, kind_label, parse_gift
from .importer import import_gift
from .models import Assessment, DrawRule, QuestionBank
from .services import record_assessment


def read_bank(
    text: str, *, path: str, sources: Mapping[str, object], quiz: QuizSpec | None
) -> tuple[list[ParsedQuestion], list[Problem]]:
    """The `course_package_read_bank` hook: the questions of one GIFT file and every problem in it.

    `path` is the file as problems name it; `sources` the package's source register; `quiz` the module's
    quiz settings (None for a bank without a quiz).
    """
    try:
        parsed = parse_gift(text, path=path)
    except GiftError as error:
        return [], [Problem(path, error.line, error.message)]
    problems: list[Problem] = []
    names: dict[str, int] = {}
    for question in parsed:
        if question.kind not in SUPPORTED_KINDS:
            problems.append(
                Problem(
                    path,
                    question.line,
                    _("%(kind)s questions cannot be graded automatically: remove them from the bank")
                    % {"kind": kind_label(question.kind)},
                )
            )
        if not question.name:
            problems.append(
                Problem(
                    path,
                    question.line,
                    _("every question needs a ::Name:: (it identifies the question on re-import)"),
                )
            )
        elif question.name in names:
            problems.append(
                Problem(
                    path,
                    question.line,
                    _(
                        "duplicate question name %(name)s (first on line %(line)s): "
                        "give each question its own name"
                    )
                    % {"name": repr(question.name), "line": names[question.name]},
                )
            )
        else:
            names[question.name] = question.line
        texts = [question.general_feedback, question.text]
        texts += [choice.feedback for choice in question.choices]
        texts += [answer.feedback for answer in question.numeric]
        for source in CITATION.findall(" ".join(texts)):
            if source not in sources:
                problems.append(
                    Problem(
                        path,
                        question.line,
                        _("unknown source id %(source)s (not in sources.yaml)") % {"source": repr(source)},
                    )
                )
    if quiz is not None and len(parsed) < quiz.draw:
        problems.append(
            Problem(
                path,
                1,
                _("the quiz draws %(draw)s questions but the bank has %(count)s: add questions or lower draw")
                % {"draw": quiz.draw, "count": len(parsed)},
            )
        )
    return parsed, problems


def bank_name(spec: CourseSpec, module: ModuleSpec, language: str) -> str:
    """The question bank a module's GIFT file is imported into (owned by the publisher)."""
    return f"{spec.slug}/{module.slug} ({language})"


QUIZ_TITLES = {"ru": ("Тест по модулю «{}»", "Итоговый экзамен"), "en": ("Module quiz: {}", "Final exam")}


def import_quizzes(
    spec: CourseSpec,
    *,
    organization,
    courses: dict[str, Page],
    module_pages: dict[str, list[Page]],
    summary: ImportSummary,
    publish: bool,
) -> None:
    """The `course_package_import_quizzes` hook: the banks, module quizzes and final exam of a package.

    Runs inside `import_package`'s transaction, after the pages; counts go into `summary`.
    """
    banks = {language: [] for language in LANGUAGES}
    for index, module in enumerate(spec.modules):
        for language in LANGUAGES:
            if language not in module.banks:
                continue
            label, text = module.banks[language]
            report = import_gift(
                source=text,
                path=label,
                bank_name=bank_name(spec, module, language),
                owner=organization.slug,
                organization=organization,
                retire_missing=True,
                as_draft=not publish,  # an editor's import changes questions a live quiz draws only by review
            )
            for key in ("created", "revised", "unchanged", "retired"):
                summary.questions[key] += getattr(report, key)
            bank = QuestionBank.objects.get(name=bank_name(spec, module, language), owner=organization.slug)
            banks[language].append((bank, len(module.questions[language])))
            if module.quiz is not None:
                page = module_pages[language][index]
                title = QUIZ_TITLES[language][0].format(page.title)
                _ensure_assessment(
                    page, title, False, module.quiz, [(bank, module.quiz.draw)], summary, publish=publish
                )
    if spec.final_exam is not None:
        for language in LANGUAGES:
            pool = banks[language]
            if not pool:
                continue
            draw = spec.final_exam.draw
            share, extra = divmod(draw, len(pool))
            rules = []
            for position, (bank, size) in enumerate(pool):
                count = min(size, share + (1 if position < extra else 0))
                if count:
                    rules.append((bank, count))
            _ensure_assessment(
                courses[language],
                QUIZ_TITLES[language][1],
                True,
                spec.final_exam,
                rules,
                summary,
                publish=publish,
            )


def _ensure_assessment(
    page: Page,
    title: str,
    is_final: bool,
    quiz: QuizSpec,
    rules: list,
    summary: ImportSummary,
    *,
    publish: bool,
) -> None:
    """Create the quiz, or bring its rules in line with the package.

    Changing a live quiz's rules without `publish` (an editor's import) makes a draft revision for the
    publisher's review, as an edit in the admin does; trainees keep the live rules until it is published.
    """
    assessment = Assessment.objects.filter(page=page, is_final=is_final).order_by("pk").first()
    wanted = {
        "title": title[:200],
        "pass_mark": quiz.pass_mark,
        "time_limit_minutes": quiz.time_limit_minutes,
        "max_attempts": quiz.max_attempts,
    }
    wanted_rules = [(bank.pk, count) for bank, count in rules]
    draw_rules = [
        DrawRule(bank=bank, count=count, sort_order=order) for order, (bank, count) in enumerate(rules)
    ]
    if assessment is None:
        assessment = Assessment(page=page, is_final=is_final, **wanted)
        assessment.draw_rules = draw_rules
        assessment.save()  # modelcluster saves the draw rules with it
        summary.created.append(f"assessment {title!r}")
        _record_rules(assessment, None)
        return
    current_rules = [(rule.bank_id, rule.count) for rule in assessment.draw_rules.all()]
    fields_differ = any(getattr(assessment, name) != value for name, value in wanted.items())
    if not fields_differ and current_rules == wanted_rules:
        return
    summary.revised.append(f"assessment {title!r}")
    before = assessment.rules()
    for name, value in wanted.items():
        setattr(assessment, name, value)
    if current_rules != wanted_rules:
        assessment.draw_rules = draw_rules
    if assessment.live and not publish:
        assessment.save_revision()  # a draft: the live row is unchanged until a reviewer publishes it
        return
    assessment.save()
    _record_rules(assessment, before)


def _record_rules(assessment: Assessment, before: dict | None) -> None:
    """Audit a created or changed quiz (the same entries as an edit in the admin)."""
    after = assessment.rules()
    if after != before:
        action = "assessment.created" if before is None else "assessment.changed"
        record_assessment(action, assessment, before=before, after=after)
