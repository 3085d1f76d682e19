"""Importing GIFT into a bank: checked before written, written in bulk, every question in the audit trail."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from assessments.importer import ImportProblem, import_gift
from assessments.models import Question, QuestionBank, QuestionVersion
from audit.api import verify_chain
from audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The messages are checked in English (their msgids); Russian ones in test_admin.py."""
    with translation.override("en"):
        yield


def gift(count: int, *, offset: int = 0) -> str:
    return "\n\n".join(
        f"::Q{n}:: Which cells does a CAR-T product {n} start from? {{=T cells ~B cells ~platelets}}"
        for n in range(offset, offset + count)
    )


def writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "BEGIN IMMEDIATE"))
        or "SAVEPOINT" in q["sql"].upper()
    ]


def test_check_only_reads_and_never_writes_or_locks():
    import_gift(source=gift(3), path="a.gift", bank_name="bank")
    with CaptureQueriesContext(connection) as queries:
        report = import_gift(
            source=gift(5), path="a.gift", bank_name="bank", dry_run=True, retire_missing=True
        )
    assert (report.created, report.unchanged, report.retired) == (2, 3, 0)
    assert writes(queries.captured_queries) == []
    assert Question.objects.filter(bank__name="bank").count() == 3


def test_check_only_of_a_new_bank_creates_no_bank():
    report = import_gift(source=gift(4), path="a.gift", bank_name="not yet", dry_run=True)
    assert report.created == 4
    assert not QuestionBank.objects.filter(name="not yet").exists()


@pytest.mark.parametrize("size", [200, 400])
def test_new_questions_are_written_in_bulk(size, django_assert_max_num_queries):
    # Bulk inserts (in batches the database's parameter limit allows), not a dozen queries per question:
    # one per question was 12 × size before.
    with django_assert_max_num_queries(size // 4):
        report = import_gift(source=gift(size), path="a.gift", bank_name=f"bank {size}")
    assert report.created == size
    questions = Question.objects.filter(bank__name=f"bank {size}").select_related("current_version")
    assert questions.count() == size
    assert all(q.current_version.number == 1 and q.current_version.kind == "single" for q in questions)
    assert all(q.live and q.content for q in questions)  # the editor's working copy is there too


def test_each_new_question_has_its_audit_entry_and_the_chain_holds():
    bank_entries = AuditEntry.objects.filter(action="question.revised").count()
    import_gift(source=gift(25), path="a.gift", bank_name="audited")
    assert AuditEntry.objects.filter(action="question.revised").count() == bank_entries + 25
    created = AuditEntry.objects.filter(action="question.revised").order_by("-id")[:25]
    assert {e.after["version"] for e in created} == {1}
    assert verify_chain().ok


def test_reimport_revises_in_place_and_adds_only_what_is_new():
    import_gift(source=gift(3), path="a.gift", bank_name="bank")
    changed = gift(3).replace("~platelets", "~red cells") + "\n\n" + gift(2, offset=3)
    report = import_gift(source=changed, path="a.gift", bank_name="bank")
    assert (report.created, report.revised, report.unchanged) == (2, 3, 0)
    assert QuestionVersion.objects.filter(question__bank__name="bank").count() == 5


def test_a_value_the_database_would_refuse_is_reported_with_its_line_and_nothing_is_written():
    source = gift(2) + "\n\n$CATEGORY: " + "x" * 400 + "\n\n" + gift(1, offset=2)
    before = (Question.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ImportProblem, match=r"a\.gift:7: the category is longer than 300"):
        import_gift(source=source, path="a.gift", bank_name="long")
    assert (Question.objects.count(), AuditEntry.objects.count()) == before
    assert not QuestionBank.objects.filter(name="long").exists()


def test_the_command_refuses_in_the_active_language_with_file_and_line(tmp_path):
    """`import_gift` outside a request: the message is in the active language (Russian unless told)."""
    from django.core.management import CommandError, call_command

    broken = tmp_path / "broken.gift"
    broken.write_text("::Q1::Мишень?{=CD19 ~BCMA}\n\n::Q2::Сломанный {=A ~B\n", encoding="utf-8")
    with translation.override("ru"), pytest.raises(CommandError) as caught:
        call_command("import_gift", str(broken), bank="Команда")
    assert str(caught.value) == f"{broken}:3: блок ответов «{{» не закрыт «}}»"
    with pytest.raises(CommandError) as caught:  # the module's fixture: English
        call_command("import_gift", str(broken), bank="Команда")
    assert str(caught.value) == f"{broken}:3: answer block '{{' is not closed with '}}'"
    assert not QuestionBank.objects.filter(name="Команда").exists()
