from django.urls import path

from . import invitation_views, matrix_views, org_views, views

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
    path("organizations/<slug:slug>/audit/", org_views.audit, name="audit"),
    path("organizations/<slug:slug>/tokens/<int:token_id>/revoke/", org_views.revoke, name="revoke_token"),
]

urlpatterns += [
    path("organizations/<slug:slug>/roles/", matrix_views.job_roles, name="job_roles"),
    path("organizations/<slug:slug>/roles/<int:role_id>/", matrix_views.job_role_edit, name="job_role_edit"),
    path("organizations/<slug:slug>/matrix/", matrix_views.matrix, name="matrix"),
    path("organizations/<slug:slug>/invite/", invitation_views.invite, name="invite"),
    path(
        "organizations/<slug:slug>/invitations/<int:invitation_id>/cancel/",
        invitation_views.cancel,
        name="cancel_invitation",
    ),
    path("invitations/<str:token>/", invitation_views.accept, name="accept_invitation"),
]
