from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from assessments.api import RESULT_CONTEXT_HOOK
from learning.api import DASHBOARD_CONTEXT_HOOK

from . import admin_views
from .services import certificates_for_holder, earned_certificate
from .sharing import share

urlpatterns = [
    path("", admin_views.certificate_list, name="list"),
    path("<int:pk>/", admin_views.certificate_detail, name="detail"),
    path("<int:pk>/revoke/", admin_views.revoke, name="revoke"),
    path("<int:pk>/reissue/", admin_views.reissue, name="reissue"),
    path("<int:pk>/regenerate/", admin_views.regenerate, name="regenerate"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("certificates/", include((urlpatterns, "certificates_admin"), namespace="certificates_admin"))
    ]


class CertificatesMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("certificates.view_certificate")


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return CertificatesMenuItem(
        _("Certificates"), reverse("certificates_admin:list"), icon_name="doc-full", order=620
    )


@hooks.register(DASHBOARD_CONTEXT_HOOK)
def holder_certificates(*, request, context: dict) -> dict:
    """The trainee's certificates on their learning dashboard, and those due for renewal."""
    held = certificates_for_holder(user=request.user)
    return {"my_certificates": held, "renewals": [item for item in held if item.renewal_due]}


@hooks.register(RESULT_CONTEXT_HOOK, order=10)  # after learning's, which says whether the course is complete
def certificate_moment(*, request, attempt, context: dict) -> dict:
    """A pass that completed the course: the certificate with its actions, or, honestly, why it is not there
    yet (issuance waits for the holder's name; the PDF and email follow in the background)."""
    course = context.get("journey_course")
    if not attempt.passed or course is None or not context.get("course_complete"):
        return {}
    certificate = earned_certificate(user=request.user, course=course)
    if certificate is not None:
        return {"certificate_moment": share(certificate)}
    return {"certificate_pending": "needs_name" if not request.user.full_name.strip() else "preparing"}
