"""Time the item analysis of one assessment over 100 000 generated responses.

Run: .venv/bin/python bench/item_analysis.py  [--responses 100000] [--questions 20]
Uses the settings in DJANGO_SETTINGS_MODULE (default: the dev settings) with a throwaway SQLite database
under var/bench/ unless DATABASE_URL is set; prints the figures, writes nothing elsewhere.
"""

import argparse
import random
import time
from decimal import Decimal

import harness


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--questions", type=int, default=20)
    args = parser.parse_args()

    harness.start("item_analysis")
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from assessments.analysis import item_analysis
    from assessments.models import Assessment, Attempt, AttemptQuestion, DrawRule, Question, QuestionBank
    from courses.models import CoursePage
    from demo.loader import load_demo

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    load_demo(curriculum=False)  # the demo course is enough here
    rng = random.Random(2026)  # noqa: S311 - reproducible test data
    attempts_needed = args.responses // args.questions
    with transaction.atomic():
        bank = QuestionBank.objects.create(name="Bench bank")
        versions = []
        for index in range(args.questions):
            question = Question.objects.create(bank=bank, name=f"Q{index:03d}")
            versions.append(
                question.revise(
                    kind="single",
                    text=f"Question {index}",
                    data={"choices": [{"text": t, "weight": w} for t, w in (("A", 1), ("B", 0), ("C", 0))]},
                )
            )
        quiz = Assessment.objects.create(title="Bench", page=CoursePage.objects.first(), pass_mark=60)
        DrawRule.objects.create(assessment=quiz, bank=bank, count=args.questions)
        User = get_user_model()
        users = User.objects.bulk_create(
            User(email=f"bench{i}@example.org", full_name="Bench User") for i in range(attempts_needed)
        )
        now = timezone.now()
        ability = [rng.random() for _ in users]
        difficulty = [rng.random() * 0.6 for _ in versions]
        attempts, rows = [], []
        for user, skill in zip(users, ability, strict=True):
            fractions = [1 if rng.random() < min(0.98, skill + 0.5 - d) else 0 for d in difficulty]
            total = sum(fractions)
            attempts.append(
                Attempt(
                    assessment=quiz,
                    user=user,
                    seed=0,
                    status=Attempt.SUBMITTED,
                    started_at=now,
                    finished_at=now,
                    score=Decimal(total),
                    max_score=Decimal(len(fractions)),
                    percent=Decimal(round(100 * total / len(fractions), 2)),
                    passed=total / len(fractions) >= 0.6,
                )
            )
            rows.append(fractions)
        Attempt.objects.bulk_create(attempts, batch_size=2000)
        AttemptQuestion.objects.bulk_create(
            (
                AttemptQuestion(
                    attempt=attempt,
                    version=version,
                    position=position + 1,
                    fraction=Decimal(f),
                    response={"choice": 0 if f else rng.choice((1, 2))},
                )
                for attempt, fractions in zip(attempts, rows, strict=True)
                for position, (version, f) in enumerate(zip(versions, fractions, strict=True))
            ),
            batch_size=5000,
        )
    generated = time.perf_counter() - started
    responses = AttemptQuestion.objects.filter(attempt__assessment=quiz).count()

    timings = []
    for _ in range(3):
        t0 = time.perf_counter()
        stats = item_analysis(quiz)
        timings.append(time.perf_counter() - t0)
    print(f"database: {connection.vendor}")
    print(f"responses: {responses} ({len(attempts)} attempts × {args.questions} questions)", end=" ")
    print(f"generated in {generated:.1f} s")
    best, median = min(timings) * 1000, sorted(timings)[1] * 1000
    print(f"item analysis: best {best:.0f} ms, median {median:.0f} ms of 3 runs")
    print(
        f"attempts {stats.attempts}, pass rate {stats.pass_rate:.1f}%, mean {stats.mean:.1f}%, "
        f"sd {stats.std_dev:.1f}, alpha {stats.alpha:.3f}"
    )


if __name__ == "__main__":
    main()
