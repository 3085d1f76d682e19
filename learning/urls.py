from django.urls import path

from . import views

app_name = "learning"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("courses/<int:page_id>/enrol/", views.enrol_view, name="enrol"),
    path("lessons/<int:page_id>/complete/", views.complete_lesson_view, name="complete_lesson"),
    path("courses/<int:page_id>/retrain/", views.start_retraining_view, name="retrain"),
]
