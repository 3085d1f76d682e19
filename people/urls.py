from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
]
