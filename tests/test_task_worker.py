"""The database task backend with a real worker (`db_worker --batch`): what the request enqueues, the worker
does, and the request does not wait for it."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from certificates.models import Certificate
from people.invitations import create_invitation
from tests.assessments.test_exam_signatures import exam_attempt  # noqa: F401 (a fixture)
from tests.assessments.test_views import attempt_url, form_answers
from tests.factories import PASSWORD, MembershipFactory, OrganizationFactory, UserFactory

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def run_worker():
    call_command("db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0)


# The command closes its database connection between rounds, as a long-running process must: a test
# transaction would not survive that on PostgreSQL, so this test commits and the database is flushed after.
@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_the_worker_renders_the_certificate_pdf_after_an_exam_pass(
    client,
    trainee,
    exam_attempt,  # noqa: F811 (the fixture imported above)
    django_capture_on_commit_callbacks,
):
    post = {**form_answers(exam_attempt), "secret": PASSWORD}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(attempt_url(exam_attempt, "submit/"), post)
    assert response.status_code == 302
    certificate = Certificate.objects.get(holder=trainee)
    assert not certificate.pdf  # the request did not render it
    queued = set(DBTaskResult.objects.filter(status="READY").values_list("task_path", flat=True))
    assert {"certificates.tasks.render_certificate", "certificates.tasks.email_certificate"} <= queued
    assert not [m for m in mail.outbox if m.to == [trainee.email]]

    run_worker()
    certificate.refresh_from_db()
    assert certificate.pdf and certificate.pdf.open("rb").read(5) == b"%PDF-"
    assert [m for m in mail.outbox if m.to == [trainee.email] and certificate.code in m.body]
    assert not DBTaskResult.objects.filter(status="READY").exists()
    assert not DBTaskResult.objects.filter(status="FAILED").exists()


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_TASKS)
def test_the_pdf_is_served_before_the_worker_has_run(
    client, trainee, demo_course, django_capture_on_commit_callbacks
):
    from certificates.services import issue_certificate

    with django_capture_on_commit_callbacks(execute=True):
        certificate = issue_certificate(user=trainee, course=demo_course).certificate
    assert not Certificate.objects.get(pk=certificate.pk).pdf
    response = client.get(f"/verify/{certificate.code}/pdf")
    assert response.status_code == 200 and b"".join(response.streaming_content)[:5] == b"%PDF-"


# The command closes its database connection between rounds, as a long-running process must: a test
# transaction would not survive that on PostgreSQL, so this test commits and the database is flushed after.
@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_an_invitation_goes_out_from_the_worker_and_its_token_is_not_stored_in_clear(
    django_capture_on_commit_callbacks,
):
    organization = OrganizationFactory(slug="worker-org")
    admin = MembershipFactory(organization=organization, role="admin", user=UserFactory()).user
    with django_capture_on_commit_callbacks(execute=True):
        _invitation, token = create_invitation(
            organization=organization, email="new@worker.example", role="hr", by=admin
        )
    assert not [m for m in mail.outbox if m.to == ["new@worker.example"]]
    stored = DBTaskResult.objects.get(task_path="people.tasks.send_invitation_email")
    assert token not in str(stored.args_kwargs)
    run_worker()
    [message] = [m for m in mail.outbox if m.to == ["new@worker.example"]]
    assert token in message.body
