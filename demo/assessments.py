"""Demo quizzes for `load_demo`: question banks in Russian and English, a module quiz and a final exam.

Idempotent like the rest of load_demo: banks are re-imported only when their files changed, and
assessments are created only when missing.
"""

from __future__ import annotations

from pathlib import Path

from assessments.importer import import_gift
from assessments.models import Assessment, DrawRule, Question, QuestionBank

DEMO_DIR = Path(__file__).parent / "questions"
SEQUENCE = {
    "ru": {
        "bank": "Демо: введение в CAR-T",
        "name": "Порядок производства",
        "text": "Расположите этапы коммерческого процесса производства тисагенлеклейсела по порядку.",
        "items": [
            "Лейкаферез",
            "Обогащение и активация Т-клеток",
            "Лентивирусная трансдукция",
            "Экспансия",
            "Отмывка и формуляция в криосреде",
            "Криоконсервация",
            "Отгрузка",
        ],
        "feedback": "Лейкаферез → обогащение и активация Т-клеток → лентивирусная трансдукция → экспансия → "
        "отмывка и формуляция в криосреде → криоконсервация → отгрузка, затем инфузия.",
        "module_quiz": "Тест по модулю 1",
        "final_exam": "Итоговый экзамен",
    },
    "en": {
        "bank": "Demo: introduction to CAR-T",
        "name": "Manufacturing order",
        "text": "Put the steps of the commercial tisagenlecleucel manufacturing process in order.",
        "items": [
            "Leukapheresis",
            "Enrichment and activation of T cells",
            "Lentiviral transduction",
            "Expansion",
            "Washing and formulation in cryo-medium",
            "Cryopreservation",
            "Shipment",
        ],
        "feedback": "Leukapheresis → enrichment and activation of T cells → lentiviral transduction → "
        "expansion → washing and formulation in cryo-medium → cryopreservation → shipment, then infusion.",
        "module_quiz": "Module 1 quiz",
        "final_exam": "Final exam",
    },
}


def _ensure_bank(language: str, report) -> QuestionBank:
    content = SEQUENCE[language]
    path = DEMO_DIR / f"questions.{language}.gift"
    result = import_gift(source=path.read_text(encoding="utf-8"), path=str(path), bank_name=content["bank"])
    if result.created or result.revised:
        report.add(f"question bank ({language}): {result.created} new, {result.revised} revised")
    bank = QuestionBank.objects.get(name=content["bank"], owner="")
    if not bank.questions.filter(name=content["name"]).exists():
        question = Question.objects.create(bank=bank, name=content["name"], category="")
        question.revise(
            kind="ordering",
            text=content["text"],
            data={"items": content["items"]},
            general_feedback=content["feedback"] + " [S25]",
            source_reference="S25",
        )
    return bank


def _ensure_assessment(*, page, title: str, bank, count: int, is_final: bool, report, **options) -> None:
    if Assessment.objects.filter(page=page, title=title).exists():
        return
    assessment = Assessment.objects.create(page=page, title=title, is_final=is_final, **options)
    DrawRule.objects.create(assessment=assessment, bank=bank, count=count)
    report.add(f"assessment {title!r}")


def load_assessment_demo(*, course_ru, course_en, report) -> None:
    from courses.models import ModulePage

    for language, course in (("ru", course_ru), ("en", course_en)):
        bank = _ensure_bank(language, report)
        first_module = ModulePage.objects.child_of(course).order_by("path").first()
        content = SEQUENCE[language]
        _ensure_assessment(
            page=first_module,
            title=content["module_quiz"],
            bank=bank,
            count=4,
            is_final=False,
            report=report,
            pass_mark=75,
            review_policy=Assessment.REVIEW_FULL,
        )
        _ensure_assessment(
            page=course,
            title=content["final_exam"],
            bank=bank,
            count=6,
            is_final=True,
            report=report,
            pass_mark=80,
            time_limit_minutes=20,
            max_attempts=3,
            review_policy=Assessment.REVIEW_TOPICS,
        )
