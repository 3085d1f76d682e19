from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import audit_log, may_see_audit


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("audit/", audit_log, name="audit_log")]


class AuditMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_audit(request.user)


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return AuditMenuItem(_("Audit trail"), reverse("audit_log"), icon_name="history", order=630)
