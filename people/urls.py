from django.urls import path

from . import org_views, views

app_name = "people"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("employers/", org_views.my_employers, name="employers"),
    path("organizations/<slug:slug>/staff/", org_views.staff, name="staff"),
    path("organizations/<slug:slug>/members/", org_views.members, name="members"),
    path(
        "organizations/<slug:slug>/members/<int:membership_id>/end/",
        org_views.end_membership_view,
        name="end_membership",
    ),
    path("organizations/<slug:slug>/verify/", org_views.bulk_verify, name="bulk_verify"),
    path("organizations/<slug:slug>/tokens/", org_views.tokens, name="tokens"),
    path("organizations/<slug:slug>/tokens/<int:token_id>/revoke/", org_views.revoke, name="revoke_token"),
]
