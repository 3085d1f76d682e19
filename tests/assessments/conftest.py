import pytest

from assessments.models import Assessment, DrawRule, Question, QuestionBank
from tests.factories import PASSWORD

ALL_KINDS = {
    "single": {
        "text": "Мишень Kymriah?",
        "data": {
            "choices": [
                {"text": "CD19", "weight": 1, "feedback": "FEEDBACK-RIGHT"},
                {"text": "BCMA", "weight": 0, "feedback": "FEEDBACK-WRONG"},
            ]
        },
    },
    "multiple": {
        "text": "Какие против BCMA?",
        "data": {
            "choices": [
                {"text": "Abecma", "weight": 0.5, "feedback": ""},
                {"text": "Carvykti", "weight": 0.5, "feedback": ""},
                {"text": "Kymriah", "weight": -1, "feedback": ""},
            ]
        },
    },
    "truefalse": {
        "text": "Все одобренные препараты аутологичные.",
        "data": {"answer": True, "feedback_true": "TF-RIGHT", "feedback_false": "TF-WRONG"},
    },
    "short": {
        "text": "Как сокращённо называется категория ЕАЭС?",
        "data": {"answers": [{"text": "SECRETSHORT", "weight": 1, "feedback": ""}]},
    },
    "numeric": {
        "text": "Год первого одобрения?",
        "data": {
            "answers": [
                {"value": 4242, "tolerance": 0, "low": None, "high": None, "weight": 1, "feedback": ""}
            ]
        },
    },
    "ordering": {
        "text": "Порядок этапов",
        "data": {"items": ["Лейкаферез", "Активация", "Трансдукция", "Экспансия"]},
    },
    "matching": {
        "text": "Сопоставьте",
        "data": {
            "pairs": [
                {"left": "Kymriah", "right": "CD19"},
                {"left": "Abecma", "right": "BCMA"},
                {"left": "", "right": "CD22"},
            ]
        },
    },
    "missing_word": {
        "text": "Kymriah использует",
        "data": {
            "choices": [{"text": "лентивирусный", "weight": 1}, {"text": "невирусный", "weight": 0}],
            "text_after": "вектор.",
        },
    },
}


def make_bank(name: str, *, size: int = 0, kinds=tuple(ALL_KINDS)) -> QuestionBank:
    """A bank with one question of each kind in `kinds`, then single-choice questions up to `size`."""
    bank = QuestionBank.objects.create(name=name)
    for kind in kinds:
        question = Question.objects.create(bank=bank, name=f"{kind}", category=f"Тема/{kind}")
        question.revise(kind=kind, general_feedback=f"GENERAL-{kind}", **ALL_KINDS[kind])
    for index in range(len(kinds), size):
        question = Question.objects.create(bank=bank, name=f"extra {index}", category="Тема/extra")
        question.revise(kind="single", **ALL_KINDS["single"])
    return bank


@pytest.fixture
def every_kind_quiz(demo_course):
    bank = make_bank("Все типы")
    quiz = Assessment.objects.create(
        title="Все типы вопросов", page=demo_course, pass_mark=50, review_policy=Assessment.REVIEW_FULL
    )
    DrawRule.objects.create(assessment=quiz, bank=bank, count=len(ALL_KINDS))
    return quiz


def right_response(version) -> dict:
    """The full-marks response to a question version (for tests that need to pass a quiz)."""
    kind, data = version.kind, version.data
    if kind in ("single", "missing_word"):
        return {"choice": max(range(len(data["choices"])), key=lambda i: data["choices"][i]["weight"])}
    if kind == "multiple":
        return {"choices": [i for i, c in enumerate(data["choices"]) if c["weight"] > 0]}
    if kind == "truefalse":
        return {"value": data["answer"]}
    if kind == "short":
        return {"text": max(data["answers"], key=lambda a: a["weight"])["text"]}
    if kind == "numeric":
        best = max(data["answers"], key=lambda a: a["weight"])
        return {"value": str(best["value"] if best["value"] is not None else best["low"])}
    if kind == "ordering":
        return {"order": list(range(len(data["items"])))}
    rights = list(dict.fromkeys(pair["right"] for pair in data["pairs"]))
    return {"matches": {str(i): rights.index(p["right"]) for i, p in enumerate(data["pairs"]) if p["left"]}}


def pass_attempt(user, assessment, now=None, secret=PASSWORD):
    """Start and pass an attempt; a final exam is signed with `secret` (the factories' password)."""
    from assessments.services import start_attempt, submit_attempt

    attempt, _ = start_attempt(user=user, assessment=assessment, now=now)
    answers = {
        str(q.position): right_response(q.version) for q in attempt.questions.select_related("version")
    }
    return submit_attempt(attempt=attempt, answers=answers, sequence=attempt.sequence, now=now, secret=secret)


def token(question, index: int) -> str:
    """The value the quiz form carries for the option at `index` in the author's list (its random token)."""
    return question.option_tokens[question.option_order.index(index)]
