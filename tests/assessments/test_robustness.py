"""Query counts, arbitrary payloads and concurrent requests against the quiz endpoints."""

import threading

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.models import Assessment, Attempt, DrawRule
from assessments.services import StaleSequence, start_attempt, submit_attempt
from tests.assessments.conftest import make_bank, right_response


def quiz_over(demo_course, bank_size: int) -> Assessment:
    bank = make_bank(f"Банк {bank_size}", size=bank_size)
    quiz = Assessment.objects.create(title=f"Тест {bank_size}", page=demo_course)
    DrawRule.objects.create(assessment=quiz, bank=bank, count=10)
    return quiz


@pytest.mark.django_db
def test_quiz_page_query_count_is_the_same_for_banks_of_10_and_100(client, trainee, demo_course):
    client.force_login(trainee)
    counts = {}
    for size in (10, 100):
        quiz = quiz_over(demo_course, size)
        attempt, _ = start_attempt(user=trainee, assessment=quiz)
        url = f"/ru/attempts/{attempt.pk}/"
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts[size] = len(captured)
    print(f"quiz page: {counts[10]} queries with a bank of 10, {counts[100]} with 100")
    assert counts[10] == counts[100]


answer_values = st.one_of(
    st.text(max_size=30), st.integers(-5, 50).map(str), st.sampled_from(["", "true", "false", "0", "1", "-1"])
)
payloads = st.dictionaries(
    st.one_of(
        st.sampled_from(["sequence", "q1", "q2", "q3", "q4", "q1-slot1", "q2-m0", "q3-present"]),
        st.text(max_size=8),
    ),
    answer_values,
    max_size=8,
)


@pytest.mark.django_db
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=payloads, endpoint=st.sampled_from(["answers/", "submit/"]), as_json=st.booleans())
def test_arbitrary_payloads_get_a_clear_answer_never_a_500(
    client, trainee, every_kind_quiz, payload, endpoint, as_json
):
    client.force_login(trainee)
    attempt, _ = start_attempt(user=trainee, assessment=every_kind_quiz)
    headers = {"HTTP_ACCEPT": "application/json"} if as_json else {}
    response = client.post(f"/ru/attempts/{attempt.pk}/{endpoint}", payload, **headers)
    assert response.status_code in (200, 302, 400, 409), response.status_code
    Attempt.objects.filter(user=trainee).delete()


needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks and concurrent transactions need PostgreSQL"
)


def run_in_threads(count: int, work) -> list:
    results: list = [None] * count
    barrier = threading.Barrier(count)

    def runner(index):
        try:
            barrier.wait()
            results[index] = work()
        except Exception as error:  # noqa: BLE001 - collected and asserted on
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_starts_open_exactly_one_attempt(trainee, every_kind_quiz):
    results = run_in_threads(20, lambda: start_attempt(user=trainee, assessment=every_kind_quiz)[0].pk)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert len(set(results)) == 1
    assert Attempt.objects.filter(user=trainee, status=Attempt.OPEN).count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_starts_in_both_languages_open_one_sitting(trainee, demo_course):
    import itertools

    exams = itertools.cycle(
        [Assessment.objects.get(title="Итоговый экзамен"), Assessment.objects.get(title="Final exam")]
    )
    pick = threading.Lock()

    def start():
        with pick:
            exam = next(exams)
        return start_attempt(user=trainee, assessment=exam)[0].pk

    results = run_in_threads(10, start)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert len(set(results)) == 1
    assert Attempt.objects.filter(user=trainee, status=Attempt.OPEN).count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_ten_concurrent_identical_submits_grade_once(trainee, every_kind_quiz):
    attempt, _ = start_attempt(user=trainee, assessment=every_kind_quiz)
    answers = {
        str(q.position): right_response(q.version) for q in attempt.questions.select_related("version")
    }

    def submit():
        return submit_attempt(
            attempt=Attempt.objects.get(pk=attempt.pk), answers=answers, sequence=0
        ).sequence

    results = run_in_threads(10, submit)
    graded = [r for r in results if not isinstance(r, Exception)]
    stale = [r for r in results if isinstance(r, StaleSequence)]
    assert len(graded) == 1 and len(stale) == 9, results
    attempt.refresh_from_db()
    assert attempt.status == Attempt.SUBMITTED and attempt.percent == 100
