from django.urls import path

from . import views

app_name = "employers"

urlpatterns = [
    path("employers/", views.my_employers, name="employers"),
    path("organizations/<slug:slug>/staff/", views.staff, name="staff"),
    path("organizations/<slug:slug>/verify/", views.bulk_verify, name="bulk_verify"),
    path("organizations/<slug:slug>/roles/", views.job_roles, name="job_roles"),
    path("organizations/<slug:slug>/roles/<int:role_id>/", views.job_role_edit, name="job_role_edit"),
    path("organizations/<slug:slug>/matrix/", views.matrix, name="matrix"),
    path("organizations/<slug:slug>/dossier/", views.dossier, name="dossier"),
]
