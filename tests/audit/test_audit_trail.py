"""The audit trail: who did what, append-only, hash-chained; an edited or removed row is found."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from assessments.models import Assessment
from audit.api import record, verify_chain
from audit.models import AppendOnly, AuditEntry
from certificates.services import issue_certificate, reissue_certificate
from people.models import Membership, Organization
from people.tokens import create_token, revoke_token
from tests.assessments.conftest import pass_attempt


def mark() -> int:
    latest = AuditEntry.objects.order_by("-id").first()
    return latest.pk if latest else 0


def since(start: int):
    return AuditEntry.objects.filter(pk__gt=start).order_by("id")


def test_a_trainee_journey_is_attributed_and_chained(trainee, demo_course):
    start = mark()
    pass_attempt(trainee, Assessment.objects.get(title="Тест по модулю «Что такое CAR-T-препарат»"))
    certificate = issue_certificate(user=trainee, course=demo_course).certificate
    admin = get_user_model().objects.get(email="admin@cart-academy.example")
    certificate.revoke(reason="error", by=admin)
    journey = list(since(start))
    print(f"audit entries for a trainee's quiz, certificate and its revocation: {len(journey)}")
    assert [e.action for e in journey] == [
        "attempt.started",
        "attempt.submitted",
        "certificate.issued",
        "certificate.revoked",
    ]
    started, submitted, issued, revoked = journey
    assert started.actor == trainee.email and started.actor_id == trainee.pk
    assert submitted.after["passed"] is True and submitted.after["percent"] == "100.00"
    assert issued.after["code"] == certificate.code and issued.object_id == str(certificate.pk)
    assert revoked.actor == admin.email and revoked.reason == "error"
    assert revoked.before == {"status": "valid"} and revoked.after["status"] == "revoked"
    assert issued.organization_id == demo_course.provider_id  # on the university's own audit screen
    assert verify_chain().ok


def test_an_edited_row_breaks_the_chain_at_that_row(trainee):
    for index in range(3):
        record("test.event", actor=trainee, target=trainee, after={"n": index})
    assert verify_chain().ok
    middle = AuditEntry.objects.filter(action="test.event").order_by("id")[1]
    with connection.cursor() as cursor:  # behind the application's back, as a database user could
        cursor.execute("UPDATE audit_auditentry SET reason = %s WHERE id = %s", ["x", middle.pk])
    check = verify_chain()
    assert not check.ok and check.broken_id == middle.pk and "altered" in check.message
    with pytest.raises(CommandError, match=f"entry #{middle.pk}"):
        call_command("verify_audit_log")


def test_a_removed_row_or_a_cut_tail_is_found(trainee):
    for index in range(3):
        record("test.event", actor=trainee, after={"n": index})
    first, second, third = AuditEntry.objects.filter(action="test.event").order_by("id")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [third.pk])
    assert not verify_chain().ok and "removed" in verify_chain().message
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [first.pk])
    check = verify_chain()
    assert not check.ok and check.broken_id == second.pk


def test_the_application_cannot_change_or_delete_entries(trainee):
    entry = record("test.event", actor=trainee)
    entry.reason = "rewritten"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="rewritten")
    with pytest.raises(AppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).delete()


def test_the_command_says_ok(capsys, trainee):
    record("test.event", actor=trainee)
    call_command("verify_audit_log")
    assert "OK" in capsys.readouterr().out


def test_tokens_memberships_consent_and_reissue_are_recorded(trainee, make_user, demo_course):
    start = mark()
    employer = Organization.objects.get(slug="demo-employer")
    hr = get_user_model().objects.get(email="hr@employer.example")
    token, _plain = create_token(organization=employer, name="HR system", by=hr)
    revoke_token(token=token, by=hr)
    member = make_user(email="new@example.org")
    membership = Membership.objects.create(user=member, organization=employer, role=Membership.HR)
    membership.delete()
    from employers.services import link_employer, withdraw_consent

    link_employer(user=trainee, organization=employer)
    withdraw_consent(user=trainee, organization=employer)
    certificate = issue_certificate(user=trainee, course=demo_course).certificate
    reissue_certificate(certificate=certificate, by=hr)
    assert [entry.action for entry in since(start)] == [
        "token.created",
        "token.revoked",
        "membership.added",
        "membership.removed",
        "consent.given",
        "consent.withdrawn",
        "certificate.issued",
        "certificate.reissued",
    ]
    removed = AuditEntry.objects.filter(action="membership.removed").latest("id")
    assert removed.before == {"user": member.pk, "email": "new@example.org", "role": "hr"}
    assert AuditEntry.objects.filter(action="token.revoked").latest("id").actor == hr.email
    assert verify_chain().ok


def test_a_question_change_keeps_the_key_before_and_after(trainee):
    from tests.assessments.conftest import make_bank

    bank = make_bank("Аудит", kinds=("single",))
    question = bank.questions.get()
    question.revise(data={"choices": [{"text": "CD19", "weight": 0}, {"text": "BCMA", "weight": 1}]})
    entry = AuditEntry.objects.filter(action="question.revised").latest("id")
    assert entry.before["data"]["choices"][0]["weight"] == 1
    assert entry.after["data"]["choices"][0]["weight"] == 0


@pytest.fixture
def admin_client(client, demo_site):
    client.force_login(get_user_model().objects.get(email="admin@cart-academy.example"))
    return client


def test_the_admin_screen_filters_and_exports_and_never_runs_formulas(admin_client, trainee):
    record("test.event", actor=trainee, reason='=HYPERLINK("http://evil.example")')
    record("other.event", actor=trainee)
    page = admin_client.get("/admin/audit/?action=test.event").content.decode()
    assert "test.event" in page and "other.event</code>" not in page
    export = admin_client.get("/admin/audit/?action=test.event&format=csv")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["id", "at", "actor", "action"] and len(rows) == 2
    assert rows[1][10].startswith("'=")


def test_an_organisation_admin_sees_only_their_organisations_events(client, trainee):
    university = Organization.objects.get(slug="demo-university")
    employer = Organization.objects.get(slug="demo-employer")
    record("test.university", actor=trainee, organization=university)
    record("test.employer", actor=trainee, organization=employer)
    client.force_login(get_user_model().objects.get(email="reviewer@university.example"))
    page = client.get("/admin/audit/").content.decode()
    assert "test.university" in page and "test.employer" not in page
    client.force_login(get_user_model().objects.get(email="editor@university.example"))  # not an admin
    assert client.get("/admin/audit/").status_code in (302, 403)


def test_an_employers_administrator_reads_and_exports_their_own_events(client, trainee):
    employer = Organization.objects.get(slug="demo-employer")
    hr = get_user_model().objects.get(email="hr@employer.example")
    token, _plain = create_token(organization=employer, name="ERP", by=hr)
    record("test.elsewhere", actor=trainee, organization=Organization.objects.get(slug="demo-university"))
    client.force_login(hr)
    page = client.get(f"/ru/accounts/organizations/{employer.slug}/audit/").content.decode()
    assert "token.created" in page and "test.elsewhere" not in page
    export = client.get(f"/ru/accounts/organizations/{employer.slug}/audit/?action=token.created&format=csv")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert [row[3] for row in rows[1:]] == ["token.created"] * (len(rows) - 1) and len(rows) >= 2
    assert any(row[5] == str(token.pk) for row in rows[1:])
