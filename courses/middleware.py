"""Admin views Wagtail offers no hook for, held to `courses.permissions` (what a person may see in the admin).

Wagtail checks what an editor may *change*, but some admin views name a page before checking anything (the
explorer and the page chooser show the page they were opened at in their header; "chosen" answers with the
titles of the ids asked for), and some list every organisation's workflows and tasks. For a signed-in
person who is not a superuser this middleware refuses, the way Wagtail refuses (a redirect to the dashboard
with a message):

* the superuser-only screens (`courses.permissions.SUPERUSER_VIEWS` and `SUPERUSER_NAMESPACES`);
* any admin view opened at a page they may not see (its id in the address, or in `?id=` of the page
  chooser's "chosen" answer).
"""

from __future__ import annotations

from wagtail.admin.auth import permission_denied

from .permissions import may_open_admin_view, may_see_pages

# URL keyword arguments that name a page in Wagtail's admin views.
PAGE_KWARGS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id")
PAGE_PK_NAMESPACES = ("wagtailadmin_pages",)  # there `pk` is a page too (revisions compare)
PAGE_ID_QUERY_VIEWS = ("wagtailadmin_choose_page_chosen_multiple",)


class AdminScopeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        user = getattr(request, "user", None)
        if (
            match is None
            or not request.path_info.startswith("/admin/")
            or not user
            or not user.is_authenticated
        ):
            return None
        if not may_open_admin_view(user, match.view_name, match.namespace):
            return permission_denied(request)
        page_ids = [view_kwargs[name] for name in PAGE_KWARGS if name in view_kwargs]
        if match.namespace in PAGE_PK_NAMESPACES and "pk" in view_kwargs:
            page_ids.append(view_kwargs["pk"])
        if match.view_name in PAGE_ID_QUERY_VIEWS:
            page_ids.extend(request.GET.getlist("id"))
        if page_ids and not may_see_pages(user, page_ids):
            return permission_denied(request)
        return None
