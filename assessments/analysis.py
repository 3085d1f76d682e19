"""Item analysis of an assessment, computed by the database (aggregates), not by Python loops over rows.

Definitions follow Moodle's quiz statistics:

- facility index: the mean score on a question, as a percentage of its maximum;
- discrimination index: the correlation between the score on a question and the score on the rest of
  the attempt (total minus that question), in percent;
- Cronbach's alpha: k/(k−1) · (1 − Σ item variances / variance of totals), with k the number of questions
  an attempt draws. Where attempts draw different questions from a bank, the item variances are taken
  over the attempts that drew each question, which makes alpha an estimate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.db.models import Avg, Count, FloatField, IntegerField, Q, Sum
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Floor, Least

from .kinds import registry
from .models import Assessment, Attempt, AttemptQuestion


@dataclass
class QuestionStats:
    question_id: int
    name: str
    kind: str
    attempts: int
    facility: float | None
    discrimination: float | None
    options: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class AssessmentStats:
    attempts: int
    pass_rate: float | None
    mean: float | None
    std_dev: float | None
    alpha: float | None
    histogram: list[tuple[int, int]]
    questions: list[QuestionStats]


def _correlation(n, sx, sy, sxx, syy, sxy) -> float | None:
    if not n or n < 2:
        return None
    cov = sxy - sx * sy / n
    vx = sxx - sx * sx / n
    vy = syy - sy * sy / n
    if vx <= 0 or vy <= 0:
        return None
    return cov / math.sqrt(vx * vy)


def sample_variance(n: int, total: float, total_of_squares: float) -> float | None:
    """The sample variance from a count, a sum and a sum of squares; None below two values.

    Computed here rather than by the database: SQLite's sample aggregates fail on a single value.
    """
    if n < 2:
        return None
    return max(0.0, (total_of_squares - total * total / n) / (n - 1))


def item_analysis(assessment: Assessment) -> AssessmentStats:
    finished = Attempt.objects.filter(assessment=assessment).exclude(status=Attempt.OPEN)
    summary = finished.aggregate(
        attempts=Count("id"),
        passed=Count("id", filter=Q(passed=True)),
        mean=Avg(Cast("percent", FloatField())),
        sum_percent=Sum(Cast("percent", FloatField())),
        sum_percent_sq=Sum(Cast("percent", FloatField()) * Cast("percent", FloatField())),
        sum_score=Sum(Cast("score", FloatField())),
        sum_score_sq=Sum(Cast("score", FloatField()) * Cast("score", FloatField())),
        k=Avg(Cast("max_score", FloatField())),
    )
    count = summary["attempts"]
    buckets = dict(
        finished.annotate(
            bucket=Least(Floor(Cast("percent", FloatField()) / 10), 9, output_field=IntegerField())
        )
        .values("bucket")
        .annotate(n=Count("id"))
        .values_list("bucket", "n")
    )
    histogram = [(bucket * 10, buckets.get(bucket, 0)) for bucket in range(10)]

    rows = AttemptQuestion.objects.filter(attempt__in=finished)
    x = Cast("fraction", FloatField())
    rest = Cast("attempt__score", FloatField()) - x
    per_question = (
        rows.values("version__question_id", "version__question__name", "version__kind")
        .annotate(
            n=Count("id"),
            sx=Sum(x),
            sy=Sum(rest),
            sxx=Sum(x * x),
            syy=Sum(rest * rest),
            sxy=Sum(x * rest),
        )
        .order_by("version__question__name")
    )
    option_counts: dict[int, list[tuple[str, int]]] = {}
    picked_kinds = registry.names(lambda kind: kind.counts_picked_option)
    choice = KeyTextTransform("choice", "response")
    for question_id, picked, n in (
        rows.filter(version__kind__in=picked_kinds, response__has_key="choice")
        .annotate(picked=choice)
        .values("version__question_id", "picked")
        .annotate(n=Count("id"))
        .values_list("version__question_id", "picked", "n")
        .order_by("version__question_id", "picked")
    ):
        option_counts.setdefault(question_id, []).append((picked, n))

    questions = []
    variances = []
    for row in per_question:
        corr = _correlation(
            row["n"], row["sx"] or 0, row["sy"] or 0, row["sxx"] or 0, row["syy"] or 0, row["sxy"] or 0
        )
        item_var = sample_variance(row["n"], row["sx"] or 0, row["sxx"] or 0)
        if item_var is not None:
            variances.append(item_var)
        questions.append(
            QuestionStats(
                question_id=row["version__question_id"],
                name=row["version__question__name"],
                kind=row["version__kind"],
                attempts=row["n"],
                facility=100 * row["sx"] / row["n"] if row["n"] else None,
                discrimination=100 * corr if corr is not None else None,
                options=option_counts.get(row["version__question_id"], []),
            )
        )
    k = summary["k"] or 0
    alpha = None
    total_var = sample_variance(count, summary["sum_score"] or 0, summary["sum_score_sq"] or 0)
    percent_var = sample_variance(count, summary["sum_percent"] or 0, summary["sum_percent_sq"] or 0)
    if k > 1 and total_var and variances:
        mean_item_var = sum(variances) / len(variances)
        alpha = (k / (k - 1)) * (1 - (k * mean_item_var) / total_var)
    return AssessmentStats(
        attempts=count,
        pass_rate=100 * summary["passed"] / count if count else None,
        mean=summary["mean"],
        std_dev=math.sqrt(percent_var) if percent_var is not None else None,
        alpha=alpha,
        histogram=histogram,
        questions=questions,
    )
