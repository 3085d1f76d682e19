from django.urls import path

from . import invitation_views, org_views, views

app_name = "people"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("two-factor/required/", views.mfa_required, name="mfa_required"),
    path("organizations/<slug:slug>/members/", org_views.members, name="members"),
    path(
        "organizations/<slug:slug>/members/<int:membership_id>/end/",
        org_views.end_membership_view,
        name="end_membership",
    ),
    path("organizations/<slug:slug>/tokens/", org_views.tokens, name="tokens"),
    path("organizations/<slug:slug>/audit/", org_views.audit, name="audit"),
    path("organizations/<slug:slug>/tokens/<int:token_id>/revoke/", org_views.revoke, name="revoke_token"),
]

urlpatterns += [
    path("organizations/<slug:slug>/invite/", invitation_views.invite, name="invite"),
    path(
        "organizations/<slug:slug>/invitations/<int:invitation_id>/cancel/",
        invitation_views.cancel,
        name="cancel_invitation",
    ),
    path("invitations/<str:token>/", invitation_views.accept, name="accept_invitation"),
]
