from django.urls import path, re_path

from . import views

app_name = "certificates"

urlpatterns = [
    path("verify/", views.verify_form, name="verify"),
    path("verify/upload/", views.verify_upload, name="verify_upload"),
    re_path(r"^verify/(?P<code>[^/]{1,100})/$", views.verify_code, name="verify_code"),
    re_path(r"^verify/(?P<code>[^/]{1,100})/pdf/?$", views.verify_pdf, name="verify_pdf"),
    re_path(
        r"^verify/(?P<code>[^/]{1,100})/credential\.json$",
        views.verify_credential_file,
        name="verify_credential",
    ),
    path("credentials/status/<slug:purpose>/<int:number>", views.status_list_view, name="status_list"),
    # Anything else after /verify/ (path tricks, very long text) gets the same 404 as an unknown code.
    re_path(r"^verify/(?P<code>.+)$", views.verify_code, name="verify_any"),
]
