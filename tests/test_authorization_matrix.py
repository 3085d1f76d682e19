"""Who may open what: every view and API endpoint of the project × every kind of user, exact answers.

The routes are collected from the URL configuration, so a new endpoint without a rule here fails
`test_every_route_has_a_rule`. Each cell runs in a savepoint that is rolled back, so POSTs that change
things (revoking a token, ending a membership, accepting an invitation) do not affect the next cell.

Actors: anonymous; trainee A (shares her records with the demo employer); trainee B (shares nothing);
editor and reviewer of university U (the demo university); editor of university V; HR of the demo
employer (A consented); HR of another employer (nobody consented); the platform's staff administrator.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django.utils.http import urlencode

from assessments.models import Assessment, Question, QuestionBank
from certificates.models import Certificate
from courses.models import CoursePage, LessonPage
from employers.models import EmployerJobRole
from learning.services import enrol
from people.invitations import create_invitation
from people.models import Invitation, Membership, Organization
from people.tokens import create_token
from tests.factories import with_totp

ACTORS = ("anon", "trainee_a", "trainee_b", "editor_u", "reviewer_u", "editor_v", "hr", "hr_other", "admin")
# Third-party routes we do not own: Django's and Wagtail's admin, allauth, static and media serving.
OWN_MODULES = (
    "base.",
    "audit.",
    "people.",
    "courses.",
    "assessments.",
    "certificates.",
    "learning.",
    "employers.",
    "ninja.",
    "functools",
)
LOGIN = 302  # anonymous visitors are sent to sign in


def _walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            yield from _walk(pattern.url_patterns, f"{namespace}:{inner}".strip(":") if inner else namespace)
        elif isinstance(pattern, URLPattern):
            module = getattr(pattern.callback, "__module__", "") or ""
            if module.startswith(OWN_MODULES) and pattern.name:
                yield f"{namespace}:{pattern.name}".strip(":")


def project_routes() -> set[str]:
    return set(_walk(get_resolver().url_patterns))


def everyone(status):
    return dict.fromkeys(ACTORS, status)


def signed_in(status, anon=LOGIN):
    return {**everyone(status), "anon": anon}


def only(allowed: dict, others=403, anon=LOGIN):
    return {**everyone(others), "anon": anon, **allowed}


@pytest.fixture
def world(demo_site, make_user):
    User = get_user_model()
    u = Organization.objects.get(slug="demo-university")
    v = Organization.objects.create(
        kind="university", slug="university-v", name_ru="Вуз V", name_en="University V"
    )
    other = Organization.objects.create(
        kind="employer", slug="other-employer", name_ru="Другой", name_en="Other"
    )
    people = {
        "trainee_a": User.objects.get(email="trainee@cart-academy.example"),
        "trainee_b": make_user(email="b@example.org"),
        "editor_u": User.objects.get(email="editor@university.example"),
        "reviewer_u": User.objects.get(email="reviewer@university.example"),
        "editor_v": make_user(email="editor-v@example.org"),
        "hr": User.objects.get(email="hr@employer.example"),
        "hr_other": make_user(email="hr-other@example.org"),
        "admin": User.objects.get(email="admin@cart-academy.example"),
    }
    Membership.objects.create(user=people["editor_v"], organization=v, role=Membership.EDITOR)
    Membership.objects.create(user=people["hr_other"], organization=other, role=Membership.HR)
    Membership.objects.create(user=people["hr_other"], organization=other, role=Membership.ADMIN)
    # Privileged people have two-factor on, as the admin and organisation screens require (the demo
    # accounts have it from load_demo; tests/people/test_mfa_required.py covers those without it).
    with_totp(people["editor_v"])
    with_totp(people["hr_other"])
    employer = Organization.objects.get(slug="demo-employer")
    token, _secret = create_token(organization=employer, name="ERP")
    invitation, invitation_token = create_invitation(
        organization=employer, email="b@example.org", role=Invitation.STAFF, by=people["hr"]
    )
    course = CoursePage.objects.get(locale__language_code="ru", slug="vvedenie-v-car-t")
    lessons = list(LessonPage.objects.descendant_of(course).live().order_by("path"))
    assessment = Assessment.objects.filter(page__locale__language_code="ru", is_final=False).first()
    enrol(user=people["trainee_a"], course=course)
    certificate = Certificate.objects.filter(holder=people["trainee_a"]).order_by("-issued_at").first()
    bank_u = QuestionBank.objects.create(name="Банк U", owner=u.slug, organization=u)
    question_u = Question.objects.create(bank=bank_u, name="Вопрос U")
    # Draft changes of a quiz's rules and of a question, for the review routes.
    revision = assessment.save_revision()
    question_revision = question_u.save_revision()
    return {
        "people": people,
        "slug": employer.slug,
        "token_id": token.pk,
        "invitation_id": invitation.pk,
        "invitation_token": invitation_token,
        "membership_id": Membership.objects.get(
            user=people["hr"], organization=employer, role=Membership.HR
        ).pk,
        "role_id": EmployerJobRole.objects.filter(organization=employer).first().pk,
        "course": course,
        "lesson": lessons[1],
        "assessment": assessment,
        "certificate": certificate,
        "bank_u": bank_u,
        "assessment_revision": revision.pk,
        "question_u_revision": question_revision.pk,
        "question_u": question_u,
        "bank_v": QuestionBank.objects.create(name="Банк V", owner=v.slug, organization=v),
    }


def rules(w) -> dict[str, list[tuple[str, str, dict]]]:
    """Route name → [(method, url, {actor: status})]."""
    org = f"/ru/accounts/organizations/{w['slug']}"
    code = w["certificate"].code
    dossier_query = urlencode(
        {
            "course": str(w["course"].translation_key),
            "version": w["course"].version_label,
            "date": timezone.localdate().isoformat(),
        }
    )
    hr_only = only({"hr": 200})
    # The Wagtail admin sends people without admin access to sign in, and turns a refusal into a redirect
    # to its dashboard with a message: both are 302.
    admin_only = {**everyone(302), "admin": 200}
    hr_post = only({"hr": 302})
    members_u = {**everyone(302), "editor_u": 200, "reviewer_u": 200, "admin": 200}
    members_u_404 = {**everyone(302), "editor_u": 404, "reviewer_u": 404, "admin": 404}
    publishers = {**everyone(302), "reviewer_u": 200, "admin": 200}
    api_401 = everyone(401)  # the API takes tokens, never sessions
    return {
        "root": [("get", "/", everyone(302))],
        "admin_login_redirect": [("get", "/admin/login/", everyone(302))],
        "people:profile": [("get", "/ru/accounts/profile/", signed_in(200))],
        # The two-factor enrolment page: shown to those without an authenticator app (the trainees); those
        # with one are sent on to where they were going (or allauth's two-factor page).
        "people:mfa_required": [
            (
                "get",
                "/ru/accounts/two-factor/required/",
                {**signed_in(302), "trainee_a": 200, "trainee_b": 200},
            )
        ],
        "employers:employers": [("get", "/ru/accounts/employers/", signed_in(200))],
        "employers:staff": [("get", f"{org}/staff/", hr_only)],
        "people:members": [("get", f"{org}/members/", hr_only)],  # the demo HR user is also its administrator
        "people:end_membership": [("post", f"{org}/members/{w['membership_id']}/end/", hr_post)],
        "employers:bulk_verify": [("get", f"{org}/verify/", hr_only)],
        "people:tokens": [("get", f"{org}/tokens/", hr_only)],
        "people:revoke_token": [("post", f"{org}/tokens/{w['token_id']}/revoke/", hr_post)],
        "employers:job_roles": [("get", f"{org}/roles/", hr_only)],
        "employers:job_role_edit": [("get", f"{org}/roles/{w['role_id']}/", hr_only)],
        "employers:matrix": [
            ("get", f"{org}/matrix/", hr_only),
            ("get", f"{org}/matrix/?format=pdf", hr_only),
        ],
        # The inspector dossier: an employer's HR and administrators (its consenting staff); a publisher's
        # administrators and reviewers (its own courses). Editors, staff and other organisations are refused.
        "employers:dossier": [
            ("get", f"{org}/dossier/", hr_only),
            ("get", f"{org}/dossier/?{dossier_query}&format=json", hr_only),
            ("get", f"{org}/dossier/?{dossier_query}&format=pdf", hr_only),
            ("get", f"{org}/dossier/?{dossier_query}&format=jws", hr_only),
            ("get", "/ru/accounts/organizations/demo-university/dossier/", only({"reviewer_u": 200})),
            (
                "get",
                f"/ru/accounts/organizations/demo-university/dossier/?{dossier_query}&format=json",
                only({"reviewer_u": 200}),
            ),
            ("get", "/ru/accounts/organizations/university-v/dossier/", only({})),
        ],
        "people:invite": [("get", f"{org}/invite/", hr_only)],
        "people:cancel_invitation": [("post", f"{org}/invitations/{w['invitation_id']}/cancel/", hr_post)],
        "people:accept_invitation": [
            ("get", f"/ru/accounts/invitations/{w['invitation_token']}/", everyone(200)),
            # Only the invited address may accept; anyone else is told so.
            ("post", f"/ru/accounts/invitations/{w['invitation_token']}/", only({"trainee_b": 302})),
            ("get", "/ru/accounts/invitations/not-a-token/", everyone(410)),
        ],
        "courses:catalog": [("get", "/ru/catalog/", everyone(302))],
        "learning:dashboard": [("get", "/ru/dashboard/", signed_in(200))],
        "courses:search": [("get", "/ru/search/?q=CAR-T", everyone(200))],
        "learning:enrol": [("post", f"/ru/courses/{w['course'].pk}/enrol/", signed_in(302))],
        "learning:retrain": [("post", f"/ru/courses/{w['course'].pk}/retrain/", signed_in(302))],
        # Trainee A is enrolled in the demo course (she holds its certificates); the others are not.
        "learning:complete_lesson": [
            ("post", f"/ru/lessons/{w['lesson'].pk}/complete/", {**signed_in(403), "trainee_a": 302})
        ],
        "assessments:detail": [("get", f"/ru/assessments/{w['assessment'].pk}/", signed_in(200))],
        # Starting redirects: to the attempt (enrolled) or back to the quiz with the reason (not enrolled).
        "assessments:start": [("post", f"/ru/assessments/{w['assessment'].pk}/start/", signed_in(302))],
        "assessments:attempt": [("get", "/ru/attempts/999999/", signed_in(404))],
        "assessments:autosave": [("post", "/ru/attempts/999999/answers/", signed_in(404))],
        "assessments:submit": [("post", "/ru/attempts/999999/submit/", signed_in(404))],
        "assessments:result": [("get", "/ru/attempts/999999/result/", signed_in(404))],
        "jwks": [("get", "/.well-known/jwks.json", everyone(200))],
        "did": [("get", "/.well-known/did.json", everyone(200))],
        "certificates:verify_credential": [("get", f"/verify/{code}/credential.json", everyone(200))],
        "certificates:status_list": [
            ("get", "/credentials/status/revocation/1", everyone(200)),
            ("get", "/credentials/status/revocation/999", everyone(404)),
        ],
        "certificates:verify": [("get", "/verify/", everyone(200))],
        "certificates:verify_code": [("get", f"/verify/{code}/", everyone(200))],
        "certificates:verify_pdf": [("get", f"/verify/{code}/pdf", everyone(200))],
        "certificates:verify_any": [("get", "/verify/not-a-code", everyone(404))],
        # Public; a POST without a file is answered "choose a file" (400), with nothing stored.
        "certificates:verify_upload": [
            ("get", "/verify/upload/", everyone(200)),
            ("post", "/verify/upload/", everyone(400)),
        ],
        "pdf_signing_certificates": [("get", "/.well-known/pdf-signing-certificates.pem", everyone(200))],
        "api-v1:openapi-json": [("get", "/api/v1/openapi.json", everyone(200))],
        "api-v1:api-root": [("get", "/api/v1/", everyone(404))],
        "api-v1:verify_certificates": [("post", "/api/v1/certificates/verify", api_401)],
        "api-v1:staff": [("get", "/api/v1/staff", api_401)],
        "api-v1:dossier": [("get", f"/api/v1/dossier?{dossier_query}", api_401)],
        "api-v1:get_certificate": [("get", f"/api/v1/certificates/{code}", everyone(200))],
        "assessments_admin:analysis": [
            (
                "get",
                f"/admin/assessments/{w['assessment'].pk}/analysis/",
                {**everyone(302), "editor_u": 200, "reviewer_u": 200, "editor_v": 404, "admin": 200},
            )
        ],
        "assessments_admin:gift_upload": [
            (
                "get",
                "/admin/assessments/import-gift/",
                {**everyone(302), "editor_u": 200, "reviewer_u": 200, "editor_v": 200, "admin": 200},
            )
        ],
        # Members of any publisher may upload packages (into their own space only; see test_package_upload).
        "courses_admin:package_upload": [
            (
                "get",
                "/admin/course-packages/import/",
                {**everyone(302), "editor_u": 200, "reviewer_u": 200, "editor_v": 200, "admin": 200},
            )
        ],
        "certificates_admin:list": [("get", "/admin/certificates/", admin_only)],
        # The audit trail: the platform's staff see all of it, an organisation's administrators their own
        # organisation's part (the university's reviewer is its administrator; employer HR has no admin).
        "audit_log": [("get", "/admin/audit/", {**everyone(302), "admin": 200, "reviewer_u": 200})],
        # An organisation's own audit page: its administrators only (HR of the demo employer is one).
        "people:audit": [("get", f"{org}/audit/", only({"hr": 200}))],
        "certificates_admin:detail": [("get", f"/admin/certificates/{w['certificate'].pk}/", admin_only)],
        # Revoking, reissuing and regenerating redirect everyone: staff to the result, others away.
        "certificates_admin:revoke": [
            ("post", f"/admin/certificates/{w['certificate'].pk}/revoke/", everyone(302))
        ],
        "certificates_admin:reissue": [
            ("post", f"/admin/certificates/{w['certificate'].pk}/reissue/", everyone(302))
        ],
        "certificates_admin:regenerate": [
            ("post", f"/admin/certificates/{w['certificate'].pk}/regenerate/", everyone(302))
        ],
        # Question banks in the Wagtail admin: each publisher sees and edits only its own.
        "wagtail:bank_u_edit": [
            (
                "get",
                f"/admin/snippets/assessments/questionbank/edit/{w['bank_u'].pk}/",
                {**everyone(302), "editor_u": 200, "reviewer_u": 200, "editor_v": 302, "admin": 200},
            )
        ],
        "wagtail:bank_v_edit": [
            (
                "get",
                f"/admin/snippets/assessments/questionbank/edit/{w['bank_v'].pk}/",
                {**everyone(302), "editor_u": 302, "reviewer_u": 302, "editor_v": 200, "admin": 200},
            )
        ],
        **{
            f"wagtailsnippetchoosers_assessments_{model}:{view}": [
                (
                    "get",
                    f"/admin/snippets/choose/assessments/{model}/"
                    + ("results/" if view == "choose_results" else ""),
                    {**everyone(302), "editor_u": 200, "reviewer_u": 200, "editor_v": 200, "admin": 200},
                )
            ]
            for model in ("questionbank", "question", "assessment")
            for view in ("choose", "choose_results")
        },
        # Every snippet view of one object, for an object of university U: its members 200, others refused.
        **{
            f"wagtailsnippets_assessments_{model}:{view}": [
                (
                    "get",
                    snippet_url(model, view, w[key].pk),
                    {
                        **everyone(302),
                        "editor_u": 302 if view == "delete" else 200,
                        "reviewer_u": 302 if view == "delete" else 200,
                        "admin": 200,
                    },
                )
            ]
            for model, key in (
                ("questionbank", "bank_u"),
                ("question", "question_u"),
                ("assessment", "assessment"),
            )
            for view in ("edit", "copy", "delete", "history", "history_results", "usage")
        },
        "wagtailsnippets_assessments_question:preview_on_edit": [
            (
                "get",
                f"/admin/snippets/assessments/question/preview/{w['question_u'].pk}/",
                {**everyone(302), "editor_u": 200, "reviewer_u": 200, "admin": 200},
            )
        ],
        **{
            f"wagtailsnippetchoosers_assessments_{model}:chosen": [
                (
                    "get",
                    f"/admin/snippets/choose/assessments/{model}/chosen/{w[key].pk}/",
                    {**everyone(302), "editor_u": 200, "reviewer_u": 200, "editor_v": 404, "admin": 200},
                )
            ]
            for model, key in (
                ("questionbank", "bank_u"),
                ("question", "question_u"),
                ("assessment", "assessment"),
            )
        },
        # The review of a quiz's rules and questions (drafts, workflow, revisions): scoped like their
        # other views; only
        # reviewers (and staff) may unpublish or unschedule; a task or workflow state that does not
        # exist is a 404 for those who may see the quiz, and the same refusal as ever for the others.
        **{
            f"wagtailsnippets_assessments_{model}:{view}": [
                (
                    "get",
                    f"/admin/snippets/assessments/{model}/"
                    + tail.format(pk=w[key].pk, rev=w[f"{key}_revision"]),
                    expected,
                )
            ]
            for model, key in (("assessment", "assessment"), ("question", "question_u"))
            for view, tail, expected in (
                ("unpublish", "unpublish/{pk}/", publishers),
                ("workflow_history", "workflow_history/{pk}/", members_u),
                ("workflow_history_detail", "workflow_history/{pk}/detail/999999/", members_u_404),
                ("revisions_compare", "history/{pk}/revisions/compare/earliest...{rev}/", members_u),
                ("revisions_unschedule", "history/{pk}/revisions/{rev}/unschedule/", publishers),
                ("workflow_action", "workflow/action/{pk}/approve/999999/", members_u_404),
                (
                    "collect_workflow_action_data",
                    "workflow/collect_action_data/{pk}/approve/999999/",
                    members_u_404,
                ),
                ("confirm_workflow_cancellation", "workflow/confirm_cancellation/{pk}/", members_u),
            )
        },
        # A question (it has a preview) also shows a revision and a workflow task's preview.
        "wagtailsnippets_assessments_question:revisions_view": [
            (
                "get",
                f"/admin/snippets/assessments/question/history/{w['question_u'].pk}/revisions/"
                f"{w['question_u_revision']}/view/",
                members_u,
            )
        ],
        "wagtailsnippets_assessments_question:workflow_preview": [
            (
                "get",
                f"/admin/snippets/assessments/question/workflow/preview/{w['question_u'].pk}/999999/",
                members_u_404,
            )
        ],
        "wagtail:course_edit": [
            (
                "get",
                f"/admin/pages/{w['course'].pk}/edit/",
                {**everyone(302), "editor_u": 200, "reviewer_u": 200, "editor_v": 302, "admin": 200},
            )
        ],
    }


def snippet_url(model: str, view: str, pk: int) -> str:
    if view == "history_results":
        return f"/admin/snippets/assessments/{model}/history-results/{pk}/"
    return f"/admin/snippets/assessments/{model}/{view}/{pk}/"


def _request(client, method, url):
    if method == "get":
        return client.get(url)
    return client.post(url, {"reason": "error", "note": "test"})


@pytest.mark.django_db
def test_every_route_has_a_rule(world):
    missing = project_routes() - set(rules(world))
    assert not missing, f"routes without an authorization rule: {sorted(missing)}"


#: The matrix runs in this many parts, each a test of its own (the routes in turn, sorted by name), so that
#: pytest-xdist's workers share it instead of one worker running the whole table while the others wait.
PARTS = 6


@pytest.mark.django_db
@pytest.mark.parametrize("part", range(PARTS))
def test_authorization_matrix(client, world, part):
    table = rules(world)
    wrong = []
    for route in sorted(table)[part::PARTS]:
        cells = table[route]
        for method, url, expected in cells:
            assert set(expected) == set(ACTORS), route
            for actor in ACTORS:
                cache.clear()  # rate limits would turn later cells into 429s
                client.logout()
                if actor != "anon":
                    client.force_login(world["people"][actor])
                with transaction.atomic():
                    status = _request(client, method, url).status_code
                    transaction.set_rollback(True)
                if status != expected[actor]:
                    wrong.append(
                        f"{route} {method.upper()} {url} as {actor}: {status}, expected {expected[actor]}"
                    )
    assert not wrong, "\n".join(wrong)
